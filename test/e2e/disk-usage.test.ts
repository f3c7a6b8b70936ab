import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { runDocker } from '../harness/dockerd';
import { launchChromium, startBerthServe, type RunningBerth } from '../harness/browser-mode';

const host = inject('engineHost');
const image = inject('busyboxImage');
const docker = (args: string[]) => runDocker(host, args);
const artifacts = 'test/.artifacts';

let berth: RunningBerth;
let browser: Browser;
let page: Page;
const names: string[] = [];

function unique(prefix: string): string {
  const name = `${prefix}-${Date.now().toString(36)}`;
  names.push(name);
  return name;
}

const card = (kind: string) => page.locator(`[data-usage-kind="${kind}"]`);

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  berth = await startBerthServe(host);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  page.on('pageerror', (err) => {
    throw err;
  });
  await page.goto(berth.loginUrl);
});

afterAll(async () => {
  await browser?.close();
  await berth?.stop();
  for (const name of names) await docker(['rm', '-f', name]).catch(() => undefined);
});

describe('Disk usage page in Chromium (browser mode, real engine)', () => {
  it('shows the four cards, previews a prune of a stopped container, prunes it and says what was reclaimed', async () => {
    const stopped = unique('e2e-disk-stopped');
    await docker(['run', '--name', stopped, image, 'sh', '-c', 'head -c 100000 /dev/zero > /filler']);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Disk usage', exact: true }).click();
    await card('containers').waitFor();
    expect(await page.locator('[data-usage-kind]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-usage-kind')))).toEqual(['images', 'containers', 'volumes', 'buildCache']);
    expect(Number(await card('images').locator('[data-count]').getAttribute('data-count'))).toBeGreaterThanOrEqual(1);
    expect(Number(await card('containers').locator('[data-count]').getAttribute('data-count'))).toBeGreaterThanOrEqual(1);
    expect(Number(await card('containers').locator('[data-reclaimable]').getAttribute('data-reclaimable'))).toBeGreaterThanOrEqual(100_000);
    await page.screenshot({ path: `${artifacts}/disk-usage.png` });

    await page.getByRole('button', { name: 'Prune…' }).click();
    const dialog = page.getByRole('dialog');
    // Containers only: the other targets would touch what other tests on this engine made.
    for (const other of [/^Networks/, /^Images/, /^Build cache/]) await dialog.getByRole('checkbox', { name: other }).uncheck();
    expect(await dialog.getByRole('checkbox', { name: /^Volumes/ }).isChecked()).toBe(false);
    expect(await dialog.getByRole('checkbox', { name: /^Containers/ }).isChecked()).toBe(true);
    await page.screenshot({ path: `${artifacts}/disk-prune-choose.png` });
    await dialog.getByRole('button', { name: 'Preview' }).click();

    const item = dialog.locator(`section[data-prune-target="containers"] li[data-prune-name="${stopped}"]`);
    await item.waitFor();
    expect(await item.textContent()).toMatch(/\d+(\.\d+)? kB$/);
    expect(await dialog.locator('section[data-prune-target]').count()).toBe(1);
    expect(Number(await dialog.locator('[data-preview-total]').getAttribute('data-preview-total'))).toBeGreaterThanOrEqual(100_000);
    expect(await dialog.textContent()).toContain('frees about');
    // Nothing is gone yet.
    expect((await docker(['ps', '-aq', '--filter', `name=^${stopped}$`])).trim()).not.toBe('');
    await page.screenshot({ path: `${artifacts}/disk-prune-preview.png` });

    await dialog.getByRole('button', { name: 'Prune', exact: true }).click();
    const result = dialog.locator('[data-prune-result]');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toMatch(/Reclaimed \d+(\.\d+)? (kB|MB)/);
    expect(await result.locator('[data-prune-target="containers"]').textContent()).toMatch(/removed \d+ containers?/);
    expect((await docker(['ps', '-aq', '--filter', `name=^${stopped}$`])).trim()).toBe('');
    await page.screenshot({ path: `${artifacts}/disk-prune-done.png` });
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The cards were measured again after the prune (no timer: the prune asked for it).
    await expect.poll(() => card('containers').locator('[data-reclaimable]').getAttribute('data-reclaimable'), { timeout: 15_000 }).toBe('0');
  });
});
