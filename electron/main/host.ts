/**
 * What only the desktop shell provides to the backend: the OS's secret storage for registry
 * passwords (safeStorage: Keychain, DPAPI, libsecret) and a native folder picker.
 */
import { app, BrowserWindow, dialog, safeStorage } from 'electron';
import { join } from 'node:path';
import type { HostIntegration } from '../backend/backend';
import { EncryptedFileSecretStore, MemorySecretStore } from '../backend/secrets/secret-store';

export function electronHost(): HostIntegration {
  // Without a usable keyring (e.g. Linux with no secret service) nothing is written to disk at all.
  const secrets = safeStorage.isEncryptionAvailable()
    ? new EncryptedFileSecretStore(join(app.getPath('userData'), 'registry-credentials.bin'), {
        encrypt: (plain) => safeStorage.encryptString(plain),
        decrypt: (sealed) => safeStorage.decryptString(sealed),
      })
    : new MemorySecretStore();
  return {
    secrets,
    pickFolder: async () => {
      const parent = BrowserWindow.getFocusedWindow();
      const options = { title: 'Choose the build context folder', properties: ['openDirectory' as const] };
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}
