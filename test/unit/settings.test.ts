import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsStore, appDataDir, migrations } from '../../electron/backend/settings/settings-store';
import { defaultSettings, restartNeeded, settingsVersion } from '../../shared/settings';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('settings', () => {
  it('starts from defaults without writing anything, and writes on the first change', async () => {
    const s = await SettingsStore.open(dir, '/home/me');
    expect(s.settings).toEqual(defaultSettings('/home/me'));
    expect(await readdir(dir)).toEqual([]);
    await s.update({ appearance: { theme: 'dark' }, vm: { cpus: 4 } });
    const onDisk = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'));
    expect(onDisk).toMatchObject({ version: settingsVersion, appearance: { theme: 'dark' }, vm: { cpus: 4, memoryMiB: 2048 } });
    expect((await SettingsStore.open(dir, '/home/me')).settings.vm.cpus).toBe(4);
  });

  it('migrates every earlier version: an unversioned file keeps its valid fields, drops the rest', async () => {
    expect(Object.keys(migrations).map(Number)).toEqual(Array.from({ length: settingsVersion }, (_, i) => i));
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ engineHost: 'tcp://10.1.2.3:2375', vm: { cpus: 6, memoryMiB: 'lots' }, appearance: { theme: 'dark', font: 'big' } }));
    const s = await SettingsStore.open(dir, '/home/me');
    expect(s.view().notice).toBeNull();
    expect(s.settings).toMatchObject({ engine: { source: 'external', host: 'tcp://10.1.2.3:2375' }, vm: { cpus: 6, memoryMiB: 2048 }, appearance: { theme: 'dark' } });
    // The migrated file is written back in the current version.
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')).version).toBe(settingsVersion);
  });

  it('sets a corrupt file aside (never silently replaced) and says so', async () => {
    await writeFile(join(dir, 'settings.json'), '{ "version": 1, "vm": ');
    const s = await SettingsStore.open(dir, '/home/me');
    expect(s.view().notice).toMatch(/is not valid JSON.*kept as .*settings\.json\.corrupt-/);
    const files = await readdir(dir);
    const aside = files.find((f) => f.startsWith('settings.json.corrupt-'))!;
    expect(await readFile(join(dir, aside), 'utf8')).toBe('{ "version": 1, "vm": ');
    expect(s.settings).toEqual(defaultSettings('/home/me'));
  });

  it('sets aside a file whose values are out of range', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ ...defaultSettings('/h'), vm: { cpus: 0, memoryMiB: 1, diskGiB: 1, sharedFolders: [] } }));
    const s = await SettingsStore.open(dir, '/h');
    expect(s.view().notice).toMatch(/could not be read/);
  });

  it('leaves a file from a newer Berth untouched', async () => {
    const newer = JSON.stringify({ ...defaultSettings('/h'), version: settingsVersion + 1, appearance: { theme: 'light' } });
    await writeFile(join(dir, 'settings.json'), newer);
    const s = await SettingsStore.open(dir, '/h');
    expect(s.view()).toMatchObject({ writable: false, notice: expect.stringMatching(/newer version of Berth/) });
    expect(s.settings.appearance.theme).toBe('light');
    await s.update({ appearance: { theme: 'dark' } });
    expect(await readFile(join(dir, 'settings.json'), 'utf8')).toBe(newer);
  });

  it('serialises concurrent writes: the file always holds one whole version, the last', async () => {
    const s = await SettingsStore.open(dir, '/h');
    await Promise.all(Array.from({ length: 30 }, (_, i) => s.update({ vm: { cpus: 1 + (i % 8) }, general: { notifications: i % 2 === 0 } })));
    const onDisk = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'));
    expect(onDisk).toEqual(s.settings);
    expect(onDisk.vm.cpus).toBe(1 + (29 % 8));
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses an invalid change and keeps the settings', async () => {
    const s = await SettingsStore.open(dir, '/h');
    await expect(s.update({ vm: { memoryMiB: 12 } })).rejects.toThrow();
    expect(s.settings.vm.memoryMiB).toBe(2048);
  });

  it('says which changes need a restart', () => {
    const a = defaultSettings('/h');
    expect(restartNeeded(a, { ...a, appearance: { theme: 'dark' } })).toEqual([]);
    expect(restartNeeded(a, { ...a, vm: { ...a.vm, cpus: 4 } })).toEqual(['vm']);
    expect(restartNeeded(a, { ...a, engine: { ...a.engine, source: 'external' } })).toEqual(['engine']);
  });

  it('puts app data where each OS expects it', () => {
    expect(appDataDir('linux', {}, '/home/me')).toBe('/home/me/.config/Berth');
    expect(appDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/me')).toBe('/x/Berth');
    expect(appDataDir('darwin', {}, '/Users/me')).toBe('/Users/me/Library/Application Support/Berth');
    expect(appDataDir('win32', { APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'C:\\Users\\me')).toMatch(/Roaming.Berth$/);
  });
});
