import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { mkdir, readFile, rm } from 'node:fs/promises';
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
let cspViolations: string[] = [];
const names: string[] = [];
const savedFiles: string[] = [];

/** The computed text colour of an element (run in the page). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test code has no DOM types
const colorOf = (el: any): string => el.ownerDocument.defaultView.getComputedStyle(el).color;

function unique(prefix: string): string {
  const name = `${prefix}-${Date.now().toString(36)}`;
  names.push(name);
  return name;
}

async function openLogs(name: string): Promise<void> {
  await page.goto(`${berth.url}#/containers/${name}`);
  await page.locator(`[data-container-details="${name}"]`).waitFor();
  await page.getByRole('tab', { name: 'Logs', exact: true }).click();
  await page.locator('[data-log-viewer]').waitFor();
}

const rows = () => page.locator('[data-log-row]');
const rowTexts = () => rows().evaluateAll((els) => els.map((e) => e.querySelector('.log-text')?.textContent ?? ''));

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  berth = await startBerthServe(host);
  browser = await launchChromium();
});

beforeEach(async () => {
  await page?.context().close();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
  page = await context.newPage();
  cspViolations = [];
  page.on('pageerror', (err) => {
    throw err;
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await page.goto(berth.loginUrl);
});

afterAll(async () => {
  await browser?.close();
  await berth?.stop();
  for (const name of names) await docker(['rm', '-f', name]).catch(() => undefined);
  for (const file of savedFiles) await rm(file, { force: true });
});

describe('log viewer in Chromium (browser mode, real engine)', () => {
  it('renders ANSI colours as coloured spans and marks stderr lines', async () => {
    const name = unique('e2e-ansi');
    const script = [
      `printf '\\033[31mred\\033[0m plain \\033[1;32mbold green\\033[0m \\033[38;5;208morange\\033[0m \\033[38;2;10;200;30mtruecolor\\033[0m\\n'`,
      `printf '\\033[2K\\033[1Gcursor moves stripped\\n'`,
      `echo 'to stderr' >&2`,
      `printf 'long:%0400d:end\\n' 7`,
      'sleep 600',
    ].join('; ');
    await docker(['run', '-d', '--name', name, image, 'sh', '-c', script]);
    await openLogs(name);
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(4);
    // stdout and stderr are copied by the engine apart, so their relative order may vary.
    const texts = await rowTexts();
    expect(texts.filter((t) => t !== 'to stderr').map((t) => t.slice(0, 40))).toEqual(['red plain bold green orange truecolor', 'cursor moves stripped', `long:${'0'.repeat(35)}`]);
    const first = rows().filter({ hasText: 'red plain' });
    expect(await first.locator('span.ansi-fg-1').textContent()).toBe('red');
    expect(await first.locator('span.ansi-fg-2.ansi-bold').textContent()).toBe('bold green');
    expect(await first.locator('span', { hasText: /^orange$/ }).evaluate(colorOf)).toBe('rgb(255, 135, 0)');
    expect(await first.locator('span', { hasText: /^truecolor$/ }).evaluate(colorOf)).toBe('rgb(10, 200, 30)');
    expect(await rows().filter({ hasText: 'to stderr' }).getAttribute('data-stream')).toBe('stderr');
    expect(await first.getAttribute('data-stream')).toBe('stdout');
    await page.getByRole('checkbox', { name: 'Timestamps' }).check();
    await page.getByRole('searchbox', { name: 'Search the log' }).fill('green');
    await expect.poll(() => page.locator('mark.log-hit').count()).toBe(1);
    expect(await rows().first().locator('.log-ts').textContent()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // Wrapped, the long line takes as many visual lines as it needs, and shows all of its text.
    const long = rows().filter({ hasText: 'long:' });
    expect(await long.evaluate((el) => el.getBoundingClientRect().height)).toBe(18);
    await page.getByRole('checkbox', { name: 'Wrap lines' }).check();
    await expect.poll(() => long.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(18);
    const fits = await long.evaluate((el) => {
      const text = el.querySelector('.log-text');
      return !!text && text.scrollHeight <= el.getBoundingClientRect().height + 1 && text.getBoundingClientRect().right <= el.getBoundingClientRect().right + 1;
    });
    expect(fits).toBe(true);
    await page.screenshot({ path: `${artifacts}/logs-ansi.png` });
    expect(cspViolations).toEqual([]);
  });

  it('searches with highlights, counts, steps, filters, and says when a regex is invalid', async () => {
    const name = unique('e2e-search');
    const script = `for i in $(seq 1 300); do echo "line $i"; done; printf 'ERROR: disk \\033[33mfull\\033[0m\\n'; echo 'an error again'; for i in $(seq 301 400); do echo "line $i"; done; printf '\\033[36mcyan tail\\033[0m\\n'; sleep 600`;
    await docker(['run', '-d', '--name', name, image, 'sh', '-c', script]);
    await openLogs(name);
    await expect.poll(() => page.locator('.log-status').textContent(), { timeout: 15_000 }).toMatch(/^403 lines/);
    const search = page.getByRole('searchbox', { name: 'Search the log' });
    await search.fill('error');
    await expect.poll(() => page.locator('[data-match-count]').getAttribute('data-match-count')).toBe('2');
    await search.press('Enter');
    await expect.poll(() => page.locator('.log-count').textContent()).toMatch(/^\d of 2$/);
    // The current hit is in view (the lines were above the bottom: the view scrolled to them).
    const current = page.locator('mark.log-hit.current');
    await expect.poll(() => current.count()).toBe(1);
    expect(await current.evaluate((el) => el.closest('[data-log-row]')?.textContent)).toMatch(/error/i);
    expect(await current.isVisible()).toBe(true);
    await search.press('Enter');
    await expect.poll(() => page.locator('.log-count').textContent()).toMatch(/^\d of 2$/);
    await page.getByRole('button', { name: 'Copy' }).click();
    const copied = String(await page.evaluate('navigator.clipboard.readText()')).split('\n');
    expect(copied.length).toBe(403);
    expect(copied[300]).toBe('ERROR: disk full');
    await page.screenshot({ path: `${artifacts}/logs-search.png` });

    await page.getByRole('button', { name: 'Show only matching lines' }).click();
    await expect.poll(() => rowTexts()).toEqual(['ERROR: disk full', 'an error again']);
    await page.getByRole('button', { name: 'Match case' }).click();
    await expect.poll(() => rowTexts()).toEqual(['an error again']);
    await page.getByRole('button', { name: 'Show only matching lines' }).click();
    await page.getByRole('button', { name: 'Match case' }).click();

    await page.getByRole('button', { name: 'Regular expression' }).click();
    await search.fill('line (');
    await expect.poll(() => page.locator('.log-search [role="alert"]').textContent()).toMatch(/^Invalid regular expression/);
    await search.fill('^line 3\\d\\d$');
    await expect.poll(() => page.locator('[data-match-count]').getAttribute('data-match-count')).toBe('100');
  });

  it('downloads the whole log, the same lines as docker logs', async () => {
    const name = unique('e2e-save');
    await docker(['run', '-d', '--name', name, image, 'sh', '-c', 'for i in $(seq 1 3000); do echo "entry $i $RANDOM"; done; sleep 600']);
    await expect.poll(async () => (await docker(['logs', name])).split('\n').length, { timeout: 15_000 }).toBeGreaterThan(3000);
    await openLogs(name);
    // The viewer holds the last 500; the download has them all.
    await expect.poll(() => page.locator('.log-status').textContent(), { timeout: 15_000 }).toMatch(/^500 lines/);
    await page.getByRole('button', { name: 'Download' }).click();
    const saved = page.locator('[data-saved-path]');
    await expect.poll(() => saved.getAttribute('data-saved-path'), { timeout: 20_000 }).toBeTruthy();
    const path = (await saved.getAttribute('data-saved-path')) ?? '';
    savedFiles.push(path);
    expect(await saved.textContent()).toContain('Saved 3,000 lines');
    const file = (await readFile(path, 'utf8')).split('\n');
    const cli = (await docker(['logs', name])).split('\n');
    expect(file.length).toBe(cli.length);
    for (let i = 0; i < cli.length; i++) if (file[i] !== cli[i]) expect(`${i}: ${file[i]}`).toBe(`${i}: ${cli[i]}`);
  });

  it('shows inline notes when the followed container stops and starts again', async () => {
    const name = unique('e2e-note');
    await docker(['run', '-d', '--name', name, image, 'sh', '-c', 'echo started; sleep 2; echo stopping; exit 3']);
    await openLogs(name);
    const note = page.locator('[data-log-note]');
    await expect.poll(() => note.first().textContent(), { timeout: 20_000 }).toMatch(/exited with code 3/);
    await docker(['start', name]);
    // Lines and notes in the order they happened, nothing lost or repeated across the restart.
    const entries = () => page.locator('.log-window').evaluate((el) => [...el.children].map((c) => (c.hasAttribute('data-log-note') ? 'note' : c.textContent)));
    await expect.poll(entries, { timeout: 20_000 }).toEqual(['started', 'stopping', 'note', 'note', 'started', 'stopping', 'note']);
    expect(await note.nth(1).textContent()).toMatch(/started again/);
  });

  it('stays responsive under 50,000 lines a second, bounded, following the bottom', async () => {
    const name = unique('e2e-flood');
    // 5,000 lines every 0.1 s, some coloured, some on stderr.
    const script = `i=0; while true; do i=$((i+1)); awk -v i=$i 'BEGIN { for (n = 1; n <= 5000; n++) printf "flood %d line %d \\033[32mok\\033[0m\\n", i, n }'; echo "batch $i to stderr" >&2; usleep 100000; done`;
    await docker(['run', '-d', '--name', name, image, 'sh', '-c', script]);
    await openLogs(name);
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBeGreaterThan(10);
    // Frame gaps measured in the page for 4 s while the flood goes on.
    // (A string: it runs in the page, and the test code has no DOM types.)
    const gaps = (await page.evaluate(`new Promise((resolve) => {
      const out = [];
      let last = performance.now();
      const end = last + 4000;
      const tick = (now) => {
        out.push(now - last);
        last = now;
        if (now < end) requestAnimationFrame(tick);
        else resolve(out);
      };
      requestAnimationFrame(tick);
    })`)) as number[];
    gaps.sort((a, b) => a - b);
    const p50 = gaps[Math.floor(gaps.length * 0.5)] ?? 0;
    const p95 = gaps[Math.floor(gaps.length * 0.95)] ?? 0;
    console.log(`flood: ${gaps.length} frames in 4 s, frame gap p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${gaps.at(-1)?.toFixed(1)} ms`);
    expect(gaps.length).toBeGreaterThan(60);
    // Only the rows in view are in the DOM.
    expect(await rows().count()).toBeLessThan(80);
    // Following: the last row in the DOM is the newest, at the bottom.
    expect(await page.locator('[role="log"]').getAttribute('data-log-stuck')).toBe('true');
    // Bounded: once past 200,000 lines the older ones go, and the viewer says so.
    await expect.poll(() => page.locator('[data-log-dropped]').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('[data-log-dropped]').textContent()).toMatch(/Download saves the whole log/);
    // Scrolling up pauses following and offers the way back.
    await page.locator('[role="log"]').hover();
    await page.mouse.wheel(0, -2000);
    await expect.poll(() => page.getByRole('button', { name: /Jump to latest/ }).count()).toBe(1);
    await page.screenshot({ path: `${artifacts}/logs-flood.png` });
    await page.getByRole('button', { name: /Jump to latest/ }).click();
    await expect.poll(() => page.locator('[role="log"]').getAttribute('data-log-stuck')).toBe('true');
    await docker(['rm', '-f', name]);
  });
});
