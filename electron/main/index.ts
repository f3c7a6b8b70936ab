/**
 * Electron's main process: thin. It builds the same Backend as browser mode, binds it to IPC, and
 * owns app lifecycle and the window. Everything that can be tested without a display lives in
 * electron/backend.
 */
import { app, BrowserWindow } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Backend } from '../backend/backend';
import { bindIpc } from './ipc';
import { electronHost } from './host';
import { SettingsStore } from '../backend/settings/settings-store';
import { hardenSession, installGlobalGuards, registerRendererScheme, serveRenderer } from './security';
import { createMainWindow, preloadPathFrom } from './window';

const mainDir = dirname(fileURLToPath(import.meta.url));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerRendererScheme();
  installGlobalGuards();

  let backend: Backend | null = null;
  let window: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  void app.whenReady().then(async () => {
    hardenSession();
    serveRenderer(join(mainDir, '../renderer'));
    const settings = await SettingsStore.open(app.getPath('userData'));
    // Built once the app is ready: the OS's secret storage is available only from then on.
    const running = new Backend({ engineHost: process.env.BERTH_ENGINE_HOST ?? null, host: electronHost(), settings });
    backend = running;
    const ipc = bindIpc(running.router, running.log);
    running.start();
    const open = (): void => {
      window = createMainWindow(preloadPathFrom(mainDir));
      ipc.attach(window.webContents);
      window.on('closed', () => {
        window = null;
      });
    };
    open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
    app.on('before-quit', () => {
      ipc.dispose();
      backend?.stop();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
