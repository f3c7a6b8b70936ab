import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { mkdir, rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { runDocker } from '../harness/dockerd';
import { launchChromium, startBerthServe, type RunningBerth } from '../harness/browser-mode';

const host = inject('engineHost');
const image = inject('busyboxImage');
const docker = (args: string[]) => runDocker(host, args);
const build = (tag: string, dockerfile: string) => runDocker(host, ['build', '-q', '-t', tag, '-'], dockerfile);
const artifacts = 'test/.artifacts';

let berth: RunningBerth;
let browser: Browser;
let page: Page;
const names: string[] = [];
const images: string[] = [];
const savedFiles: string[] = [];

function unique(prefix: string): string {
  const name = `${prefix}-${Date.now().toString(36)}`;
  names.push(name);
  return name;
}

/** A fresh page load of a route, as a user pasting the address would get. */
async function open(hash: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${berth.url}${hash}`);
}

const layer = (index: number) => page.locator(`li[data-layer-index="${index}"]`);
const treeRow = (path: string) => page.locator(`[role="tree"] [data-path="${path}"]`);
const analysed = () => page.locator('.lx-explorer[data-analysis="done"]').waitFor({ timeout: 60_000 });

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
  for (const ref of images) await docker(['rmi', '-f', ref]).catch(() => undefined);
  for (const file of savedFiles) await rm(file, { force: true });
});

describe('Layer explorer, image comparison and container changes in Chromium (browser mode, real engine)', () => {
  it('lists every step, marks what each layer added, changed and removed, and shows the image at a layer', async () => {
    const tag = `e2e-layers-${Date.now().toString(36)}:one`;
    images.push(tag);
    await build(
      tag,
      [
        `FROM ${image}`,
        'RUN echo hi > /added.txt',
        'ENV GREETING=hello',
        'RUN mkdir -p /data && echo one > /data/keep.txt && echo two > /data/gone.txt && ln -s /data/keep.txt /data/link.txt',
        'RUN rm /data/gone.txt && echo changed > /added.txt',
        'CMD ["sh"]',
        '',
      ].join('\n'),
    );
    await open(`#/images/${encodeURIComponent(tag)}`);
    await analysed();

    // Four layers, base first, with the metadata-only steps between them greyed as "no layer".
    expect(await page.locator('li[data-layer-index]').evaluateAll((li) => li.map((l) => l.getAttribute('data-layer-index')))).toEqual(['0', '1', '2', '3']);
    const steps = page.locator('li[data-empty-step]');
    expect(await steps.count()).toBe(2);
    expect(await steps.first().textContent()).toContain('ENV GREETING=hello');
    expect(await steps.first().textContent()).toContain('no layer');
    expect(await layer(1).textContent()).toContain('RUN echo hi > /added.txt');
    expect(await layer(1).locator('[data-count="added"]').textContent()).toMatch(/1$/);
    expect(await layer(3).locator('[data-count="removed"]').textContent()).toMatch(/1$/);

    // The top layer is shown first; pick layer 1: its file is added.
    expect(await layer(3).getByRole('button').getAttribute('aria-current')).toBe('true');
    await layer(1).getByRole('button').click();
    await treeRow('/added.txt').waitFor();
    expect(await treeRow('/added.txt').getAttribute('data-change')).toBe('added');
    expect(new URL(page.url()).hash).toContain('layer=1');

    // Keyboard: the list moves with the arrow keys.
    await layer(1).getByRole('button').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => layer(2).getByRole('button').getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => layer(3).getByRole('button').getAttribute('aria-current')).toBe('true');

    // Layer 3 removed /data/gone.txt and rewrote /added.txt.
    await expect.poll(() => treeRow('/added.txt').getAttribute('data-change')).toBe('modified');
    await treeRow('/data').click();
    await treeRow('/data/gone.txt').waitFor();
    expect(await treeRow('/data/gone.txt').getAttribute('data-change')).toBe('removed');
    expect(await treeRow('/data').getAttribute('aria-expanded')).toBe('true');

    // The image as it stands at layer 3: everything below, the removal still marked in the layer that made it.
    await page.getByRole('radio', { name: 'Image at this layer' }).check();
    await treeRow('/bin').waitFor();
    expect(await treeRow('/bin').getAttribute('data-change')).toBe('unchanged');
    await treeRow('/data/keep.txt').waitFor();
    expect(await treeRow('/data/keep.txt').getAttribute('data-change')).toBe('unchanged');
    expect(await treeRow('/data/gone.txt').getAttribute('data-change')).toBe('removed');
    expect(await treeRow('/data/link.txt').getAttribute('data-type')).toBe('symlink');
    expect(await treeRow('/data/link.txt').textContent()).toContain('→ /data/keep.txt');
    expect(Number(await treeRow('/data').getAttribute('data-size'))).toBeGreaterThanOrEqual(4); // "one\n"
    await page.screenshot({ path: `${artifacts}/layers-explorer.png` });

    // Sort by size, largest first; folders open and close from the keyboard.
    const topLevel = () => page.locator('[role="tree"] [aria-level="1"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path')));
    expect(await topLevel()).toEqual(['/bin', '/data', '/tmp', '/added.txt']);
    await page.getByRole('group', { name: 'Sort by' }).getByRole('button', { name: 'Size' }).click();
    expect(await topLevel()).toEqual(['/bin', '/added.txt', '/data', '/tmp']);
    await treeRow('/bin').focus();
    await page.keyboard.press('ArrowRight');
    await treeRow('/bin/busybox').waitFor();
    expect(await treeRow('/bin').getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator(':focus').getAttribute('data-path')).toBe('/bin/busybox'); // the largest file first
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator(':focus').getAttribute('data-path')).toBe('/bin');
    await page.keyboard.press('ArrowLeft');
    expect(await treeRow('/bin').getAttribute('aria-expanded')).toBe('false');

    // A file earlier layers wrote is there unchanged at layer 2, and missing at layer 1 in the stack view.
    await layer(2).getByRole('button').click();
    await expect.poll(() => treeRow('/data/gone.txt').getAttribute('data-change')).toBe('added');
    expect(await treeRow('/added.txt').getAttribute('data-change')).toBe('unchanged');

    // Filter by name: a flat list of matches with their paths.
    await layer(3).getByRole('button').click();
    await page.getByRole('searchbox', { name: 'Filter by name' }).fill('gone');
    const match = page.locator('table[aria-label="Matching files"] tr[data-path="/data/gone.txt"]');
    await match.waitFor();
    expect(await match.getAttribute('data-change')).toBe('removed');
    await page.screenshot({ path: `${artifacts}/layers-search.png` });
    // From a match back to the tree, with what the path is and which layers wrote it.
    await match.getByRole('button', { name: 'Show /data/gone.txt in the tree' }).click();
    await expect.poll(() => treeRow('/data/gone.txt').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('searchbox', { name: 'Filter by name' }).inputValue()).toBe('');
    const details = page.locator('[data-details-path="/data/gone.txt"]');
    expect(await details.getByRole('button').evaluateAll((b) => b.map((x) => x.textContent))).toEqual(['2', '3']);
    await details.getByRole('button', { name: 'Go to layer 2' }).click();
    await expect.poll(() => layer(2).getByRole('button').getAttribute('aria-current')).toBe('true');
    await layer(3).getByRole('button').click();
    // Filter by change kind alone.
    await page.getByRole('checkbox', { name: 'added' }).check();
    await page.getByRole('radio', { name: "This layer's changes" }).check();
    await expect.poll(() => page.locator('table[aria-label="Matching files"] tr[data-path]').count()).toBe(0);
    await page.getByRole('checkbox', { name: 'modified' }).check();
    await page.locator('table[aria-label="Matching files"] tr[data-path="/added.txt"]').waitFor();
  });

  it('shows the wasted bytes of an image that adds a large file and then removes it', async () => {
    const tag = `e2e-waste-${Date.now().toString(36)}:one`;
    images.push(tag);
    await build(tag, `FROM ${image}\nRUN head -c 3000000 /dev/zero > /big.bin\nRUN rm /big.bin\n`);
    await open(`#/images/${encodeURIComponent(tag)}?tab=layers`);
    await analysed();
    const waste = page.locator('section[data-wasted-bytes]');
    expect(await waste.getAttribute('data-wasted-bytes')).toBe('3000000');
    expect(await waste.locator('[data-stat="wasted"]').textContent()).toContain('3.00 MB');
    const row = waste.locator('tr[data-path="/big.bin"]');
    expect(await row.getAttribute('data-cumulative-size')).toBe('3000000');
    expect(await row.locator('button').evaluateAll((b) => b.map((x) => x.textContent))).toEqual(['1', '2']);
    expect(Number(await waste.getAttribute('data-efficiency'))).toBeLessThan(1);
    expect(await waste.textContent()).toMatch(/opaque/i); // what was counted
    // The layer that removed it, from the waste list.
    await row.getByRole('button', { name: 'Go to layer 2' }).click();
    await expect.poll(() => treeRow('/big.bin').getAttribute('data-change')).toBe('removed');
    await waste.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artifacts}/layers-waste.png` });
  });

  it('compares two tags of one repository: shared layers, where they part, and the files that differ', async () => {
    const repo = `e2e-compare-${Date.now().toString(36)}`;
    images.push(`${repo}:v1`, `${repo}:v2`);
    await build(`${repo}:v1`, `FROM ${image}\nRUN echo 1 > /v.txt\n`);
    await build(`${repo}:v2`, `FROM ${repo}:v1\nRUN echo 22 > /v.txt && echo new > /n.txt\n`);
    await open('#/images');
    await page.getByRole('button', { name: 'Compare…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'First image (before)' }).selectOption(`${repo}:v1`);
    await dialog.getByRole('combobox', { name: 'Second image (after)' }).selectOption(`${repo}:v2`);
    await dialog.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.locator('[data-shared-count]').waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).hash).toBe(`#/images/${encodeURIComponent(`${repo}:v1`)}?tab=compare&with=${encodeURIComponent(`${repo}:v2`)}`);
    expect(await page.locator('[data-shared-count]').getAttribute('data-shared-count')).toBe('2');
    expect(await page.locator('[data-shared-count]').textContent()).toContain(`${repo}:v2 is built on ${repo}:v1`);
    expect(await page.locator('tr[data-shared="true"]').count()).toBe(2);
    expect(await page.locator('tr[data-shared="false"]').count()).toBe(1);
    const files = page.locator('table[aria-label="Files that differ"]');
    expect(await files.locator('tr[data-path="/n.txt"]').getAttribute('data-change')).toBe('added');
    expect(await files.locator('tr[data-path="/v.txt"]').getAttribute('data-change')).toBe('modified');
    expect(await files.locator('tr[data-path]').count()).toBe(2);
    await page.screenshot({ path: `${artifacts}/layers-compare.png` });

    // The other way round: the new file is removed.
    await page.getByRole('button', { name: 'Swap' }).click();
    await expect.poll(() => files.locator('tr[data-path="/n.txt"]').getAttribute('data-change'), { timeout: 30_000 }).toBe('removed');
  });

  it('shows a container’s changes as a tree, previews a file it wrote and saves it', async () => {
    const name = unique('e2e-changes');
    await docker(['run', '-d', '--name', name, image, 'sh', '-c', 'echo x > /new.txt; mkdir -p /srv/app && echo data > /srv/app/out.log; rm /bin/vi; sleep 600']);
    await expect.poll(async () => (await docker(['diff', name])).includes('/srv/app/out.log'), { timeout: 15_000 }).toBe(true);
    await open(`#/containers/${name}`);
    await page.getByRole('tab', { name: 'Changes' }).click();
    await treeRow('/new.txt').waitFor();
    expect(await treeRow('/new.txt').getAttribute('data-change')).toBe('added');
    expect(await treeRow('/bin/vi').getAttribute('data-change')).toBe('removed');
    expect(await treeRow('/srv/app/out.log').getAttribute('data-change')).toBe('added');
    expect(await treeRow('/bin').textContent()).toContain('C');

    await treeRow('/new.txt').click();
    const preview = page.getByRole('complementary', { name: 'Preview of new.txt' });
    await expect.poll(() => preview.locator('pre').textContent()).toBe('x\n');
    await preview.getByRole('button', { name: 'Download' }).click();
    const saved = preview.locator('[data-saved-to]');
    await saved.waitFor();
    const path = (await saved.getAttribute('data-saved-to')) ?? '';
    savedFiles.push(path);
    expect(path).toMatch(/new-.*\.txt$/);
    expect(await saved.textContent()).toContain('Saved 2 B to');
    await page.screenshot({ path: `${artifacts}/container-changes.png` });

    // A deleted file has nothing to preview.
    await treeRow('/bin/vi').click();
    expect(await page.getByRole('complementary', { name: 'Preview of vi' }).textContent()).toContain('nothing left to preview');
    // A folder is saved as a tar of it.
    await treeRow('/srv/app').click();
    const folder = page.getByRole('complementary', { name: 'Preview of app' });
    expect(await folder.textContent()).toContain('1 change below it');
    expect(await folder.getByRole('button', { name: 'Download as .tar' }).count()).toBe(1);
  });
  it('shows the progress of reading a large image, cancels, and analyses again', async () => {
    const tag = `e2e-big-${Date.now().toString(36)}:one`;
    images.push(tag);
    await build(tag, `FROM ${image}\nRUN head -c 500000000 /dev/zero > /big.bin\n`);
    await open(`#/images/${encodeURIComponent(tag)}`);
    const read = page.locator('[data-bytes-read]');
    await read.waitFor({ timeout: 30_000 });
    expect(await page.locator('.lx-progress').textContent()).toMatch(/Reading the image from the engine: [\d.]+ [kMG]?B of 50\d MB/);
    expect(await page.getByRole('progressbar', { name: 'Image export read' }).count()).toBe(1);
    await page.screenshot({ path: `${artifacts}/layers-progress.png` });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Analyse again' }).waitFor();
    expect(await page.locator('.lx-explorer').getAttribute('data-analysis')).toBe('stopped');
    expect(await page.getByRole('status').filter({ hasText: 'Analysis cancelled' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Analyse again' }).click();
    await analysed();
    expect(await layer(1).locator('[data-size]').getAttribute('data-size')).toBe('500000000');
  });
});
