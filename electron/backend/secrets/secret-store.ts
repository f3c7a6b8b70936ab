import { mkdir, readFile, rename, writeFile, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Where registry passwords live. Under Electron: a file encrypted with the OS's secret storage
 * (safeStorage: Keychain, DPAPI, libsecret); in browser mode: memory, for this session only.
 * Never plain text on disk.
 */
export interface SecretStore {
  readonly kind: 'os-keychain' | 'session';
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

export class MemorySecretStore implements SecretStore {
  readonly kind = 'session' as const;
  private readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async set(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
  async keys() {
    return [...this.values.keys()];
  }
}

export interface Cipher {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/** A JSON map sealed by `cipher` in one file, written atomically (temp file, fsync, rename). */
export class EncryptedFileSecretStore implements SecretStore {
  readonly kind = 'os-keychain' as const;
  private cache: Map<string, string> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly cipher: Cipher,
  ) {}

  private async load(): Promise<Map<string, string>> {
    if (this.cache) return this.cache;
    let sealed: Buffer | null = null;
    try {
      sealed = await readFile(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const values = new Map<string, string>();
    if (sealed && sealed.length > 0) {
      const parsed = JSON.parse(this.cipher.decrypt(sealed)) as Record<string, string>;
      for (const [k, v] of Object.entries(parsed)) values.set(k, v);
    }
    this.cache = values;
    return values;
  }

  private async persist(values: Map<string, string>): Promise<void> {
    const sealed = this.cipher.encrypt(JSON.stringify(Object.fromEntries(values)));
    const temp = `${this.path}.${process.pid}.tmp`;
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await writeFile(temp, sealed, { mode: 0o600 });
    const handle = await open(temp, 'r');
    await handle.sync();
    await handle.close();
    await rename(temp, this.path);
  }

  /** Writes are serialised so two quick changes cannot interleave. */
  private change(apply: (values: Map<string, string>) => void): Promise<void> {
    this.writing = this.writing.then(async () => {
      const values = await this.load();
      apply(values);
      await this.persist(values);
    });
    return this.writing;
  }

  async get(key: string) {
    return (await this.load()).get(key);
  }
  set(key: string, value: string) {
    return this.change((v) => v.set(key, value));
  }
  delete(key: string) {
    return this.change((v) => v.delete(key));
  }
  async keys() {
    return [...(await this.load()).keys()];
  }
}
