import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { runDocker } from '../harness/dockerd';
import { freePort, startTestRegistry, type TestRegistry } from '../harness/registry';
import { launchChromium, startBerthServe, type RunningBerth } from '../harness/browser-mode';

const host = inject('engineHost');
const image = inject('busyboxImage');
const docker = (args: string[]) => runDocker(host, args);
const artifacts = 'test/.artifacts';

let berth: RunningBerth;
let browser: Browser;
let page: Page;
let registry: TestRegistry;
const cleanup: string[][] = [];

function httpGet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A fresh page load (not just a hash change), so nothing from an earlier test stays open. */
async function open(hash: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${berth.url}${hash}`);
}

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  registry = await startTestRegistry({ auth: false });
  berth = await startBerthServe(host);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('pageerror', (err) => {
    throw err;
  });
  await page.goto(berth.loginUrl);
});

afterAll(async () => {
  await browser?.close();
  await berth?.stop();
  await registry?.stop();
  for (const args of cleanup) await docker(args).catch(() => undefined);
});

describe('management in Chromium (browser mode, real engine)', () => {
  it('runs a container from the dialog with a port, an env var and a volume; it answers on its port', async () => {
    const name = `e2e-run-${Date.now().toString(36)}`;
    const volume = `${name}-data`;
    cleanup.push(['rm', '-f', name], ['volume', 'rm', volume]);
    const port = await freePort();
    await open('#/containers');
    await page.getByRole('button', { name: 'Run…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run a container' });
    await dialog.getByLabel('Image', { exact: true }).fill(image);
    await dialog.getByLabel('Name (optional)').fill(name);
    await dialog.getByLabel('Command').fill('sh -c "mkdir -p /www && echo $GREETING > /www/index.html && date > /data/started && httpd -f -p 80 -h /www"');
    await dialog.getByRole('button', { name: '+ Add port' }).click();
    await dialog.getByLabel('Host port 1').fill(String(port));
    await dialog.getByLabel('Container port 1').fill('80');
    await dialog.getByRole('button', { name: '+ Add variable' }).click();
    await dialog.getByLabel('Variable name 1').fill('GREETING');
    await dialog.getByLabel('Variable value 1').fill('hello-from-the-run-dialog');
    await dialog.getByRole('button', { name: '+ Add mount' }).click();
    await dialog.getByLabel('Mount source 1').fill(volume);
    await dialog.getByLabel('Mount target 1').fill('/data');
    await page.screenshot({ path: `${artifacts}/run-dialog.png` });
    await dialog.getByRole('button', { name: 'Run', exact: true }).click();
    // The dialog closes and the details page of the new container opens.
    await page.waitForSelector(`[data-container-details="${name}"]`, { timeout: 30_000 });
    await expect.poll(async () => httpGet(port).catch(() => ''), { timeout: 10_000 }).toBe('hello-from-the-run-dialog\n');
    expect((await docker(['run', '--rm', '-v', `${volume}:/data`, image, 'cat', '/data/started'])).trim()).not.toBe('');
    // The environment value is masked until clicked.
    expect(await page.locator('[data-env-value="GREETING"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Show the value of GREETING' }).click();
    expect(await page.locator('[data-env-value="GREETING"]').textContent()).toBe('hello-from-the-run-dialog');
    await page.screenshot({ path: `${artifacts}/container-details.png` });
    await page.getByRole('tab', { name: 'Stats' }).click();
    await expect.poll(() => page.getByLabel('Live stats').textContent(), { timeout: 10_000 }).toMatch(/CPU\d/);
    await page.screenshot({ path: `${artifacts}/container-stats.png` });
  });

  it('says a host port is taken before anything is created', async () => {
    const holder = `e2e-holder-${Date.now().toString(36)}`;
    cleanup.push(['rm', '-f', holder]);
    const port = await freePort();
    await docker(['run', '-d', '--name', holder, '-p', `${port}:80`, image, 'sleep', '600']);
    await open('#/containers');
    await page.getByRole('button', { name: 'Run…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run a container' });
    await dialog.getByLabel('Image', { exact: true }).fill(image);
    await dialog.getByRole('button', { name: '+ Add port' }).click();
    await dialog.getByLabel('Host port 1').fill(String(port));
    await dialog.getByLabel('Container port 1').fill('80');
    await expect.poll(() => dialog.getByRole('alert').first().textContent()).toContain(`Host port ${port} is taken by container ${holder}`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('stops several containers at once from the selection bar', async () => {
    const names = [1, 2, 3].map((n) => `e2e-bulk-${n}-${Date.now().toString(36)}`);
    for (const n of names) {
      cleanup.push(['rm', '-f', n]);
      await docker(['run', '-d', '--name', n, image, 'sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done']);
    }
    await open('#/containers');
    for (const n of names) await page.getByRole('checkbox', { name: `Select ${n}` }).check();
    const bar = page.getByRole('toolbar', { name: 'Selected containers' });
    expect(await bar.textContent()).toContain('3 selected');
    await bar.getByRole('button', { name: 'Stop', exact: true }).click();
    for (const n of names) await expect.poll(() => page.locator(`tr[data-container-name="${n}"]`).getAttribute('data-state'), { timeout: 20_000 }).toBe('exited');
    for (const n of names) expect((await docker(['inspect', '-f', '{{.State.Status}}', n])).trim()).toBe('exited');
  });

  it('pulls an image with per-layer progress', async () => {
    const ref = `${registry.address}/e2e/pulled:1`;
    // A layer of its own, so the pull really transfers something.
    await runDocker(host, ['build', '-t', ref, '-'], `FROM ${image}\nRUN head -c 2000000 /dev/urandom > /blob\n`);
    await docker(['push', ref]);
    await docker(['rmi', ref]);
    cleanup.push(['rmi', ref]);
    await open('#/images');
    await page.getByRole('button', { name: 'Pull…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pull an image' });
    await dialog.getByLabel('Image reference').fill('Bad:Reference:');
    expect(await dialog.locator('.field-error').textContent()).toBeTruthy();
    await dialog.getByLabel('Image reference').fill(ref);
    await dialog.getByRole('button', { name: 'Pull', exact: true }).click();
    await page.waitForSelector('[data-pull-status="done"]', { timeout: 30_000 });
    expect(await dialog.getByRole('list', { name: 'Layers' }).locator('li').count()).toBeGreaterThanOrEqual(1);
    expect(await dialog.textContent()).toMatch(/Downloaded: [\d.]+ [kM]B of [\d.]+ [kM]B/);
    await page.screenshot({ path: `${artifacts}/pull.png` });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.locator(`tr[data-image-ref="${ref}"]`).count()).toBe(1);
  });

  it('refuses removing an image in use, explains why, then removes it with force', async () => {
    const tag = `e2e-inuse-${Date.now().toString(36)}:1`;
    // An image of its own (one tag), so removing the tag would delete it.
    await runDocker(host, ['build', '-t', tag, '-'], `FROM ${image}\nRUN echo ${Date.now()} > /stamp\n`);
    const user = `e2e-image-user-${Date.now().toString(36)}`;
    cleanup.push(['rm', '-f', user], ['rmi', '-f', tag]);
    await docker(['create', '--name', user, tag, 'true']);
    await open('#/images');
    await page.getByLabel('Search images').fill(tag);
    await page.getByRole('button', { name: `Remove ${tag}`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Remove ${tag}?` });
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(new RegExp(`in use by container ${user} \\(created\\)`));
    expect(await docker(['images', '-q', tag])).not.toBe(''); // nothing lost
    await page.screenshot({ path: `${artifacts}/image-remove-refused.png` });
    await dialog.getByRole('button', { name: 'Remove with force' }).click();
    await expect.poll(() => page.locator(`tr[data-image-ref="${tag}"]`).count(), { timeout: 10_000 }).toBe(0);
    expect(await docker(['images', '-q', tag])).toBe('');
  });

  it('builds from a folder and shows the failing step of a broken Dockerfile', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const dir = await mkdtemp('/tmp/berth-e2e-build-');
    await writeFile(`${dir}/Dockerfile`, `FROM ${image}\nRUN echo ok\nRUN exit 7\n`);
    await open('#/images');
    await page.getByRole('button', { name: 'Build…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Build an image' });
    await dialog.getByLabel('Build context folder').fill(dir);
    await dialog.getByLabel('Tags').fill('e2e-broken:1');
    await dialog.getByRole('button', { name: 'Build', exact: true }).click();
    await page.waitForSelector('[data-build-status="failed"]', { timeout: 30_000 });
    expect(await dialog.getByRole('alert').first().textContent()).toContain('Failed at step 3: RUN exit 7');
    await page.screenshot({ path: `${artifacts}/build-failed.png` });
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});
