/**
 * Bench (not a test): logs and terminals, each beside a baseline measured in the same run.
 *  1. follow throughput: a container prints as fast as it can for 10 s; then its whole log is
 *     followed from the start: lines/s delivered through Berth's router and websocket, against
 *     `docker logs -f` writing to /dev/null. Target ≥ 0.8× the CLI.
 *  2. a 1 GB log: time to the first batch of the tail (what the viewer shows first). Target ≤ 0.5 s.
 *  3. terminal throughput: `cat` of a 100 MB file through an exec session, against
 *     `docker exec … cat > /dev/null`.
 *
 *   npm run bench:logs        (as root; BENCH_LOG_GB=0.2 for a smaller log)
 */
import { spawn } from 'node:child_process';
import WebSocket from 'ws';
import { startTestEngine, type TestEngine } from '../harness/dockerd';
import { busyboxImage, importBusybox } from '../harness/images';
import { Backend } from '../../electron/backend/backend';
import { silentLogger } from '../../electron/backend/logger';
import { startBrowserServer } from '../../electron/backend/server/server';
import type { LogEvent, TerminalEvent } from '../../shared/models';
import type { ServerMessage } from '../../shared/protocol';

const logGb = Number(process.env.BENCH_LOG_GB ?? 1);
/** Which parts to run, e.g. BENCH_PARTS=1,3 */
const parts = new Set((process.env.BENCH_PARTS ?? '1,2,3').split(','));

function cliSeconds(engine: TestEngine, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('docker', args, { env: { ...process.env, DOCKER_HOST: engine.host }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', () => resolve((performance.now() - t0) / 1000));
  });
}

/** Opens a stream straight on the router and resolves when `done` says so. */
function viaRouter<D>(backend: Backend, channel: string, args: unknown, done: (data: D) => boolean, write?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const client = backend.router.connect({
      id: `bench-${Math.random()}`,
      sendEvent: () => undefined,
      sendStream: (m) => {
        if (m.type === 'end' && m.error) reject(new Error(m.error.message));
        if (m.type === 'data' && done(m.data as D)) {
          resolve((performance.now() - t0) / 1000);
          client.dispose();
        }
      },
    });
    client.handle({ type: 'open', sid: 'b1', channel, args });
    if (write) setTimeout(() => client.handle({ type: 'write', sid: 'b1', data: write }), 300);
  });
}

async function viaWebsocket<D>(backend: Backend, channel: string, args: unknown, done: (data: D) => boolean): Promise<number> {
  const server = await startBrowserServer({ router: backend.router, log: silentLogger, staticDir: '/nonexistent' });
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc`, { headers: { authorization: `Bearer ${server.token}` } });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const seconds = await new Promise<number>((resolve) => {
    const t0 = performance.now();
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as ServerMessage;
      if (m.type === 'data' && done(m.data as D)) resolve((performance.now() - t0) / 1000);
    });
    ws.send(JSON.stringify({ type: 'open', sid: 'w1', channel, args }));
  });
  ws.terminate();
  await server.close();
  return seconds;
}

function counter(target: number): (e: LogEvent) => boolean {
  let n = 0;
  return (e) => {
    if (e.kind === 'lines') n += e.lines.length;
    return n >= target;
  };
}

async function main(): Promise<void> {
  const engine = await startTestEngine({ network: 'none' });
  try {
    await importBusybox(engine);
    const backend = new Backend({ engineHost: engine.host, env: {}, log: silentLogger });
    backend.start();
    while (backend.engine.status.state !== 'connected') await new Promise((r) => setTimeout(r, 20));

    // 1. follow throughput
    if (parts.has('1')) {
    // Detached, then waited: the CLI would otherwise copy the whole log into this process.
    await engine.docker(['run', '-d', '--name', 'fast', busyboxImage, 'sh', '-c', 'timeout 10 yes "the quick brown fox jumps over the lazy dog 0123456789" || true']);
    await engine.docker(['wait', 'fast']);
    const total = await countLines(engine, 'fast');
    const cli = await cliSeconds(engine, ['logs', '-f', 'fast']);
    // Berth's follow always asks the engine for timestamps (to resume exactly after a restart):
    // the same request from the CLI shows what that costs the engine.
    const cliT = await cliSeconds(engine, ['logs', '-f', '-t', 'fast']);
    const router = await viaRouter<LogEvent>(backend, 'containers:logs', { id: 'fast', tail: 'all' }, counter(total));
    const ws = await viaWebsocket<LogEvent>(backend, 'containers:logs', { id: 'fast', tail: 'all' }, counter(total));
    console.log(`\n1. follow throughput, ${total.toLocaleString()} lines printed in 10 s, read from the start`);
    const row = (what: string, s: number) => console.log(`${what.padEnd(46)} ${(total / s / 1000).toFixed(0).padStart(8)} k lines/s  (${s.toFixed(2)} s)`);
    row('docker logs -f > /dev/null (baseline)', cli);
    row('docker logs -f -t > /dev/null (what Berth asks)', cliT);
    row('Berth containers:logs via router', router);
    row('Berth containers:logs via websocket', ws);
    console.log(`   router ${(cli / router).toFixed(2)} × CLI, websocket ${(cli / ws).toFixed(2)} × CLI (target ≥ 0.8); against -t: ${(cliT / router).toFixed(2)} ×, ${(cliT / ws).toFixed(2)} ×`);

    }

    // 2. a big log: time to the first batch of the tail
    if (parts.has('2')) {
    const lineBytes = 100;
    const lines = Math.round((logGb * 1e9) / (lineBytes + 60)); // the json-file driver adds ~60 bytes a line
    process.stderr.write(`writing a ${logGb} GB log (${lines.toLocaleString()} lines)…\n`);
    await engine.docker(['run', '-d', '--name', 'big', busyboxImage, 'sh', '-c', `yes "${'x'.repeat(lineBytes - 1)}" | head -n ${lines}`]);
    await engine.docker(['wait', 'big']);
    const first = await viaRouter<LogEvent>(backend, 'containers:logs', { id: 'big', tail: 500 }, (e) => e.kind === 'lines');
    const firstWs = await viaWebsocket<LogEvent>(backend, 'containers:logs', { id: 'big', tail: 500 }, (e) => e.kind === 'lines');
    const cliTail = await cliSeconds(engine, ['logs', '--tail', '500', 'big']);
    console.log(`\n2. a ${logGb} GB log (${lines.toLocaleString()} lines): time to the first screen (tail 500)`);
    console.log(`${'docker logs --tail 500 (baseline, whole command)'.padEnd(52)} ${(cliTail * 1000).toFixed(0).padStart(6)} ms`);
    console.log(`${'Berth first batch via router'.padEnd(52)} ${(first * 1000).toFixed(0).padStart(6)} ms`);
    console.log(`${'Berth first batch via websocket'.padEnd(52)} ${(firstWs * 1000).toFixed(0).padStart(6)} ms   (target ≤ 500 ms)`);

    }

    // 3. terminal throughput
    if (parts.has('3')) {
    await engine.docker(['run', '-d', '--name', 'term', busyboxImage, 'sh', '-c', 'head -c 100000000 /dev/urandom | base64 > /data.txt; sleep 3600']);
    await new Promise((r) => setTimeout(r, 500));
    while (!(await engine.docker(['exec', 'term', 'sh', '-c', 'test -f /data.txt && ! pgrep head && echo ok']).catch(() => '')).includes('ok')) await new Promise((r) => setTimeout(r, 500));
    const bytes = Number((await engine.docker(['exec', 'term', 'sh', '-c', 'wc -c < /data.txt'])).trim());
    const cliCat = await cliSeconds(engine, ['exec', 'term', 'cat', '/data.txt']);
    const cliTty = await cliSeconds(engine, ['exec', '-t', 'term', 'cat', '/data.txt']);
    let received = 0;
    const termRouter = await viaRouter<TerminalEvent>(
      backend,
      'containers:exec',
      { id: 'term', cols: 200, rows: 50 },
      (e) => {
        if (e.kind === 'output') received += Buffer.byteLength(e.data);
        return received >= bytes;
      },
      'stty -echo -onlcr; cat /data.txt\n',
    );
    backend.terminals.closeAll();
    console.log(`\n3. terminal throughput: cat of ${(bytes / 1e6).toFixed(0)} MB`);
    console.log(`${'docker exec term cat > /dev/null (baseline)'.padEnd(46)} ${(bytes / cliCat / 1e6).toFixed(1).padStart(8)} MB/s  (${cliCat.toFixed(2)} s)`);
    console.log(`${'docker exec -t term cat > /dev/null (TTY)'.padEnd(46)} ${(bytes / cliTty / 1e6).toFixed(1).padStart(8)} MB/s  (${cliTty.toFixed(2)} s)`);
    console.log(`${'Berth exec session via router (TTY)'.padEnd(46)} ${(bytes / termRouter / 1e6).toFixed(1).padStart(8)} MB/s  (${termRouter.toFixed(2)} s)`);
    }
    backend.stop();
  } finally {
    await engine.destroy();
  }
  process.exit(0);
}

/** Lines in a container's log, counted by `docker logs | wc -l` (a fixed pipeline, no input in it). */
async function countLines(engine: TestEngine, name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `docker logs ${name} 2>&1 | wc -l`], { env: { ...process.env, DOCKER_HOST: engine.host } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', () => resolve(Number(out.trim())));
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
