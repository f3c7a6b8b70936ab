import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runDocker } from '../harness/dockerd';
import { chromiumPath, launchChromium, startBerthServe, type RunningBerth } from '../harness/browser-mode';

const host = inject('engineHost');
const image = inject('busyboxImage');
const docker = (args: string[]) => runDocker(host, args);
const artifacts = 'test/.artifacts';

let berth: RunningBerth;
let browser: Browser;
let page: Page;
let cspViolations: string[] = [];
const names: string[] = [];

/** The computed text colour of an element (run in the page). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test code has no DOM types
const colorOf = (el: any): string => el.ownerDocument.defaultView.getComputedStyle(el).color;

function unique(prefix: string): string {
  const name = `${prefix}-${Date.now().toString(36)}`;
  names.push(name);
  return name;
}

/**
 * What the active terminal holds, as a user gets it: its "Copy all" button, then the clipboard.
 * (WebGL draws the terminal on a canvas, so its text is not in the DOM.)
 */
async function terminalText(p: Page): Promise<string> {
  await p.locator('.term-pane:not([hidden])').getByRole('button', { name: 'Copy all' }).click();
  return String(await p.evaluate('navigator.clipboard.readText()'));
}

/** An image with no shell at all: busybox's binary at /busybox, nothing at /bin. */
async function importShellLessImage(tag: string): Promise<void> {
  const root = await mkdtemp('/tmp/berth-noshell-');
  try {
    await copyFile('/bin/busybox', join(root, 'busybox'));
    const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const imp = spawn('docker', ['import', '--change', 'CMD ["/busybox", "sleep", "600"]', '-', tag], { env: { ...process.env, DOCKER_HOST: host }, stdio: ['pipe', 'ignore', 'inherit'] });
    tar.stdout.pipe(imp.stdin);
    const code = await new Promise<number | null>((resolve) => imp.on('close', resolve));
    if (code !== 0) throw new Error('docker import of the shell-less image failed');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function openContainerTerminal(name: string): Promise<void> {
  await page.goto(`${berth.url}#/containers/${name}`);
  await page.locator(`[data-container-details="${name}"]`).waitFor();
  await page.getByRole('tab', { name: 'Terminal', exact: true }).click();
}

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  berth = await startBerthServe(host);
  browser = await launchChromium();
});

beforeEach(async () => {
  // A fresh page for every test, logged in through the token URL.
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
});

describe('terminals in Chromium (browser mode, real engine)', () => {
  it('opens a shell in a container, runs a command, and keeps the session across navigation', async () => {
    const name = unique('e2e-term');
    await docker(['run', '-d', '--name', name, image, 'sleep', '600']);
    await openContainerTerminal(name);
    const pane = page.locator('.term-pane:not([hidden])');
    await expect.poll(() => pane.getAttribute('data-session-id'), { timeout: 20_000 }).toBeTruthy();
    const sessionId = await pane.getAttribute('data-session-id');
    await page.locator('.term-pane:not([hidden]) .xterm').click();
    await page.keyboard.type('echo hel""lo-from-berth\n');
    await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^hello-from-berth/m);
    await page.screenshot({ path: `${artifacts}/terminal.png` });

    // Away (the stream only detaches) and back: the same session, its output replayed.
    await page.locator('nav.sidebar').getByRole('link', { name: 'Containers' }).click();
    await page.locator(`tr[data-container-name="${name}"]`).waitFor();
    await page.locator(`tr[data-container-name="${name}"] a`).first().click();
    await page.getByRole('tab', { name: 'Terminal', exact: true }).click();
    await expect.poll(() => page.locator('.term-pane:not([hidden])').getAttribute('data-session-id')).toBe(sessionId);
    await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^hello-from-berth/m);

    // A full reload: the store gets the session back from terminals:list.
    await page.reload();
    await page.getByRole('tab', { name: 'Terminal', exact: true }).click();
    await expect.poll(() => page.locator('.term-pane:not([hidden])').getAttribute('data-session-id')).toBe(sessionId);
    await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^hello-from-berth/m);

    // Closing the tab ends the session in the backend.
    await page.getByRole('button', { name: /^Close / }).click();
    await expect.poll(() => page.locator(`[data-session-id="${sessionId}"]`).count()).toBe(0);
    expect(cspViolations).toEqual([]);
  });

  it('opens the host shell on the Terminal page, and keeps it when the page is left', async () => {
    await page.locator('nav.sidebar').getByRole('link', { name: 'Terminal' }).click();
    const pane = page.locator('.term-pane:not([hidden])');
    await expect.poll(() => pane.getAttribute('data-session-id'), { timeout: 20_000 }).toBeTruthy();
    const sessionId = await pane.getAttribute('data-session-id');
    await page.locator('.term-pane:not([hidden]) .xterm').click();
    await page.keyboard.type('echo host-$((40+2))\n');
    await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^host-42/m);
    await page.screenshot({ path: `${artifacts}/terminal-host.png` });
    await page.locator('nav.sidebar').getByRole('link', { name: 'Containers' }).click();
    await page.locator('nav.sidebar').getByRole('link', { name: 'Terminal' }).click();
    await expect.poll(() => page.locator('.term-pane:not([hidden])').getAttribute('data-session-id')).toBe(sessionId);
    await page.reload();
    await expect.poll(() => page.locator('.term-pane:not([hidden])').getAttribute('data-session-id'), { timeout: 10_000 }).toBe(sessionId);
    await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/^host-42/m);
    await page.getByRole('button', { name: /^Close / }).click();
    expect(cspViolations).toEqual([]);
  });

  it('opens several terminals in tabs', async () => {
    const name = unique('e2e-tabs');
    await docker(['run', '-d', '--name', name, image, 'sleep', '600']);
    await openContainerTerminal(name);
    await expect.poll(() => page.locator('.term-pane:not([hidden])').getAttribute('data-session-id'), { timeout: 20_000 }).toBeTruthy();
    await page.getByRole('button', { name: 'New terminal' }).click();
    await expect.poll(() => page.locator('.term-pane[data-session-id]').count(), { timeout: 20_000 }).toBe(2);
    const ids = await page.locator('.term-pane[data-session-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id')));
    expect(new Set(ids).size).toBe(2);
    expect(await page.getByRole('tablist', { name: `Terminals in ${name}` }).getByRole('tab').count()).toBe(2);
  });

  it('shows the refusal for a stopped container, without a crash', async () => {
    const name = unique('e2e-stopped');
    await docker(['create', '--name', name, image, 'sleep', '600']);
    await openContainerTerminal(name);
    const failure = page.locator('[data-terminal-failure]');
    await expect.poll(() => failure.textContent(), { timeout: 20_000 }).toMatch(/not running/);
    expect(await failure.getAttribute('data-terminal-failure')).toBe('conflict');
    await page.screenshot({ path: `${artifacts}/terminal-stopped.png` });
  });

  it('offers a debug shell for a container with no shell, and says clearly what it is', async () => {
    const tag = 'berth-test/noshell:latest';
    await importShellLessImage(tag);
    const name = unique('e2e-noshell');
    await docker(['run', '-d', '--name', name, tag]);
    await openContainerTerminal(name);
    const failure = page.locator('[data-terminal-failure]');
    await expect.poll(() => failure.textContent(), { timeout: 20_000 }).toMatch(/no shell/);
    await page.getByRole('button', { name: 'Open a debug shell' }).click();
    const banner = page.locator('.term-pane:not([hidden]) [data-debug-banner]');
    await expect.poll(() => banner.textContent(), { timeout: 20_000 }).toMatch(/helper container/);
    await expect.poll(() => page.locator('.term-pane:not([hidden])').getAttribute('data-session-id'), { timeout: 20_000 }).toBeTruthy();
    await expect.poll(() => banner.textContent()).toMatch(/\/proc\/1\/root/);
    // It really is in the target's PID namespace: PID 1 is the target's sleep.
    await page.locator('.term-pane:not([hidden]) .xterm').click();
    await page.keyboard.type('cat /proc/1/cmdline | tr "\\0" " "; echo\n');
    await expect.poll(() => terminalText(page), { timeout: 10_000 }).toMatch(/\/busybox sleep 600/);
    await page.screenshot({ path: `${artifacts}/terminal-debug-shell.png` });
    expect(cspViolations).toEqual([]);
  });

  it('keeps the CSP when WebGL is missing: the DOM renderer takes over, colours included', async () => {
    const name = unique('e2e-dom');
    await docker(['run', '-d', '--name', name, image, 'sleep', '600']);
    const noGpu = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-3d-apis', '--disable-dev-shm-usage'] });
    try {
      const context = await noGpu.newContext({ viewport: { width: 1280, height: 800 } });
      const p = await context.newPage();
      const violations: string[] = [];
      p.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await p.goto(berth.loginUrl);
      await p.goto(`${berth.url}#/containers/${name}`);
      await p.getByRole('tab', { name: 'Terminal', exact: true }).click();
      await expect.poll(() => p.locator('.term-pane:not([hidden])').getAttribute('data-session-id'), { timeout: 20_000 }).toBeTruthy();
      expect(await p.locator('[data-terminal-host]').first().getAttribute('data-renderer')).toBe('dom');
      await p.locator('.term-pane:not([hidden]) .xterm').click();
      await p.keyboard.type("printf '\\033[38;2;255;0;0mtrue-red\\033[0m \\033[32mgreen\\033[0m\\n'\n");
      const rows = p.locator('.term-pane:not([hidden]) .xterm-rows');
      await expect.poll(() => rows.textContent(), { timeout: 10_000 }).toMatch(/true-red green/);
      const red = await rows.locator('span', { hasText: /^true-red$/ }).first().evaluate(colorOf);
      expect(red).toBe('rgb(255, 0, 0)');
      const green = await rows.locator('span', { hasText: /^green$/ }).first().evaluate(colorOf);
      expect(green).not.toBe(await rows.evaluate(colorOf));
      await p.screenshot({ path: `${artifacts}/terminal-dom-renderer.png` });
      expect(violations).toEqual([]);
    } finally {
      await noGpu.close();
    }
  });
});
