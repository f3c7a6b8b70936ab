/**
 * Kubernetes in Berth's real VM, behind its switch: enable (VM, images, certificates, etcd, API
 * server, controllers, kubelet, node Ready, DNS), the user's kubectl through the merged `berth`
 * context, a workload, disable keeping state, enable again with the workload still declared.
 * Needs `npm run vm:build`, `npm run kube:build` and `npm run kube:bundle`. Slow under software
 * emulation (tcg): one VM, one cluster, every step bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { execInVm } from '../../electron/backend/kube/cluster/vm-exec';
import { promisify } from 'node:util';
import { Backend } from '../../electron/backend/backend';
import { silentLogger } from '../../electron/backend/logger';
import { SettingsStore } from '../../electron/backend/settings/settings-store';
import type { ClusterStatus } from '../../shared/models';
import type { SettingsView } from '../../shared/settings';
import { startBrowserServer } from '../../electron/backend/server/server';
import { launchChromium } from '../harness/browser-mode';

const exec = promisify(execFile);
const imageDir = resolve('resources/vm/build');
const bundleDir = resolve('resources/kube/build');

let dataDir: string;
let kubeconfig: string;
let backend: Backend;
let kubectlBin: string;
let squatter: Server | null = null;
const statuses: ClusterStatus[] = [];

/** The backend's own channels, as the window calls them. */
async function call<T>(channel: string, args: object = {}): Promise<T> {
  const r = (await backend.router.invoke(channel, args)) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!r.ok) throw new Error(`${channel}: ${r.error.message} ${JSON.stringify(backend.cluster?.status.error ?? null)}`);
  return r.value;
}

async function until<T>(what: string, check: () => T | null | undefined | false | '' | Promise<T | null | undefined | false | ''>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The user's kubectl, with the kubeconfig Berth merged into (a temp file here, not root's own). */
async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await exec(kubectlBin, ['--context', 'berth', ...args], { env: { ...process.env, KUBECONFIG: kubeconfig }, timeout: 120_000 });
  return stdout;
}

beforeAll(async () => {
  for (const [file, hint] of [
    [join(imageDir, 'manifest.json'), 'npm run vm:build'],
    [join(bundleDir, 'bundle.json'), 'npm run kube:build && npm run kube:bundle'],
  ] as const) {
    await stat(file).catch(() => {
      throw new Error(`${file} is missing: run "${hint}" (as .ci/run does) before the vm tests.`);
    });
  }
  const versions = JSON.parse(await readFile(join(bundleDir, 'bundle.json'), 'utf8')) as { kubernetes: string };
  kubectlBin = join(process.env.BERTH_KUBE_CACHE ?? join(process.env.HOME ?? '/root', '.cache/berth/kube'), versions.kubernetes, 'bin', 'kubectl');
  await stat(kubectlBin);
  dataDir = await mkdtemp('/tmp/berth-kubevm-');
  kubeconfig = join(dataDir, 'user-kubeconfig');
  // The user already has a context of their own: it must survive, and stay current.
  await writeFile(kubeconfig, 'apiVersion: v1\nkind: Config\ncurrent-context: mine\nclusters:\n- name: mine\n  cluster:\n    server: https://192.0.2.1:6443\ncontexts:\n- name: mine\n  context:\n    cluster: mine\n    user: mine\nusers:\n- name: mine\n  user:\n    token: abc\n');
  // Something of the user's already holds 6443 on the host: the API server must go elsewhere, and say so.
  squatter = await new Promise<Server | null>((done) => {
    const srv = createServer();
    srv.once('error', () => done(null)); // taken already: just as good
    srv.listen(6443, '127.0.0.1', () => done(srv));
  });
  const settings = await SettingsStore.open(dataDir, dataDir);
  await settings.update({ vm: { cpus: 2, memoryMiB: 2560, diskGiB: 16, sharedFolders: [] }, firstRun: { done: true } });
  backend = new Backend({
    settings,
    log: silentLogger,
    backoff: { initialMs: 200, maxMs: 1000 },
    kubeconfigPath: kubeconfig,
    vm: { dataDir, imageDirs: [imageDir], qemuDirs: [], dockerConfigDir: null, kubeBundleDirs: [bundleDir], clusterStepTimeoutMs: 400_000 },
  });
  backend.router.connect({
    id: 'kubevm',
    sendStream: () => undefined,
    sendEvent: (channel, payload) => {
      if (channel === 'cluster:status') statuses.push(payload as ClusterStatus);
    },
  });
  backend.start();
}, 60_000);

afterAll(async () => {
  await backend?.stop();
  squatter?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 180_000);

describe('Kubernetes in the VM (real image, qemu)', () => {
  it('starts from off through each step to a Ready node and DNS, and merges the berth context', async () => {
    expect((await call<ClusterStatus>('cluster:get-status')).state).toBe('disabled');
    const enabled = await call<ClusterStatus>('cluster:enable');
    if (enabled.state !== 'running') throw new Error(`enable ended ${enabled.state}: ${enabled.message}; the VM: ${JSON.stringify(backend.vm!.status)}`);
    expect(enabled).toMatchObject({ state: 'running', context: 'berth', kubeconfig, server: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/) });
    expect(enabled.server).not.toMatch(/:6443$/);
    expect(enabled.notice).toMatch(/Port 6443 is in use on this machine, so the API server is on 127\.0\.0\.1:\d+; kubectl --context berth finds it/);
    const steps = [...new Set(statuses.map((s) => s.step).filter(Boolean))];
    expect(steps).toEqual(['vm', 'images', 'certificates', 'etcd', 'apiserver', 'controllers', 'kubelet', 'node', 'dns']);
    console.log(`[kube-in-vm] accelerator ${backend.vm!.status.accelerator}; seconds from enable: ${enabled.timings.map((t) => `${t.step} ${t.seconds}`).join(', ')}`);
    expect((await call<SettingsView>('settings:get')).settings.kubernetes.enabled).toBe(true);

    const merged = await readFile(kubeconfig, 'utf8');
    expect(merged).toMatch(/current-context: mine/); // the user's current context is theirs to change
    expect(merged).toMatch(/name: mine/);
    expect(await kubectl('get', 'nodes', '--no-headers')).toMatch(/\bReady\b/);
  }, 1_500_000);

  it('runs a workload the user declares, and reports the components the supervisor keeps', async () => {
    expect(backend.cluster!.status.state).toBe('running');
    await until('components reported', () => backend.cluster!.status.components.length >= 7, 60_000);
    expect(backend.cluster!.status.components.every((c) => c.state.startsWith('up'))).toBe(true);
    // A component that crashes is brought back by the VM's supervisor, and the status says so.
    const pause = backend.vm!.kubeBundle!.images.pause.ref;
    expect((await execInVm(backend.docker, pause, 'kill -9 "$(cat /run/berth/svc/kube-scheduler/pid)"', 60_000)).code).toBe(0);
    await until('the scheduler restarted', () => backend.cluster!.status.components.find((c) => c.name === 'kube-scheduler' && c.restarts >= 1 && c.state.startsWith('up')), 60_000);
    expect(backend.cluster!.status.message).toMatch(/kube-scheduler crashed \(exit \d+\) and was restarted once by the VM's supervisor/);
    // Images come from the bundle (rootfs tarballs + their config), never a registry.
    const changes = (await readFile(join(bundleDir, 'images/probe-test.tar.changes'), 'utf8')).split('\n').filter(Boolean);
    const stream = await backend.docker.importImage(createReadStream(join(bundleDir, 'images/probe-test.tar')) as never, { repo: 'berth/probe', tag: 'test', changes } as never);
    await new Promise((done, fail) => backend.docker.modem.followProgress(stream as unknown as NodeJS.ReadableStream, (err: Error | null) => (err ? fail(err) : done(null))));
    await kubectl('create', 'deployment', 'hello', '--image=berth/probe:test', '--replicas=1');
    await kubectl('patch', 'deployment', 'hello', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"probe","imagePullPolicy":"Never"}]}}}}');
    await until('the deployment available', async () => (await kubectl('get', 'deployment', 'hello', '-o', 'jsonpath={.status.availableReplicas}')).trim() === '1', 400_000);
  }, 600_000);

  it('shows the cluster in the window: status bar, its steps, and pod containers hidden from Containers until asked', async () => {
    const server = await startBrowserServer({ router: backend.router, log: silentLogger, staticDir: resolve('out/renderer'), port: 0 });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.loginUrl);
      const item = page.locator('.statusbar [data-cluster-state="running"]');
      await item.getByRole('button', { name: 'Kubernetes running' }).click();
      const panel = page.getByRole('dialog', { name: 'Kubernetes' });
      await expect.poll(() => panel.locator('[data-step-state="done"]').count(), { timeout: 15_000 }).toBe(9);
      expect(await panel.textContent()).toMatch(/kubectl --context berth get nodes/);
      await page.screenshot({ path: 'test/.artifacts/kube-vm-status.png' });
      // The user's own containers are listed; the kubelet's are behind the note.
      await page.goto(`${server.url}#/containers`);
      const note = page.getByTestId('kube-containers-note');
      await note.waitFor({ timeout: 15_000 });
      expect(await note.textContent()).toMatch(/containers? that Kubernetes runs for its pods (is|are) hidden/);
      expect(await page.locator('table[aria-label="Containers"] tr', { hasText: 'k8s_' }).count()).toBe(0);
      await note.getByRole('button', { name: 'Show them' }).click();
      await expect.poll(() => page.locator('table[aria-label="Containers"] tr', { hasText: 'k8s_coredns' }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 120_000);

  it('turns off keeping its state, cancels a start cleanly, and on again with the deployment still declared', async () => {
    expect((await call<ClusterStatus>('cluster:disable')).state).toBe('disabled');
    expect((await call<SettingsView>('settings:get')).settings.kubernetes.enabled).toBe(false);
    await expect(kubectl('get', 'nodes', '--request-timeout=5s')).rejects.toThrow();
    expect(await readFile(kubeconfig, 'utf8')).toMatch(/name: berth/); // the context stays for next time
    // Its workloads stop with it (CoreDNS, the deployment): nothing runs unmanaged.
    expect(await backend.docker.listContainers({ filters: JSON.stringify({ label: ['io.kubernetes.pod.name'] }) })).toEqual([]);

    // Turned off while starting: nothing of the start outlives the stop.
    const starting = backend.router.invoke('cluster:enable', {});
    await until('the start reaching the API server', () => backend.cluster!.status.step === 'apiserver', 300_000);
    expect((await call<ClusterStatus>('cluster:disable')).state).toBe('disabled');
    const cancelled = (await starting) as { ok: boolean; value?: ClusterStatus };
    expect(cancelled.ok && cancelled.value!.state).not.toBe('running');
    expect(backend.cluster!.status.state).toBe('disabled');
    const left = await execInVm(backend.docker, backend.vm!.kubeBundle!.images.pause.ref, '/usr/lib/berth/svc status kube-etcd kube-apiserver kube-controller-manager kube-scheduler kube-cri-dockerd kube-kubelet kube-proxy', 60_000);
    const stillUp = left.output.split('\n').filter((l) => / up/.test(l));
    const why = stillUp.length ? (await execInVm(backend.docker, backend.vm!.kubeBundle!.images.pause.ref, 'grep -a berth-svc /var/log/messages | tail -n 20; ps -o pid,args | grep kube', 60_000)).output : '';
    expect(stillUp, why).toEqual([]);

    const again = await call<ClusterStatus>('cluster:enable');
    expect(again.state).toBe('running');
    console.log(`[kube-in-vm] re-enable seconds: ${again.timings.map((t) => `${t.step} ${t.seconds}`).join(', ')}`);
    expect(await kubectl('get', 'deployment', 'hello', '-o', 'name')).toMatch(/deployment.apps\/hello/);
  }, 1_500_000);
});
