import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { defaultSettings, settingsSchema, settingsVersion, type Settings, type SettingsPatch, type SettingsView } from '../../../shared/settings';

/** The OS's place for an app's data: what Electron's app.getPath('userData') gives, for browser mode too. */
export function appDataDir(platform: NodeJS.Platform = process.platform, env: Record<string, string | undefined> = process.env, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Berth');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Berth');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Berth');
}

type Migration = (old: Record<string, unknown>, defaults: Settings) => Record<string, unknown>;

/**
 * Migrations from each earlier version to the next. Version 0 is a file without a version (hand
 * written, or from a pre-release): every field that is valid is kept, the rest comes from the
 * defaults, section by section.
 */
export const migrations: Record<number, Migration> = {
  0: (old, defaults) => {
    const out: Record<string, unknown> = { ...defaults, version: 1 };
    for (const section of ['general', 'engine', 'vm', 'kubernetes', 'appearance', 'firstRun'] as const) {
      const given = old[section];
      if (!given || typeof given !== 'object') continue;
      const shape = settingsSchema.shape[section].shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
      const merged: Record<string, unknown> = { ...(defaults[section] as Record<string, unknown>) };
      for (const [key, value] of Object.entries(given)) if (shape[key]?.safeParse(value).success) merged[key] = value;
      out[section] = merged;
    }
    // A pre-release kept the engine address at the top level.
    if (typeof old.engineHost === 'string' && old.engineHost) out.engine = { ...(out.engine as object), source: 'external', host: old.engineHost };
    return out;
  },
};

export function migrate(raw: Record<string, unknown>, defaults: Settings): Settings {
  let doc = raw;
  let version = typeof doc.version === 'number' ? doc.version : 0;
  while (version < settingsVersion) {
    const step = migrations[version];
    if (!step) throw new Error(`no migration from settings version ${version}`);
    doc = step(doc, defaults);
    version = typeof doc.version === 'number' ? doc.version : version + 1;
  }
  return settingsSchema.parse(doc);
}

/**
 * The settings file: read once, migrated, validated; written atomically (temp file, fsync,
 * rename) with writes serialised. A corrupt file is set aside (renamed, never deleted) and the user
 * told; a file from a newer Berth is left untouched.
 */
export class SettingsStore {
  private current: Settings;
  private notice: string | null = null;
  private writable = true;
  private writes: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(s: Settings) => void>();

  private constructor(
    readonly path: string,
    private readonly defaults: Settings,
  ) {
    this.current = defaults;
  }

  static async open(dir: string, home = homedir()): Promise<SettingsStore> {
    const store = new SettingsStore(join(dir, 'settings.json'), defaultSettings(home));
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // first run: defaults, written on the first change
      throw err;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not a JSON object');
    } catch (err) {
      await this.setAside(`is not valid JSON (${(err as Error).message})`);
      return;
    }
    const version = (raw as { version?: unknown }).version;
    if (typeof version === 'number' && version > settingsVersion) {
      this.writable = false;
      this.notice = `${this.path} was written by a newer version of Berth (settings version ${version}). It is left as it is: changes made here are not saved.`;
      const parsed = settingsSchema.safeParse({ ...(raw as object), version: settingsVersion });
      if (parsed.success) this.current = parsed.data;
      return;
    }
    try {
      this.current = migrate(raw as Record<string, unknown>, this.defaults);
      if (version !== settingsVersion) await this.write(this.current);
    } catch (err) {
      await this.setAside(`could not be read (${(err as Error).message.split('\n')[0]})`);
    }
  }

  private async setAside(why: string): Promise<void> {
    const aside = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(this.path, aside);
    this.notice = `Your settings file ${why}. It was kept as ${aside}; Berth starts with its defaults.`;
    this.current = this.defaults;
  }

  view(): SettingsView {
    return { settings: this.current, path: this.path, notice: this.notice, writable: this.writable };
  }

  get settings(): Settings {
    return this.current;
  }

  /** Applies a validated patch, writes the file, and tells the listeners; resolves with the new settings. */
  async update(patch: SettingsPatch): Promise<Settings> {
    const next = settingsSchema.parse({
      ...this.current,
      ...Object.fromEntries(Object.entries(patch).map(([section, values]) => [section, { ...(this.current as unknown as Record<string, object>)[section], ...values }])),
      version: settingsVersion,
    });
    const before = this.current;
    this.current = next;
    if (this.writable) {
      try {
        await this.write(next);
      } catch (err) {
        // Not saved: what is in force stays what is on disk, and the caller says so.
        if (this.current === next) this.current = before;
        throw err;
      }
    }
    for (const l of this.listeners) l(next);
    return next;
  }

  onChange(listener: (s: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(settings: Settings): Promise<void> {
    const body = `${JSON.stringify(settings, null, 2)}\n`;
    // Serialised, but one failed write (a full disk, a folder in the way) must not fail the next.
    const done = this.writes.catch(() => undefined).then(async () => {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const temp = `${this.path}.${process.pid}.${Date.now()}.tmp`;
      try {
        const handle = await open(temp, 'w', 0o600);
        try {
          await handle.writeFile(body);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, this.path);
      } catch (err) {
        await rm(temp, { force: true }).catch(() => undefined);
        throw err;
      }
    });
    this.writes = done;
    return done;
  }
}
