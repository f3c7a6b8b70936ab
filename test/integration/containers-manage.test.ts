import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createServer, type Server } from 'node:net';
import { request } from 'node:http';
import { runDocker } from '../harness/dockerd';
import { freePort } from '../harness/registry';
import { backendOn, openStream, uniqueName, until } from './helpers';
import type { ContainerDetails, ContainerSummary, PortCheck, RunEvent, StatsSample } from '../../shared/models';

const host = inject('engineHost');
const image = inject('busyboxImage');
const docker = (args: string[]) => runDocker(host, args);

let t: ReturnType<typeof backendOn>;
beforeAll(async () => {
  t = backendOn(host);
  t.backend.start();
  await until('connected', () => t.backend.engine.status.state === 'connected');
});
afterAll(() => t?.backend.stop());

const invoke = (channel: string, args: unknown) => t.backend.router.invoke(channel, args);

function httpGet(port: number, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function byName(name: string): Promise<ContainerSummary | undefined> {
  const r = await invoke('containers:list', {});
  return r.ok ? (r.value as ContainerSummary[]).find((c) => c.name === name) : undefined;
}

describe('run dialog backend', () => {
  it('creates and starts a container with a port, env and a volume; it answers on its port', async () => {
    const name = uniqueName('run-web');
    const volume = uniqueName('run-vol');
    const port = await freePort();
    const s = openStream<RunEvent>(t, 'containers:run', {
      image,
      name,
      command: ['sh', '-c', 'mkdir -p /www && echo "$GREETING" > /www/index.html && echo stored > /data/file && httpd -f -p 80 -h /www'],
      ports: [{ hostPort: port, containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1' }],
      env: [{ name: 'GREETING', value: 'hello from berth' }],
      mounts: [{ type: 'volume', source: volume, target: '/data' }],
      restartPolicy: 'unless-stopped',
      labels: { 'berth.test': 'run' },
    });
    expect(await s.ended).toBeUndefined();
    expect(s.data.map((e) => e.phase)).toEqual(['create', 'start', 'done']);
    const done = s.data.at(-1) as Extract<RunEvent, { phase: 'done' }>;
    expect(done.name).toBe(name);
    const answer = await (async () => {
      for (let i = 0; i < 50; i++) {
        try {
          return await httpGet(port);
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      throw new Error('no answer on the published port');
    })();
    expect(answer).toEqual({ status: 200, body: 'hello from berth\n' });
    const details = await invoke('containers:inspect', { id: name });
    expect(details.ok).toBe(true);
    const d = details.ok ? (details.value as ContainerDetails) : null;
    expect(d).toMatchObject({ name, state: 'running', restartPolicy: 'unless-stopped', labels: { 'berth.test': 'run' } });
    expect(d?.env).toContain('GREETING=hello from berth');
    expect(d?.mounts).toEqual([{ type: 'volume', source: volume, destination: '/data', readOnly: false }]);
    expect(d?.ports).toEqual([{ privatePort: 80, protocol: 'tcp', publicPort: port, ip: '127.0.0.1' }]);
    expect((await docker(['run', '--rm', '-v', `${volume}:/data`, image, 'cat', '/data/file'])).trim()).toBe('stored');
    await docker(['rm', '-f', name]);
    await docker(['volume', 'rm', volume]);
  });

  it('refuses a name already in use with the engine’s explanation, leaving both containers as they were', async () => {
    const name = uniqueName('run-dup');
    await docker(['create', '--name', name, image, 'true']);
    const s = openStream(t, 'containers:run', { image, name, command: ['true'] });
    const error = await s.ended;
    expect(error?.code).toBe('conflict');
    expect(error?.message).toMatch(/is already in use/);
    expect((await byName(name))?.state).toBe('created');
    await docker(['rm', name]);
  });

  it('sees a host port taken by another program and by another container before anything is created', async () => {
    const port = await freePort();
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(port, '0.0.0.0', () => r()));
    const holder = uniqueName('port-holder');
    const containerPort = await freePort();
    await docker(['run', '-d', '--name', holder, '-p', `${containerPort}:80`, image, 'sleep', '600']);
    try {
      const r = await invoke('containers:check-ports', { ports: [{ port }, { port: containerPort }, { port: await freePort() }] });
      expect(r.ok).toBe(true);
      const [mine, theirs, free] = (r.ok ? r.value : []) as PortCheck[];
      expect(mine).toEqual({ port, free: false, heldBy: 'another program on this machine' });
      expect(theirs).toMatchObject({ port: containerPort, free: false, heldBy: expect.stringContaining(`container ${holder}`) });
      expect(free?.free).toBe(true);

      // If the user goes ahead anyway, the engine refuses at start and nothing half-made stays behind.
      const name = uniqueName('run-port');
      const s = openStream(t, 'containers:run', { image, name, command: ['sleep', '600'], ports: [{ hostPort: containerPort, containerPort: 80, protocol: 'tcp' }] });
      const error = await s.ended;
      expect(error?.message).toMatch(/port is already allocated|address already in use/);
      expect(await byName(name)).toBeUndefined();
    } finally {
      server.close();
      await docker(['rm', '-f', holder]);
    }
  });

  it('rejects bad input at the door', async () => {
    for (const bad of [
      { image: 'Bad Image' },
      { image, name: 'x' },
      { image, ports: [{ hostPort: 70000, containerPort: 80, protocol: 'tcp' }] },
      { image, env: [{ name: 'A=B', value: '1' }] },
      { image, mounts: [{ type: 'bind', source: '/tmp', target: 'relative' }] },
    ]) {
      const error = await openStream(t, 'containers:run', bad).ended;
      expect(error?.code).toBe('invalid-input');
    }
  });
});

describe('container actions', () => {
  it('pauses, unpauses, kills, renames and removes with volumes', async () => {
    const name = uniqueName('act');
    await docker(['run', '-d', '--name', name, '-v', '/anon', image, 'sleep', '600']);
    expect(await invoke('containers:pause', { id: name })).toEqual({ ok: true, value: null });
    expect((await byName(name))?.state).toBe('paused');
    expect(await invoke('containers:unpause', { id: name })).toEqual({ ok: true, value: null });
    expect((await byName(name))?.state).toBe('running');
    expect(await invoke('containers:kill', { id: name, signal: 'SIGKILL' })).toEqual({ ok: true, value: null });
    await until('exited', async () => (await byName(name))?.state === 'exited');
    const renamed = `${name}-renamed`;
    expect(await invoke('containers:rename', { id: name, name: renamed })).toEqual({ ok: true, value: null });
    expect(await byName(renamed)).toBeDefined();
    const anon = (await docker(['inspect', '-f', '{{range .Mounts}}{{.Name}}{{end}}', renamed])).trim();
    expect(await invoke('containers:remove', { id: renamed, volumes: true })).toEqual({ ok: true, value: null });
    expect(await docker(['volume', 'ls', '-q']).then((o) => o.split('\n'))).not.toContain(anon);
  });

  it('streams stats: CPU, memory against its limit, and stops when closed', async () => {
    const name = uniqueName('stats');
    await docker(['run', '-d', '--name', name, '--memory', '64m', image, 'sh', '-c', 'while true; do :; done']);
    const s = openStream<StatsSample>(t, 'containers:stats', { id: name });
    await until('three samples', () => s.data.length >= 3, 15_000);
    const last = s.data.at(-1)!;
    expect(last.memoryLimit).toBe(64 * 1024 * 1024);
    expect(last.memoryUsage).toBeGreaterThan(0);
    expect(last.cpuPercent).toBeGreaterThan(20); // a busy loop
    expect(last.pids).toBeGreaterThanOrEqual(1);
    s.close();
    expect(t.backend.router.openStreamCount).toBe(0);
    const n = s.data.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(s.data.length).toBe(n);
    await docker(['rm', '-f', name]);
  });
});
