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
const containers: string[] = [];
const volumes: string[] = [];

function unique(prefix: string, list: string[]): string {
  const name = `${prefix}-${Date.now().toString(36)}`;
  list.push(name);
  return name;
}

const row = (name: string) => page.locator(`tr[data-volume-name="${name}"]`);
const entry = (name: string) => page.locator(`tr[data-entry-name="${name}"]`);
const volumesLink = () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Volumes', exact: true });

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
  for (const name of containers) await docker(['rm', '-f', name]).catch(() => undefined);
  for (const name of volumes) await docker(['volume', 'rm', '-f', name]).catch(() => undefined);
});

describe('Volumes page in Chromium (browser mode, real engine)', () => {
  it('browses a volume read-only: files with sizes, a sub-folder, a text file, a binary file, a long file', async () => {
    const vol = unique('e2e-vol-browse', volumes);
    await docker([
      'run', '--rm', '-v', `${vol}:/data`, image, 'sh', '-c',
      'mkdir -p /data/notes/archive && printf "hello from berth\\n" > /data/notes/readme.txt && printf "top\\n" > /data/top.txt && head -c 3000 /dev/zero > /data/zeros.bin && yes abcdefghi | head -c 300000 > /data/long.txt',
    ]);
    await volumesLink().click();
    await row(vol).waitFor();
    expect(await row(vol).textContent()).toContain('unused');

    // Sizes only when asked for.
    expect(await row(vol).locator('[data-size]').count()).toBe(0);
    await page.getByRole('checkbox', { name: 'Show sizes' }).check();
    await expect.poll(() => row(vol).locator('[data-size]').getAttribute('data-size'), { timeout: 15_000 }).toMatch(/^\d+$/);
    expect(Number(await row(vol).locator('[data-size]').getAttribute('data-size'))).toBeGreaterThanOrEqual(303_000);
    await page.screenshot({ path: `${artifacts}/volumes.png` });

    await row(vol).getByRole('button', { name: `Browse ${vol}` }).click();
    await entry('notes').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/volumes/${vol}`);
    expect(await page.locator('tr[data-entry-name]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-entry-name')))).toEqual(['notes', 'long.txt', 'top.txt', 'zeros.bin']);
    expect(await entry('zeros.bin').locator('[data-size]').textContent()).toBe('3.00 kB');
    expect(await entry('notes').getAttribute('data-entry-type')).toBe('directory');
    expect(await entry('notes').locator('[data-size]').getAttribute('data-size')).toBe('17'); // everything below it
    expect(await page.textContent('main')).toContain('never started');

    // A sub-folder: the hash carries the path, the breadcrumb follows.
    await entry('notes').getByRole('link', { name: 'notes' }).click();
    await entry('readme.txt').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/volumes/${vol}?path=%2Fnotes`);
    const crumbs = page.getByRole('navigation', { name: 'Folder' });
    expect(await crumbs.textContent()).toBe(`${vol}notes`);
    expect(await page.locator('tr[data-entry-name]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-entry-name')))).toEqual(['archive', 'readme.txt']);

    // A text file opens beside the list.
    await entry('readme.txt').getByRole('button', { name: 'readme.txt' }).click();
    const preview = page.locator('aside[data-preview-path="/notes/readme.txt"]');
    await expect.poll(() => preview.locator('pre').textContent(), { timeout: 15_000 }).toBe('hello from berth\n');
    await page.screenshot({ path: `${artifacts}/volume-browser.png` });

    // Back up through the breadcrumb; a binary file says so; a long one says it is cut.
    await crumbs.getByRole('link', { name: vol }).click();
    await entry('zeros.bin').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/volumes/${vol}?path=%2F`);
    await entry('zeros.bin').getByRole('button', { name: 'zeros.bin' }).click();
    await expect.poll(() => page.locator('aside[data-preview-path="/zeros.bin"]').textContent(), { timeout: 15_000 }).toContain('Binary file, 3,000 bytes');
    await entry('long.txt').getByRole('button', { name: 'long.txt' }).click();
    const long = page.locator('aside[data-preview-path="/long.txt"]');
    await expect.poll(() => long.textContent(), { timeout: 15_000 }).toContain('showing the first 256 kB');
    expect((await long.locator('pre').textContent())?.startsWith('abcdefghi\nabcdefghi\n')).toBe(true);
    await page.screenshot({ path: `${artifacts}/volume-browser-long.png` });

    // Browsing left no helper container behind.
    expect((await docker(['ps', '-aq', '--filter', 'label=io.berth.helper'])).trim()).toBe('');
  });

  it('creates a volume from the dialog, with a label, after explaining a bad name', async () => {
    const vol = unique('e2e-vol-made', volumes);
    await volumesLink().click();
    await page.getByRole('button', { name: 'Create volume' }).click();
    const dialog = page.getByRole('dialog');
    const nameField = dialog.getByRole('textbox', { name: 'Name (optional)' });
    await nameField.fill('-bad');
    expect(await dialog.textContent()).toContain('starts with a letter or digit');
    expect(await dialog.getByRole('button', { name: 'Create', exact: true }).isDisabled()).toBe(true);
    await nameField.fill(vol);
    await dialog.getByRole('button', { name: '+ Add label' }).click();
    await dialog.getByRole('textbox', { name: 'Label 1 name' }).fill('purpose');
    await dialog.getByRole('textbox', { name: 'Label 1 value' }).fill('e2e');
    await page.screenshot({ path: `${artifacts}/volume-create.png` });
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await row(vol).waitFor();
    expect(await dialog.count()).toBe(0);
    expect((await docker(['volume', 'inspect', '-f', '{{.Labels.purpose}}', vol])).trim()).toBe('e2e');

    // The same name again: the backend's refusal shows in the dialog.
    await page.getByRole('button', { name: 'Create volume' }).click();
    await dialog.getByRole('textbox', { name: 'Name (optional)' }).fill(vol);
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain(`A volume named ${vol} already exists.`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('shows who uses a volume, and the engine’s refusal to remove it on that row', async () => {
    const vol = unique('e2e-vol-used', volumes);
    const holder = unique('e2e-vol-holder', containers);
    await docker(['create', '--name', holder, '-v', `${vol}:/data`, image, 'true']);
    const holderId = (await docker(['inspect', '-f', '{{.Id}}', holder])).trim();
    await volumesLink().click();
    const user = row(vol).getByRole('link', { name: holder });
    await user.waitFor();
    expect(await user.getAttribute('href')).toBe(`#/containers/${holderId}`);

    await row(vol).getByRole('button', { name: `Remove ${vol}` }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain(`in use by ${holder}`);
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    const error = page.locator(`tr[data-error-for="${vol}"] [role="alert"]`);
    await expect.poll(() => error.textContent(), { timeout: 15_000 }).toBe(`Could not remove ${vol}: Volume ${vol} is in use by ${holder}. Remove that container first.`);
    expect((await docker(['volume', 'ls', '-q'])).split('\n')).toContain(vol);
    await page.screenshot({ path: `${artifacts}/volume-in-use.png` });

    // Once the container goes, Remove works and the row goes.
    await docker(['rm', holder]);
    await row(vol).getByRole('button', { name: `Remove ${vol}` }).click();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => row(vol).count(), { timeout: 15_000 }).toBe(0);
    expect((await docker(['volume', 'ls', '-q'])).split('\n')).not.toContain(vol);
  });

  it('previews a prune listing the unused anonymous volume, keeps named ones, and removes it on confirm', async () => {
    const named = unique('e2e-vol-keep', volumes);
    await docker(['volume', 'create', named]);
    const holder = unique('e2e-anon-holder', containers);
    await docker(['create', '--name', holder, '-v', '/x', image, 'true']);
    const anon = (await docker(['inspect', '-f', '{{range .Mounts}}{{.Name}}{{end}}', holder])).trim();
    volumes.push(anon);
    await docker(['rm', holder]); // the anonymous volume stays, unused
    await volumesLink().click();
    await row(anon).waitFor();
    await expect.poll(() => row(anon).getAttribute('data-in-use'), { timeout: 15_000 }).toBe('false');

    await page.getByRole('button', { name: 'Prune…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator(`tr[data-prune-id="${anon}"]`).waitFor();
    expect(await dialog.locator(`tr[data-prune-id="${named}"]`).count()).toBe(0);
    expect(await dialog.textContent()).toContain('Named volumes are kept');
    expect(await dialog.locator('[data-prune-total]').textContent()).toMatch(/\d+(\.\d+)? (B|kB|MB)/);
    await page.screenshot({ path: `${artifacts}/volumes-prune.png` });

    await dialog.getByRole('button', { name: /^Remove \d+ volumes?$/ }).click();
    await expect.poll(() => dialog.locator('[data-prune-result]').textContent(), { timeout: 15_000 }).toMatch(/^Removed \d+ volumes?, reclaiming/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => row(anon).count(), { timeout: 15_000 }).toBe(0);
    const left = (await docker(['volume', 'ls', '-q'])).split('\n');
    expect(left).not.toContain(anon);
    expect(left).toContain(named);
    expect(await row(named).count()).toBe(1);
  });
});
