/** Gaps around the settings file that the desktop shell relies on (the store's own tests are in settings.test.ts). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsStore } from '../../electron/backend/settings/settings-store';
import { defaultSettings, restartNeeded, settingsSchema } from '../../shared/settings';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-settings-gaps-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('settings file, as the shell uses it', () => {
  it('never shows a reader a half-written file while many writes are under way', async () => {
    const s = await SettingsStore.open(dir, '/h');
    await s.update({ vm: { cpus: 1 } });
    const path = join(dir, 'settings.json');
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const text = await readFile(path, 'utf8');
        expect(settingsSchema.safeParse(JSON.parse(text)).success).toBe(true);
        reads++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    await Promise.all(Array.from({ length: 40 }, (_, i) => s.update({ vm: { cpus: 1 + (i % 8), sharedFolders: Array.from({ length: i % 5 }, (_, j) => `/data/${i}-${j}`) } })));
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(s.settings);
  });

  it('sets aside a file that is JSON but not an object', async () => {
    await writeFile(join(dir, 'settings.json'), '[1, 2, 3]');
    const s = await SettingsStore.open(dir, '/h');
    expect(s.view().notice).toMatch(/not a JSON object/);
    expect((await readdir(dir)).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
    expect(s.settings).toEqual(defaultSettings('/h'));
  });

  it('migrates an unversioned file whose sections are missing or of the wrong type', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ general: 'yes', appearance: { theme: 'light' }, firstRun: { done: true } }));
    const s = await SettingsStore.open(dir, '/h');
    expect(s.settings).toEqual({ ...defaultSettings('/h'), appearance: { theme: 'light' }, firstRun: { done: true } });
  });

  it('asks for a VM restart when resources or shared folders change, and none for the theme or first run', () => {
    const a = defaultSettings('/h');
    expect(restartNeeded(a, { ...a, vm: { ...a.vm, sharedFolders: ['/h', '/data'] } })).toEqual(['vm']);
    expect(restartNeeded(a, { ...a, firstRun: { done: true }, general: { ...a.general, closeToTray: false } })).toEqual([]);
    expect(restartNeeded(a, { ...a, engine: { ...a.engine, source: 'external' } })).toEqual(['engine']);
  });

  it('keeps saving after one write failed (a full disk, a file in the way), and keeps what is on disk in force', async () => {
    const s = await SettingsStore.open(dir, '/h');
    const path = join(dir, 'settings.json');
    // A folder where the file goes makes the atomic rename fail, even for root.
    await mkdir(join(path, 'in-the-way'), { recursive: true });
    await expect(s.update({ vm: { cpus: 3 } })).rejects.toThrow();
    expect(s.settings.vm.cpus).not.toBe(3);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await rm(path, { recursive: true });
    await s.update({ vm: { cpus: 4 } });
    expect(JSON.parse(await readFile(path, 'utf8')).vm.cpus).toBe(4);
  });
});
