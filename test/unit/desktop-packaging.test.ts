/**
 * electron-builder cannot package here (it downloads Electron), so this runs the part of it that
 * can: loading electron-builder.yml and validating it against electron-builder's own schema, then
 * checks what Berth relies on in it.
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- electron-builder's own config object
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(dir: string, path: string | null, extra: null): Promise<Config>;
  validateConfiguration(c: Config, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

describe('packaging configuration', () => {
  it('passes electron-builder’s own validation', async () => {
    const config = await getConfig('.', null, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.appId).toBe('dev.berth.desktop');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target[0].target).toBe('dmg');
    expect(config.win.target[0].target).toBe('nsis');
    // The tray loads its icons from resources/icons at run time, and the VM image ships beside the app.
    expect(config.extraResources).toEqual(expect.arrayContaining([expect.objectContaining({ from: 'resources/icons', to: 'icons' }), expect.objectContaining({ from: 'resources/vm/build', to: 'vm' })]));
  });

  it('has the icons it names, small, and npm scripts to build it', () => {
    for (const f of ['icon.svg', 'icon.png', 'tray.png', 'tray@2x.png', 'trayTemplate.png', 'trayTemplate@2x.png', 'png/16x16.png', 'png/256x256.png', 'png/512x512.png']) {
      expect(existsSync(`resources/icons/${f}`), f).toBe(true);
      expect(readFileSync(`resources/icons/${f}`).length, f).toBeLessThan(64 * 1024);
    }
    const png = readFileSync('resources/icons/icon.png');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]); // macOS needs at least 512×512
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts;
    expect(scripts.dist).toMatch(/electron-builder$/);
    expect(scripts['dist:dir']).toMatch(/electron-builder --dir$/);
  });
});
