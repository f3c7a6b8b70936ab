/**
 * The desktop shell in Chromium (browser mode, real engine): the theme switch, the command
 * palette, the first-run flow offering the engine that already runs, and the Troubleshoot page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { runDocker } from '../harness/dockerd';
import { launchChromium, startBerthServe, type RunningBerth } from '../harness/browser-mode';

const host = inject('engineHost');
const image = inject('busyboxImage');
const docker = (args: string[]) => runDocker(host, args);
const artifacts = 'test/.artifacts';
// Generous: the machine may be busy with other suites; a poll returns as soon as it holds.
const within = { timeout: 10_000 };

let berth: RunningBerth;
let browser: Browser;
let page: Page;
const names: string[] = [];

function unique(prefix: string): string {
  const name = `${prefix}-${Date.now().toString(36)}`;
  names.push(name);
  return name;
}

const rootBackground = () => page.evaluate<string>('getComputedStyle(document.documentElement).backgroundColor');
const settingsOnDisk = async (b: RunningBerth) => JSON.parse(await readFile(join(b.dataDir, 'settings.json'), 'utf8'));

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  berth = await startBerthServe(host);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  page.on('pageerror', (err) => {
    throw err;
  });
});

afterAll(async () => {
  await browser?.close();
  await berth?.stop();
  for (const name of names) await docker(['rm', '-f', name]).catch(() => undefined);
});

describe('Desktop shell in Chromium (browser mode, real engine)', () => {
  it('applies the theme chosen in Settings at once, keeps it, and follows the system when asked', async () => {
    await page.goto(berth.loginUrl);
    await page.goto(`${berth.url}#/settings`);
    const appearance = page.getByRole('region', { name: 'Appearance' });
    await appearance.getByRole('radio', { name: 'Dark' }).check();
    await expect.poll(rootBackground, within).toBe('rgb(20, 22, 26)');
    await page.evaluate('document.querySelector("main").scrollTo(0, 0)');
    await page.screenshot({ path: `${artifacts}/settings-dark.png` });

    await appearance.getByRole('radio', { name: 'Light' }).check();
    await expect.poll(rootBackground, within).toBe('rgb(246, 247, 249)');
    await expect.poll(async () => (await settingsOnDisk(berth)).appearance.theme, within).toBe('light');
    await page.evaluate('document.querySelector("main").scrollTo(0, 0)');
    await page.screenshot({ path: `${artifacts}/settings-light.png` });
    await page.goto(`${berth.url}#/containers`);
    await page.screenshot({ path: `${artifacts}/containers-light.png` });
    await page.goto(`${berth.url}#/settings`);

    // A fresh load paints the saved theme.
    await page.reload();
    await expect.poll(() => page.getByRole('region', { name: 'Appearance' }).isVisible(), within).toBe(true);
    await page.keyboard.press('Control+k');
    await page.keyboard.type('theme');
    await page.screenshot({ path: `${artifacts}/palette-light.png` });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog', { name: 'Command palette' }).count(), within).toBe(0);
    await expect.poll(rootBackground, within).toBe('rgb(246, 247, 249)');

    // "Follow the system" tracks the OS's preference live.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('region', { name: 'Appearance' }).getByRole('radio', { name: 'Follow the system' }).check();
    await expect.poll(rootBackground, within).toBe('rgb(20, 22, 26)');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(rootBackground, within).toBe('rgb(246, 247, 249)');
    await page.emulateMedia({ colorScheme: 'dark' });
  });

  it('finds a container by name in the command palette (Ctrl+K) and opens its page', async () => {
    const name = unique('e2e-palette');
    await docker(['run', '-d', '--name', name, image, 'sleep', '600']);
    const id = (await docker(['inspect', '-f', '{{.Id}}', name])).trim();
    await page.goto(`${berth.url}#/images`);
    await page.reload();
    await expect.poll(() => page.locator('footer.statusbar').getAttribute('data-engine-state'), within).toBe('connected');

    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await expect.poll(() => palette.isVisible(), within).toBe(true);
    await page.keyboard.type(name.slice(0, -2)); // most of the name is enough
    const first = palette.getByRole('option').first();
    await expect.poll(() => first.getAttribute('data-kind'), within).toBe('container');
    expect(await first.textContent()).toContain(name);
    expect(await first.getAttribute('aria-selected')).toBe('true');
    await page.screenshot({ path: `${artifacts}/palette.png` });

    await page.keyboard.press('Enter');
    await expect.poll(() => palette.isVisible(), within).toBe(false);
    await expect.poll(() => new URL(page.url()).hash, within).toBe(`#/containers/${id}`);
    await expect.poll(() => page.locator('h1').first().textContent(), within).toBe(name);

    // Escape closes it without going anywhere.
    await page.keyboard.press('Control+k');
    await expect.poll(() => palette.isVisible(), within).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => palette.isVisible(), within).toBe(false);
    expect(new URL(page.url()).hash).toBe(`#/containers/${id}`);
  });

  it('goes to a page with its keyboard shortcut', async () => {
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+8');
    await expect.poll(() => new URL(page.url()).hash, within).toBe('#/troubleshoot');
    await page.keyboard.press('Control+,');
    await expect.poll(() => new URL(page.url()).hash, within).toBe('#/settings');
  });

  it('shows versions and the backend log on Troubleshoot, and diagnostics without secrets', async () => {
    await page.goto(`${berth.url}#/troubleshoot`);
    const versions = page.getByRole('region', { name: 'Versions' });
    await expect.poll(() => versions.textContent(), within).toMatch(/Engine\s*Docker \d+\.\d+/);
    const backendLog = page.getByRole('region', { name: 'Backend log' });
    await expect.poll(() => backendLog.textContent(), within).toContain('engine connected');
    await page.screenshot({ path: `${artifacts}/troubleshoot.png`, fullPage: true });

    await page.getByRole('button', { name: 'Copy diagnostics…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Diagnostics' });
    const text = dialog.getByLabel('Diagnostics report');
    await expect.poll(() => text.textContent(), { timeout: 20_000 }).toContain('== Versions ==');
    const report = (await text.textContent()) ?? '';
    expect(report).toContain(host);
    expect(report).toContain('== Backend log (last lines) ==');
    const token = new URL(berth.loginUrl).searchParams.get('token')!;
    expect(report).not.toContain(token);
    await page.screenshot({ path: `${artifacts}/diagnostics.png` });
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});

describe('First run in Chromium', () => {
  let fresh: RunningBerth;
  afterAll(async () => {
    await fresh?.stop();
  });

  it('offers the engine that already runs, and choosing it makes Berth use it', async () => {
    fresh = await startBerthServe(host, { firstRun: true });
    const p = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    await p.goto(fresh.loginUrl);
    const dialog = p.getByRole('dialog', { name: 'Welcome to Berth' });
    await expect.poll(() => dialog.isVisible(), within).toBe(true);
    const existing = dialog.getByRole('region', { name: 'Existing engine' });
    await expect.poll(() => existing.textContent(), { timeout: 15_000 }).toContain('An engine already runs on this machine');
    expect(await existing.textContent()).toContain(host);
    await p.screenshot({ path: `${artifacts}/first-run.png` });

    // The resources step is there to be edited, and says what it expects.
    await dialog.getByRole('button', { name: 'Next: resources' }).click();
    const cpus = dialog.getByRole('spinbutton', { name: /CPUs/ });
    await cpus.fill('0');
    expect(await dialog.textContent()).toContain('Must be at least 1.');
    expect(await dialog.getByRole('button', { name: 'Create the VM' }).isDisabled()).toBe(true);
    await cpus.fill('2');
    await p.screenshot({ path: `${artifacts}/first-run-resources.png` });
    await dialog.getByRole('button', { name: 'Back' }).click();

    await existing.getByRole('button', { name: 'Use this engine' }).click();
    await expect.poll(() => dialog.isVisible(), within).toBe(false);
    const saved = await settingsOnDisk(fresh);
    expect(saved.engine.source).toBe('external');
    expect(saved.engine.host).toBe(host); // found through Berth's own setting (--engine-host), so kept
    expect(saved.firstRun.done).toBe(true);

    // It does not come back.
    await p.reload();
    await expect.poll(() => p.locator('footer.statusbar').getAttribute('data-engine-state'), within).toBe('connected');
    expect(await dialog.count()).toBe(0);
    await p.close();
  });
});
