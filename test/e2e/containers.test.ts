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

const row = (name: string) => page.locator(`tr[data-container-name="${name}"]`);

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

describe('Containers page in Chromium (browser mode, real engine)', () => {
  it('lists a container the test made, with its state, and shows the engine in the status bar', async () => {
    const name = unique('e2e-web');
    await docker(['run', '-d', '--name', name, '-p', '127.0.0.1:18931:80', image, 'httpd', '-f', '-p', '80']);
    await page.goto(berth.loginUrl);
    expect(new URL(page.url()).search).toBe(''); // the token left the address bar
    await expect.poll(() => row(name).getAttribute('data-state')).toBe('running');
    expect(await row(name).textContent()).toContain('127.0.0.1:18931->80/tcp');
    const status = page.locator('footer.statusbar');
    await expect.poll(() => status.getAttribute('data-engine-state')).toBe('connected');
    expect(await status.textContent()).toContain(host);
    await page.screenshot({ path: `${artifacts}/containers.png` });
  });

  it('stops a container when Stop is clicked', async () => {
    const name = unique('e2e-stop');
    // A process that exits on SIGTERM, so Stop does not wait out the engine's 10 s grace period.
    await docker(['run', '-d', '--name', name, image, 'sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done']);
    await expect.poll(() => row(name).getAttribute('data-state')).toBe('running');
    await row(name).getByRole('button', { name: `Stop ${name}`, exact: true }).click();
    await expect.poll(() => row(name).getAttribute('data-state'), { timeout: 20_000 }).toBe('exited');
    expect((await docker(['inspect', '-f', '{{.State.Status}}', name])).trim()).toBe('exited');
    await row(name).getByRole('button', { name: `Start ${name}`, exact: true }).click();
    await expect.poll(() => row(name).getAttribute('data-state')).toBe('running');
  });

  it('updates a row without reload when the container is stopped from outside the page', async () => {
    const name = unique('e2e-outside');
    await docker(['run', '-d', '--name', name, image, 'sleep', '600']);
    await expect.poll(() => row(name).getAttribute('data-state')).toBe('running');
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    // Watch for the row change inside the page, timing from the moment docker's stop returns.
    const changed = page.waitForSelector(`tr[data-container-name="${name}"][data-state="exited"]`, { timeout: 5_000 });
    await docker(['stop', '-t', '0', name]);
    const t0 = Date.now();
    await changed;
    const ms = Date.now() - t0;
    expect(ms).toBeLessThan(1_000);
    expect(navigations).toEqual([]);
  });

  it('asks before Remove, keeps the container on Cancel, and drops the row after confirming', async () => {
    const name = unique('e2e-remove');
    await docker(['run', '-d', '--name', name, image, 'sleep', '600']);
    await expect.poll(() => row(name).count()).toBe(1);
    await row(name).getByRole('button', { name: `Remove ${name}` }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain(`Remove ${name}?`);
    await page.screenshot({ path: `${artifacts}/remove-dialog.png` });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await row(name).count()).toBe(1);
    expect((await docker(['ps', '-aq', '--filter', `name=^${name}$`])).trim()).not.toBe('');

    await row(name).getByRole('button', { name: `Remove ${name}` }).click();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => row(name).count(), { timeout: 20_000 }).toBe(0);
    expect((await docker(['ps', '-aq', '--filter', `name=^${name}$`])).trim()).toBe('');
  });

  it('shows the engine’s refusal on the row where the user acted', async () => {
    const name = unique('e2e-refuse');
    await docker(['run', '-d', '--name', name, image, 'sleep', '600']);
    await expect.poll(() => row(name).count()).toBe(1);
    await row(name).getByRole('button', { name: `Remove ${name}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('checkbox', { name: 'Stop it first if it is running (force)' }).uncheck(); // no force on a running container: the engine says no
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    const error = page.locator(`tr[data-error-for] [role="alert"]`);
    await expect.poll(() => error.textContent()).toMatch(new RegExp(`Could not remove ${name}: .*running container`, 'i'));
    expect(await row(name).getAttribute('data-state')).toBe('running');
    await page.screenshot({ path: `${artifacts}/row-error.png` });
  });

  it('refuses a wrong token', async () => {
    const other = await browser.newPage();
    const response = await other.goto(`${berth.url}?token=not-the-token`);
    expect(response?.status()).toBe(401);
    expect(await other.textContent('body')).toMatch(/needs its token/);
    await other.close();
  });
});
