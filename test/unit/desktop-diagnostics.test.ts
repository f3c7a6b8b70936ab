import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Router } from '../../electron/backend/rpc/router';
import { LogRing, consoleLogger, silentLogger } from '../../electron/backend/logger';
import { registerDiagnosticsHandlers } from '../../electron/backend/handlers/diagnostics';
import { registerSettingsHandlers } from '../../electron/backend/handlers/settings';
import { SettingsStore } from '../../electron/backend/settings/settings-store';
import { findExistingEngine } from '../../electron/backend/diagnostics/probe';
import { defaultSettings } from '../../shared/settings';
import type { EngineStatus, VmStatus } from '../../shared/models';
import type { InvokeChannel, InvokeResult } from '../../shared/channels';
import type { Result } from '../../shared/result';

/** The router answers unknown; the contract says what each channel returns. */
const call = async <C extends InvokeChannel>(router: Router, channel: C, args: unknown) => (await router.invoke(channel, args)) as Result<InvokeResult<C>>;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-diag-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const disconnected: EngineStatus = { state: 'disconnected', endpoint: null, reason: 'connection refused', hint: '', retryInMs: null, attempt: 1 };
const vmStatus: VmStatus = { state: 'running', step: null, message: '', accelerator: 'kvm', warning: null, error: null, engineHost: 'tcp://127.0.0.1:40123', startedAt: 1, image: { kernel: '6.1.0-28', docker: '20.10.24', containerd: '1.6.20' }, pendingRestart: false };

async function setup(options: { withVm: boolean }) {
  const router = new Router(silentLogger);
  const settings = await SettingsStore.open(dir, '/home/me');
  registerSettingsHandlers(router, settings);
  const ring = new LogRing(50);
  const resets: unknown[] = [];
  if (options.withVm) {
    router
      .handle('vm:get-status', () => vmStatus)
      .handle('vm:console-log', ({ lines }) => [`booted (asked for ${lines})`, 'dockerd: listening with TLS, key password=hunter2'])
      .handle('vm:reset', (args) => (resets.push(args), { ...vmStatus, state: 'stopped' }));
  }
  registerDiagnosticsHandlers(router, { engine: () => disconnected, settings, endpoint: { setting: 'unix:///nonexistent/docker.sock', env: { DOCKER_HOST: '', GITHUB_TOKEN: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' }, home: '/home/me', platform: 'linux' }, ring });
  return { router, settings, ring, resets };
}

describe('diagnostics channels', () => {
  it('answers versions from the backend and the VM’s status', async () => {
    const { router } = await setup({ withVm: true });
    const r = await router.invoke('diagnostics:versions', {});
    expect(r).toMatchObject({ ok: true, value: { app: '0.1.0', node: process.versions.node, electron: null, engine: null, vmImage: vmStatus.image, kubernetes: null } });
    const without = await setup({ withVm: false });
    expect(await without.router.invoke('diagnostics:versions', {})).toMatchObject({ ok: true, value: { vmImage: null } });
  });

  it('keeps the backend’s recent log lines in a bounded ring', async () => {
    const { router, ring } = await setup({ withVm: false });
    const log = consoleLogger('info', 'test', ring);
    const write = process.stderr.write;
    process.stderr.write = () => true;
    try {
      for (let i = 0; i < 60; i++) log.info(`line ${i}`);
      log.debug('below the level: not kept');
    } finally {
      process.stderr.write = write;
    }
    const r = await call(router, 'diagnostics:backend-log', { lines: 3 });
    expect(r.ok && r.value.map((l) => l.text)).toEqual(['line 57', 'line 58', 'line 59']);
    expect(ring.tail()).toHaveLength(50);
    expect((await call(router, 'diagnostics:backend-log', { lines: 0 })).ok).toBe(false);
  });

  it('collects one report with the VM console and logs, secrets redacted, and saves it', async () => {
    const { router, ring } = await setup({ withVm: true });
    ring.push({ time: 0, level: 'warn', scope: 'berth', text: 'login to registry.local with {"password":"s3cret"}' });
    const r = await call(router, 'diagnostics:collect', {});
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.text).toContain('booted (asked for 300)');
    expect(r.value.text).toContain('kernel 6.1.0-28');
    expect(r.value.text).not.toMatch(/hunter2|s3cret|ghp_abc/);
    expect(r.value.redactions).toBeGreaterThanOrEqual(2);

    const without = await setup({ withVm: false });
    const r2 = await call(without.router, 'diagnostics:collect', {});
    expect(r2.ok && r2.value.text).toContain('VM console unavailable: Berth has no operation called "vm:console-log".');
  });

  it('factory reset wipes the VM, then puts every setting back (the first-run flow shows again)', async () => {
    const { router, settings, resets } = await setup({ withVm: true });
    await settings.update({ appearance: { theme: 'light' }, firstRun: { done: true }, vm: { cpus: 6 } });
    expect(await router.invoke('diagnostics:factory-reset', {})).toMatchObject({ ok: false, error: { code: 'invalid-input' } }); // must say confirm: true
    expect(await router.invoke('diagnostics:factory-reset', { confirm: true })).toEqual({ ok: true, value: { vmReset: true, note: null } });
    expect(resets).toEqual([{ confirm: true }]);
    expect(settings.settings).toEqual(defaultSettings('/home/me'));
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')).firstRun.done).toBe(false);
  });

  it('factory reset changes nothing when the VM cannot be reset, and says so without a VM manager', async () => {
    const { router, settings } = await setup({ withVm: false });
    await settings.update({ appearance: { theme: 'light' } });
    const r = await router.invoke('diagnostics:factory-reset', { confirm: true });
    expect(r).toMatchObject({ ok: true, value: { vmReset: false, note: expect.stringMatching(/no VM manager/) } });
    expect(settings.settings.appearance.theme).toBe('system');

    const failing = new Router(silentLogger);
    const store = await SettingsStore.open(join(dir, 'other'), '/h');
    await store.update({ appearance: { theme: 'dark' } });
    failing.handle('vm:reset', () => {
      throw Object.assign(new Error('disk busy'), { statusCode: 409 });
    });
    registerDiagnosticsHandlers(failing, { engine: () => disconnected, settings: store, endpoint: { env: {}, home: '/h', platform: 'linux' } });
    const refused = await failing.invoke('diagnostics:factory-reset', { confirm: true });
    expect(refused.ok).toBe(false);
    expect(store.settings.appearance.theme).toBe('dark');
  });
});

describe('looking for an engine that already runs', () => {
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise((r) => (server ? server.close(r) : r(null)));
    server = null;
  });

  it('finds one that answers like a docker engine, as the docker CLI would find it', async () => {
    const socket = join(dir, 'docker.sock');
    // A stand-in for dockerd's API on a unix socket: just /_ping and /version.
    server = createServer((req, res) => {
      if (req.url?.endsWith('/_ping')) return res.end('OK');
      if (req.url?.endsWith('/version')) return res.end(JSON.stringify({ Version: '27.5.1', ApiVersion: '1.47', Os: 'linux', Arch: 'amd64' }));
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((r) => server!.listen(socket, r));
    const found = await findExistingEngine({ env: { DOCKER_HOST: `unix://${socket}` }, home: dir, platform: 'linux' });
    expect(found).toEqual({ engine: { host: `unix://${socket}`, source: 'DOCKER_HOST', version: '27.5.1', os: 'linux', arch: 'amd64' }, note: null });
  });

  it('says why when none answers', async () => {
    const found = await findExistingEngine({ setting: `unix://${join(dir, 'missing.sock')}`, env: {}, home: dir, platform: 'linux' }, 500);
    expect(found.engine).toBeNull();
    expect(found.note).toMatch(/No engine answered at unix:\/\/.*missing\.sock \(ENOENT\)/);
  });

  it('answers the first-run probe with the machine’s CPUs and memory', async () => {
    const { router } = await setup({ withVm: false });
    const r = await call(router, 'desktop:probe-host', {});
    expect(r).toMatchObject({ ok: true, value: { engine: null, platform: 'linux' } });
    expect(r.ok && r.value.cpus).toBeGreaterThan(0);
    expect(r.ok && r.value.memoryMiB).toBeGreaterThan(256);
  });
});
