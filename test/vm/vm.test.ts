/**
 * The real VM image booted under qemu (software emulation here: slow, so few and focused tests,
 * sharing one VM where they can). Needs the image built: npm run vm:build.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Backend } from '../../electron/backend/backend';
import { silentLogger } from '../../electron/backend/logger';
import { SettingsStore } from '../../electron/backend/settings/settings-store';
import { VmManager } from '../../electron/backend/vm/vm-manager';
import { createTlsMaterial } from '../../electron/backend/vm/pki';
import { chooseAccelerator } from '../../electron/backend/vm/accel-probe';
import { findQemu } from '../../electron/backend/vm/qemu';
import { freePort } from '../harness/registry';
import type { PortForward, VmStatus } from '../../shared/models';

const exec = promisify(execFile);
const imageDir = resolve('resources/vm/build');

let dataDir: string;
let dockerConfig: string;
let shared: string;
let backend: Backend;
const statuses: VmStatus[] = [];
let forwards: PortForward[] = [];

async function until<T>(what: string, check: () => T | null | undefined | false | '' | Promise<T | null | undefined | false | ''>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The user's own docker CLI, through the `berth` context Berth wrote (in a private DOCKER_CONFIG). */
function docker(args: string[], input?: Buffer): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn('docker', ['--context', 'berth', ...args], { env: { ...process.env, DOCKER_CONFIG: dockerConfig, DOCKER_HOST: '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      if (code === 0) return resolveRun(out);
      // When the VM itself went away, say how (its state and console's end), not only what docker saw.
      void backend.vm!.consoleTail(15).then((lines) => reject(new Error(`docker ${args.join(' ')}: ${err.trim()}\nthe VM: ${JSON.stringify({ ...backend.vm!.status, image: undefined })}\nits console: ${lines.join(' | ')}`)));
    });
    child.stdin.end(input);
  });
}

function get(url: string): Promise<string> {
  return new Promise((res, rej) => {
    const req = httpRequest(url, (r) => {
      let body = '';
      r.on('data', (d: Buffer) => (body += d.toString()));
      r.on('end', () => res(body));
    });
    req.on('error', rej);
    req.end();
  });
}

beforeAll(async () => {
  await stat(join(imageDir, 'manifest.json')).catch(() => {
    throw new Error('The VM image is not built: run "npm run vm:build" (as .ci/run does) before the vm tests.');
  });
  dataDir = await mkdtemp('/tmp/berth-vmtest-');
  dockerConfig = await mkdtemp('/tmp/berth-dockercfg-');
  shared = await mkdtemp('/tmp/berth-share-');
  await writeFile(join(shared, 'hello.txt'), 'from the host\n');
  const settings = await SettingsStore.open(dataDir, shared);
  await settings.update({ vm: { cpus: 2, memoryMiB: 1024, diskGiB: 8, sharedFolders: [shared] } });
  backend = new Backend({ settings, log: silentLogger, backoff: { initialMs: 200, maxMs: 1000 }, vm: { dataDir, imageDirs: [imageDir], qemuDirs: [], dockerConfigDir: dockerConfig } });
  backend.router.connect({
    id: 'vmtest',
    sendStream: () => undefined,
    sendEvent: (channel, payload) => {
      if (channel === 'vm:status') statuses.push(payload as VmStatus);
      if (channel === 'vm:port-forwards') forwards = payload as PortForward[];
    },
  });
  backend.start();
  await until('the VM running', () => backend.vm!.status.state === 'running' || backend.vm!.status.state === 'error', 280_000);
  if (backend.vm!.status.state === 'error') throw new Error(`the VM did not start: ${JSON.stringify(backend.vm!.status.error)}`);
  await until('the engine connected', () => backend.engine.status.state === 'connected', 30_000);
}, 300_000);

afterAll(async () => {
  await backend?.stop();
  for (const d of [dataDir, dockerConfig, shared]) if (d) await rm(d, { recursive: true, force: true });
}, 120_000);

describe('Berth VM (real image, qemu)', () => {
  it('boots through its steps to a running engine reached over mutual TLS', async () => {
    const steps = statuses.map((s) => s.step).filter(Boolean);
    expect(steps).toEqual(expect.arrayContaining(['image', 'certificates', 'disk', 'boot', 'engine']));
    const s = backend.vm!.status;
    expect(s).toMatchObject({ state: 'running', engineHost: expect.stringMatching(/^tcp:\/\/127\.0\.0\.1:\d+$/) });
    if (s.accelerator === 'tcg') expect(s.warning).toMatch(/software emulation/);
    const engine = backend.engine.status;
    expect(engine.state === 'connected' && engine.version).toMatch(/^26\./);
    expect((await backend.router.invoke('vm:console-log', { lines: 50 })).ok).toBe(true);
  });

  it('refuses a client without the installation’s certificate', async () => {
    const port = Number(backend.vm!.status.engineHost!.split(':').pop());
    const mine = await readFile(join(dataDir, 'vm', 'certs', 'caCert.pem'), 'utf8');
    const stranger = await createTlsMaterial();
    const attempt = (cert?: { cert: string; key: string }) =>
      new Promise<string>((done) => {
        const req = httpsRequest({ host: '127.0.0.1', port, path: '/_ping', ca: mine, servername: 'localhost', ...(cert ?? {}) }, (r) => {
          r.resume();
          done(`HTTP ${r.statusCode}`);
        });
        req.on('error', (e) => done(e.message));
        req.end();
      });
    expect(await attempt()).not.toBe('HTTP 200');
    expect(await attempt({ cert: stranger.clientCert, key: stranger.clientKey })).not.toBe('HTTP 200');
    expect(await attempt({ cert: await readFile(join(dataDir, 'vm', 'certs', 'clientCert.pem'), 'utf8'), key: await readFile(join(dataDir, 'vm', 'certs', 'clientKey.pem'), 'utf8') })).toBe('HTTP 200');
  });

  it('lets the user’s docker CLI work through the berth context, and runs a container', async () => {
    const bb = await mkdtemp('/tmp/berth-vmbb-');
    await mkdir(join(bb, 'bin'));
    await copyFile('/bin/busybox', join(bb, 'bin', 'busybox'));
    for (const a of ['sh', 'cat', 'echo', 'httpd', 'sleep', 'ls']) await exec('ln', ['-s', 'busybox', join(bb, 'bin', a)]);
    const { stdout: tarball } = await exec('tar', ['-C', bb, '-c', '.'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
    await docker(['import', '-', 'bb:1'], tarball);
    await rm(bb, { recursive: true, force: true });
    expect((await docker(['run', '--rm', 'bb:1', 'echo', 'hello from the vm'])).trim()).toBe('hello from the vm');
    expect(JSON.parse(await readFile(join(dockerConfig, 'config.json'), 'utf8').catch(() => '{}')).currentContext).toBeUndefined(); // not made current unasked
  });

  it('forwards a published port to host loopback, and reports one the host already holds', async () => {
    const port = await freePort();
    await docker(['run', '-d', '--name', 'web', '-p', `${port}:80`, 'bb:1', 'sh', '-c', 'mkdir /w && echo served-from-the-vm > /w/index.html && httpd -f -p 80 -h /w']);
    await until('the forward', () => forwards.find((f) => f.hostPort === port && f.state === 'active'), 30_000);
    expect((await until('an answer', () => get(`http://127.0.0.1:${port}/`).catch(() => ''), 30_000)).trim()).toBe('served-from-the-vm');

    const held = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((r) => holder.listen(held, '127.0.0.1', () => r()));
    await docker(['run', '-d', '--name', 'clash', '-p', `${held}:80`, 'bb:1', 'sleep', '600']);
    const failed = await until('the failed forward', () => forwards.find((f) => f.hostPort === held && f.state === 'failed'), 30_000);
    expect(failed.error).toMatch(new RegExp(`host port ${held} is in use`));
    expect(failed.containerName).toBe('clash');
    holder.close();
    await docker(['rm', '-f', 'web', 'clash']);
    await until('forwards removed', () => !forwards.some((f) => f.hostPort === port || f.hostPort === held), 30_000);
  });

  it('shares host folders at the same path', async () => {
    expect((await docker(['run', '--rm', '-v', `${shared}:/data`, 'bb:1', 'cat', '/data/hello.txt'])).trim()).toBe('from the host');
  });

  it('keeps images, containers and volume data across a stop and start', async () => {
    await docker(['volume', 'create', 'keep']);
    await docker(['run', '--rm', '-v', 'keep:/v', 'bb:1', 'sh', '-c', 'echo persisted > /v/data']);
    await docker(['create', '--name', 'kept', 'bb:1', 'true']);
    await backend.vm!.stop();
    expect(backend.vm!.status.state).toBe('stopped');
    await until('engine noticed', () => backend.engine.status.state === 'disconnected', 20_000);
    await backend.vm!.start();
    await until('engine back', () => backend.engine.status.state === 'connected', 60_000);
    expect((await docker(['run', '--rm', '-v', 'keep:/v', 'bb:1', 'cat', '/v/data'])).trim()).toBe('persisted');
    expect(await docker(['ps', '-a', '--format', '{{.Names}}'])).toContain('kept');
  });

  it('notices qemu killed from outside, and starts again', async () => {
    const pid = Number((await readFile(join(dataDir, 'vm', 'run', 'qemu.pid'), 'utf8')).trim());
    process.kill(pid, 'SIGKILL');
    const error = await until('the error state', () => (backend.vm!.status.state === 'error' ? backend.vm!.status : null), 20_000);
    expect(error.error?.message).toMatch(/stopped unexpectedly.*SIGKILL/);
    await backend.vm!.start();
    expect(backend.vm!.status.state).toBe('running');
    await until('engine back', () => backend.engine.status.state === 'connected', 60_000);
  });
});

describe('VM faults that need no boot', () => {
  const quiet = { cpus: 1, memoryMiB: 512, diskGiB: 8, sharedFolders: [] };
  const manager = (dir: string, imageDirs: string[], extra: Partial<ConstructorParameters<typeof VmManager>[0]> = {}) =>
    new VmManager({ dataDir: dir, imageDirs, qemuDirs: [], dockerConfigDir: null, resources: () => quiet, useBerthContext: () => false, log: silentLogger, onStatus: () => undefined, onPortForwards: () => undefined, ...extra });

  it('says how to build the image when it is missing, and when it is damaged', async () => {
    const dir = await mkdtemp('/tmp/berth-vmfault-');
    const m = manager(dir, [join(dir, 'nowhere')]);
    await expect(m.start()).rejects.toThrow(/VM image was not found .*npm run vm:build/);
    expect(m.status.state).toBe('error');
    const broken = join(dir, 'image');
    await mkdir(broken);
    for (const f of ['manifest.json', 'vmlinuz', 'initrd.img', 'rootfs.squashfs']) await copyFile(join(imageDir, f), join(broken, f));
    const initrd = await readFile(join(broken, 'initrd.img'));
    initrd[100] = initrd[100]! ^ 0xff;
    await writeFile(join(broken, 'initrd.img'), initrd);
    await expect(manager(dir, [broken]).start()).rejects.toThrow(/initrd\.img does not match its checksum.*npm run vm:build/);
    await rm(dir, { recursive: true, force: true });
  });

  it('says what to install when qemu is missing', async () => {
    const dir = await mkdtemp('/tmp/berth-vmfault-');
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(manager(dir, [imageDir]).start()).rejects.toThrow(/needs QEMU .* apt install qemu-system-x86/);
    } finally {
      process.env.PATH = path;
      await rm(dir, { recursive: true, force: true });
    }
  });

  const alivePid = async (dir: string): Promise<number | null> => {
    const pid = Number((await readFile(join(dir, 'vm', 'run', 'qemu.pid'), 'utf8').catch(() => '')).trim());
    if (!pid) return null;
    try {
      process.kill(pid, 0);
      return pid;
    } catch {
      return null;
    }
  };

  it('falls back to software emulation once when the guest shows no sign of life under the accelerator, and says so', async (ctx) => {
    const { qemu } = await findQemu([]);
    // Where kvm really runs guests there is nothing to fall back from: this path is for a dead /dev/kvm (or none).
    if ((await chooseAccelerator(qemu)).accelerator !== 'tcg') ctx.skip();
    const dir = await mkdtemp('/tmp/berth-vmfault-');
    const seen: VmStatus[] = [];
    const m = manager(dir, [imageDir], { accelerator: 'kvm', firstOutputTimeoutMs: 5000, resources: () => ({ ...quiet, memoryMiB: 1024 }), onStatus: (s) => seen.push(s) });
    try {
      const started = Date.now();
      await m.start();
      expect(m.status).toMatchObject({ state: 'running', accelerator: 'tcg', warning: expect.stringMatching(/hardware virtualisation \(kvm\) is present but the VM did not run under it \((nothing on its console within 5 s|qemu ended before the guest printed anything: .+)\), so it uses software emulation/) });
      expect(seen.some((s) => s.accelerator === 'kvm')).toBe(true); // it tried, and the status showed the switch
      console.log(`[vm] forced kvm → tcg fallback, engine ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      await m.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ends a boot that hangs within 10 s when stopped', async () => {
    const dir = await mkdtemp('/tmp/berth-vmfault-');
    // kvm that never speaks (a dead /dev/kvm here) and no early fallback: the boot would hang for the whole bound.
    const m = manager(dir, [imageDir], { accelerator: 'kvm', firstOutputTimeoutMs: 600_000, readyTimeoutMs: 600_000 });
    const starting = m.start();
    starting.catch(() => undefined);
    try {
      const pid = await until('qemu running', () => alivePid(dir), 60_000);
      await new Promise((r) => setTimeout(r, 1500));
      const t0 = Date.now();
      expect((await m.stop()).state).toBe('stopped');
      expect(Date.now() - t0).toBeLessThan(10_000);
      await expect(starting).rejects.toThrow(/stopped while it was starting/);
      expect(await alivePid(dir)).toBeNull();
      expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives up on a guest that is not ready within the bound, with the console’s last lines', async () => {
    const dir = await mkdtemp('/tmp/berth-vmfault-');
    const m = manager(dir, [imageDir], { readyTimeoutMs: 1500 });
    await expect(m.start()).rejects.toThrow(/did not become ready within 2 s/);
    expect(m.status.error?.consoleTail).toBeInstanceOf(Array);
    await until('qemu gone', async () => !(await readFile(join(dir, 'vm', 'run', 'qemu.pid'), 'utf8').then((p) => { try { process.kill(Number(p), 0); return true; } catch { return false; } }, () => false)), 10_000);
    await rm(dir, { recursive: true, force: true });
  });
});
