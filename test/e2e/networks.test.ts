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
const networks: string[] = [];

function unique(prefix: string, list: string[]): string {
  const name = `${prefix}-${Date.now().toString(36)}`;
  list.push(name);
  return name;
}

const row = (name: string) => page.locator(`tr[data-network-name="${name}"]`);

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
  for (const name of networks) await docker(['network', 'rm', name]).catch(() => undefined);
});

describe('Networks page in Chromium (browser mode, real engine)', () => {
  it('creates a network with a subnet, connects a container, shows its IP, refuses removal while attached, disconnects and removes', async () => {
    const net = unique('e2e-net', networks);
    const member = unique('e2e-net-member', containers);
    // A random /24 in 10.213.0.0/16, unlikely to meet another engine's network on this machine.
    const octet = 20 + Math.floor(Math.random() * 200);
    const subnet = `10.213.${octet}.0/24`;
    await docker(['run', '-d', '--name', member, image, 'sleep', '600']);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Networks', exact: true }).click();
    await row('bridge').waitFor();
    expect(await row('bridge').getAttribute('data-built-in')).toBe('true');
    expect(await row('bridge').getByRole('button', { name: 'Remove bridge' }).count()).toBe(0);
    expect(await row('bridge').textContent()).toContain('built-in');

    await page.getByRole('button', { name: 'Create network' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name' }).fill(net);
    const subnetField = dialog.getByRole('textbox', { name: 'Subnet (optional)' });
    await subnetField.fill(`10.213.${octet}.7/24`);
    await subnetField.blur();
    expect(await dialog.textContent()).toContain(`10.213.${octet}.7/24 has host bits set: the subnet is ${subnet}.`);
    await subnetField.fill(subnet);
    await dialog.getByRole('textbox', { name: 'Gateway (optional)' }).fill(`10.213.${octet}.1`);
    await page.screenshot({ path: `${artifacts}/network-create.png` });
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await row(net).waitFor();
    expect(await dialog.count()).toBe(0);
    expect(await row(net).textContent()).toContain(subnet);
    expect((await docker(['network', 'inspect', '-f', '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}', net])).trim()).toBe(`${subnet} 10.213.${octet}.1`);

    // Connect the container through the dialog: its chip shows its address on this network.
    await row(net).getByRole('button', { name: `Connect a container to ${net}` }).click();
    await dialog.getByRole('combobox').selectOption({ label: `${member} (running)` });
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    const chip = row(net).locator(`[data-container-name="${member}"]`);
    await chip.waitFor();
    expect(await chip.getAttribute('data-ip')).toMatch(new RegExp(`^10\\.213\\.${octet}\\.\\d+$`));
    expect(await chip.textContent()).toContain(`10.213.${octet}.`);
    await page.screenshot({ path: `${artifacts}/networks.png` });

    // Removing while attached: the backend says no, on this row.
    await row(net).getByRole('button', { name: `Remove ${net}` }).click();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    const error = page.locator(`tr[data-error-for="${net}"] [role="alert"]`);
    await expect.poll(() => error.textContent(), { timeout: 15_000 }).toContain(`still has ${member} attached`);

    // Disconnect with the chip's ×, then remove.
    await chip.getByRole('button', { name: `Disconnect ${member} from ${net}` }).click();
    await expect.poll(() => chip.count(), { timeout: 15_000 }).toBe(0);
    expect((await docker(['inspect', '-f', '{{json .NetworkSettings.Networks}}', member])).includes(net)).toBe(false);
    await row(net).getByRole('button', { name: `Remove ${net}` }).click();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => row(net).count(), { timeout: 15_000 }).toBe(0);
    expect((await docker(['network', 'ls', '--format', '{{.Name}}'])).split('\n')).not.toContain(net);
  });
});
