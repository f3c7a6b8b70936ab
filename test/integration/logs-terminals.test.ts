import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import { runDocker } from '../harness/dockerd';
import { backendOn, openStream, uniqueName, until } from './helpers';
import type { LogEvent, SavedLog, TerminalEvent, TerminalSessionInfo } from '../../shared/models';

const host = inject('engineHost');
const image = inject('busyboxImage');
const docker = (args: string[], input?: string) => runDocker(host, args, input);

let t: ReturnType<typeof backendOn>;
beforeAll(async () => {
  t = backendOn(host);
  t.backend.start();
  await until('connected', () => t.backend.engine.status.state === 'connected');
});
afterAll(() => {
  t?.backend.stop();
});

function lines(events: LogEvent[]): string[] {
  return events.flatMap((e) => (e.kind === 'lines' ? e.lines : [`[note] ${e.text}`]));
}

function output(events: TerminalEvent[]): string {
  return events.map((e) => (e.kind === 'output' ? e.data : '')).join('');
}

describe('logs', () => {
  it('tails, tells stderr apart, and decodes UTF-8', async () => {
    const name = uniqueName('logs-tail');
    await docker(['run', '--name', name, image, 'sh', '-c', 'for i in 1 2 3 4 5; do echo "line $i ✓"; done; sleep 0.3; echo "oops" >&2']);
    const s = openStream<LogEvent>(t, 'containers:logs', { id: name, tail: 3, follow: false });
    expect(await s.ended).toBeUndefined();
    expect(lines(s.data)).toEqual(['line 4 ✓', 'line 5 ✓', 'oops']);
    const batch = s.data.find((e) => e.kind === 'lines');
    expect(batch?.kind === 'lines' && batch.stderr.map((i) => batch.lines[i])).toEqual(['oops']);
    await docker(['rm', name]);
  });

  it('follows a container across a restart with a note, without repeating or losing lines', async () => {
    const name = uniqueName('logs-restart');
    await docker(['run', '-d', '--name', name, image, 'sh', '-c', 'echo "started $(cat /proc/uptime)"; sleep 1; echo done']);
    const s = openStream<LogEvent>(t, 'containers:logs', { id: name, tail: 'all', timestamps: true });
    await until('exit note', () => s.data.some((e) => e.kind === 'note' && /exited with code 0/.test(e.text)), 15_000);
    // Restart it three times: each run's first line (printed before the engine records StartedAt) must arrive.
    for (let run = 2; run <= 4; run++) {
      await docker(['start', name]);
      await until(`run ${run}`, () => lines(s.data).filter((l) => l === 'done').length === run, 15_000);
      await until(`exit note ${run}`, () => s.data.filter((e) => e.kind === 'note' && /exited/.test(e.text)).length === run, 15_000);
    }
    const all = lines(s.data);
    expect(all.filter((l) => l.startsWith('started')).length).toBe(4);
    expect(all.filter((l) => l === 'done').length).toBe(4);
    expect(all.some((l) => /started again/.test(l))).toBe(true);
    const withTimes = s.data.flatMap((e) => (e.kind === 'lines' ? (e.times ?? []) : []));
    expect(withTimes.every((x) => /^\d{4}-\d\d-\d\dT/.test(x))).toBe(true);
    // The stream stays open while it waits; closing it leaves nothing running.
    s.close();
    expect(t.backend.router.openStreamCount).toBe(0);
    expect(t.backend.events.size).toBe(0);
    await docker(['rm', '-f', name]);
  });

  it('saves the whole log to a file, byte for byte what docker logs prints', async () => {
    const name = uniqueName('logs-save');
    await docker(['run', '--name', name, image, 'sh', '-c', 'i=0; while [ $i -lt 3000 ]; do echo "row $i café"; i=$((i+1)); done']);
    const r = await t.backend.router.invoke('containers:save-logs', { id: name });
    expect(r.ok).toBe(true);
    const saved = (r.ok ? r.value : null) as SavedLog;
    expect(saved.lines).toBe(3000);
    const file = await readFile(saved.path, 'utf8');
    expect(file).toBe(await docker(['logs', name]));
    await rm(saved.path);
    await docker(['rm', name]);
  });

  it('ends with a clear error for a missing container', async () => {
    const s = openStream(t, 'containers:logs', { id: 'no-such-container-x' });
    expect(await s.ended).toMatchObject({ code: 'not-found' });
  });
});

describe('terminals', () => {
  it('opens a shell with the best shell there is, resizes it, and replays output to a reattaching viewer', async () => {
    const name = uniqueName('term');
    await docker(['run', '-d', '--name', name, image, 'sleep', '600']);
    const s = openStream<TerminalEvent>(t, 'containers:exec', { id: name, cols: 80, rows: 24 });
    const session = await until('session', () => s.data.find((e) => e.kind === 'session'));
    expect(session.kind === 'session' && session.session).toMatchObject({ kind: 'exec', command: ['/bin/sh'], containerName: name, alive: true });
    const sid = session.kind === 'session' ? session.session.sessionId : '';
    const streamId = [...t.streamListeners.keys()].at(-1)!;
    t.client.handle({ type: 'write', sid: streamId, data: 'stty size; echo marker-$((6*7))\n' });
    await until('stty answer', () => /24 80[\s\S]*marker-42/.test(output(s.data)));
    t.client.handle({ type: 'resize', sid: streamId, cols: 132, rows: 43 });
    await new Promise((r) => setTimeout(r, 200));
    t.client.handle({ type: 'write', sid: streamId, data: 'stty size\n' });
    await until('new size', () => /43 132/.test(output(s.data)));
    expect(output(s.data)).not.toContain('berth-pid'); // the wrapper's PID report never reaches the user

    // Navigate away: the stream closes, the shell keeps running.
    s.close();
    expect(t.backend.terminals.running).toBe(1);
    const again = openStream<TerminalEvent>(t, 'containers:exec', { id: name, sessionId: sid, cols: 132, rows: 43 });
    const replayed = await until('replay', () => again.data.find((e) => e.kind === 'session'));
    expect(replayed.kind === 'session' && replayed.replay).toBe(true);
    await until('earlier output replayed', () => output(again.data).includes('marker-42'));

    const list = await t.backend.router.invoke('terminals:list', {});
    expect(list.ok && (list.value as TerminalSessionInfo[]).map((x) => x.sessionId)).toContain(sid);
    // Closing the tab ends the exec.
    expect(await t.backend.router.invoke('terminals:close', { sessionId: sid })).toEqual({ ok: true, value: null });
    expect(t.backend.terminals.running).toBe(0);
    again.close();
    // The exec's shell is gone from the container.
    const deadline = Date.now() + 10_000;
    while ((await docker(['top', name])).includes('/bin/sh') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await docker(['top', name])).not.toContain('/bin/sh');
    await docker(['rm', '-f', name]);
  });

  it('refuses an exec into a stopped container with a message', async () => {
    const name = uniqueName('term-stopped');
    await docker(['create', '--name', name, image, 'true']);
    const s = openStream(t, 'containers:exec', { id: name, cols: 80, rows: 24 });
    expect(await s.ended).toMatchObject({ code: 'conflict', message: `${name} is not running: start it to open a terminal in it.` });
    await docker(['rm', name]);
  });

  it('offers a debug shell into an image without any shell; the target’s files are at /proc/1/root', async () => {
    const tag = `berth-noshell-${Date.now().toString(36)}:1`;
    // FROM scratch with one static binary and no shell: busybox without its applet links.
    const { mkdtemp, copyFile, writeFile } = await import('node:fs/promises');
    const dir = await mkdtemp('/tmp/berth-noshell-');
    await copyFile('/bin/busybox', `${dir}/busybox`);
    await writeFile(`${dir}/Dockerfile`, 'FROM scratch\nCOPY busybox /busybox\nCMD ["/busybox", "sleep", "600"]\n');
    await runDocker(host, ['build', '-t', tag, dir]);
    const name = uniqueName('noshell');
    await docker(['run', '-d', '--name', name, tag]);
    const refused = openStream(t, 'containers:exec', { id: name, cols: 80, rows: 24 });
    expect(await refused.ended).toMatchObject({ code: 'not-found', message: expect.stringContaining('has no shell') });

    const s = openStream<TerminalEvent>(t, 'containers:exec', { id: name, mode: 'debug', cols: 100, rows: 30 });
    const session = await until('debug session', () => s.data.find((e) => e.kind === 'session'), 20_000);
    expect(session.kind === 'session' && session.notice).toMatch(/helper container from .*\/proc\/1\/root/);
    const streamId = [...t.streamListeners.keys()].at(-1)!;
    t.client.handle({ type: 'write', sid: streamId, data: 'ls /proc/1/root/; cat /proc/1/cmdline | tr "\\0" " "; echo; echo end-$((1+1))\n' });
    await until('listing', () => /busybox[\s\S]*\/busybox sleep 600[\s\S]*end-2/.test(output(s.data)), 15_000);
    const sid = session.kind === 'session' ? session.session.sessionId : '';
    await t.backend.router.invoke('terminals:close', { sessionId: sid });
    s.close();
    // Closing the tab removes the helper container.
    const deadline = Date.now() + 10_000;
    while ((await docker(['ps', '-a', '--filter', 'label=io.berth.helper', '-q'])).trim() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect((await docker(['ps', '-a', '--filter', 'label=io.berth.helper', '-q'])).trim()).toBe('');
    await docker(['rm', '-f', name]);
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the user’s shell on this machine with docker pointed at Berth’s engine', async () => {
    const s = openStream<TerminalEvent>(t, 'terminal:host', { cols: 100, rows: 30 });
    const session = await until('host session', () => s.data.find((e) => e.kind === 'session'));
    expect(session.kind === 'session' && session.session.kind).toBe('host');
    const streamId = [...t.streamListeners.keys()].at(-1)!;
    t.client.handle({ type: 'write', sid: streamId, data: 'echo "host=$DOCKER_HOST"; docker version --format "server={{.Server.Version}}"\n' });
    await until('docker answered', () => /server=\d+\.\d+/.test(output(s.data)), 15_000);
    expect(output(s.data)).toContain(`host=${host}`);
    const sid = session.kind === 'session' ? session.session.sessionId : '';
    await t.backend.router.invoke('terminals:close', { sessionId: sid });
    s.close();
    expect(t.backend.terminals.running).toBe(0);
  });
});
