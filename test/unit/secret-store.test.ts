import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncryptedFileSecretStore, type Cipher } from '../../electron/backend/secrets/secret-store';

/**
 * Electron's safeStorage cannot run here; a real AES-GCM cipher with a random key stands in for
 * it, so what is under test is the store: sealed on disk, atomic, serialised.
 */
function aesCipher(): Cipher {
  const key = randomBytes(32);
  return {
    encrypt: (plain) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt: (sealed) => {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('EncryptedFileSecretStore', () => {
  it('never writes a secret in plain text, and reads it back in a new store', async () => {
    const cipher = aesCipher();
    const path = join(dir, 'sub', 'creds.bin');
    const store = new EncryptedFileSecretStore(path, cipher);
    await store.set('registry:example.com', JSON.stringify({ username: 'alice', password: 'hunter2-very-secret' }));
    const raw = await readFile(path);
    expect(raw.toString('latin1')).not.toContain('hunter2');
    expect(raw.toString('latin1')).not.toContain('alice');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const again = new EncryptedFileSecretStore(path, cipher);
    expect(JSON.parse((await again.get('registry:example.com'))!)).toEqual({ username: 'alice', password: 'hunter2-very-secret' });
    expect(await again.keys()).toEqual(['registry:example.com']);
  });

  it('serialises concurrent changes: none is lost, no temp file stays behind', async () => {
    const path = join(dir, 'creds.bin');
    const store = new EncryptedFileSecretStore(path, aesCipher());
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.set(`k${i}`, `v${i}`)));
    await store.delete('k3');
    const keys = await new EncryptedFileSecretStore(path, (store as unknown as { cipher: Cipher }).cipher).keys();
    expect(keys.sort()).toEqual(Array.from({ length: 25 }, (_, i) => `k${i}`).filter((k) => k !== 'k3').sort());
    expect(await readdir(dir)).toEqual(['creds.bin']);
  });

  it('refuses a file sealed with another key instead of silently replacing it', async () => {
    const path = join(dir, 'creds.bin');
    await new EncryptedFileSecretStore(path, aesCipher()).set('a', 'b');
    await expect(new EncryptedFileSecretStore(path, aesCipher()).get('a')).rejects.toThrow();
    expect((await readFile(path)).length).toBeGreaterThan(0);
  });
});
