import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

/** What electron-vite produced (npm test builds before this project runs). */
describe('the built app', () => {
  it('has a sandbox-ready preload: one CommonJS file that requires only electron', () => {
    const preload = readFileSync('out/preload/index.cjs', 'utf8');
    const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(requires).toEqual(['electron']);
    expect(preload).not.toMatch(/\bimport\s*[({"']/);
    expect(preload).toContain('exposeInMainWorld("berth"');
  });

  it('ships no Node or Electron code in the renderer bundle', () => {
    const html = readFileSync('out/renderer/index.html', 'utf8');
    const script = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const bundle = readFileSync(`out/renderer/${script}`, 'utf8');
    expect(bundle).not.toMatch(/require\(["'](electron|fs|child_process|node:[a-z_]+)["']\)/);
    expect(bundle).not.toContain('dockerode');
  });
});
