/**
 * Bench (not a test): list latency with 1,000 created containers. Berth's list through the router
 * and through the websocket, against `docker ps -a --format '{{json .}}'` on the same engine, in the
 * same run. Target: Berth ≤ 1.2 × CLI + 100 ms.
 *
 *   npm run bench:list            (as root: starts its own dockerd)
 *   BENCH_CONTAINERS=200 npm run bench:list
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import { startTestEngine } from '../harness/dockerd';
import { busyboxImage, importBusybox } from '../harness/images';
import { Backend } from '../../electron/backend/backend';
import { silentLogger } from '../../electron/backend/logger';
import { startBrowserServer } from '../../electron/backend/server/server';
import type { ServerMessage } from '../../shared/protocol';

const exec = promisify(execFile);
const count = Number(process.env.BENCH_CONTAINERS ?? 1000);
const runs = Number(process.env.BENCH_RUNS ?? 15);

function stats(samples: number[]): { median: number; p95: number; min: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { median: at(0.5), p95: at(0.95), min: s[0] ?? NaN };
}

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

async function main(): Promise<void> {
  const engine = await startTestEngine({ network: 'none' });
  try {
    await importBusybox(engine);
    const backend = new Backend({ engineHost: engine.host, env: {}, log: silentLogger });
    backend.start();
    while (backend.engine.status.state !== 'connected') await new Promise((r) => setTimeout(r, 20));

    process.stderr.write(`creating ${count} containers…\n`);
    const docker = backend.docker;
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < count) {
          const i = next++;
          await docker.createContainer({ name: `bench-${i}`, Image: busyboxImage, Cmd: ['true'], Labels: { bench: 'list', n: String(i) } });
        }
      }),
    );
    process.stderr.write(`created in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

    const env = { ...process.env, DOCKER_HOST: engine.host };
    const cli = await time(() => exec('docker', ['ps', '-a', '--format', '{{json .}}'], { env, maxBuffer: 64 * 1024 * 1024 }));
    const router = await time(async () => {
      const r = await backend.router.invoke('containers:list', {});
      if (!r.ok || (r.value as unknown[]).length < count) throw new Error('list failed');
    });

    const server = await startBrowserServer({ router: backend.router, log: silentLogger, staticDir: '/nonexistent' });
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc`, { headers: { authorization: `Bearer ${server.token}` } });
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    let id = 0;
    const waiting = new Map<number, () => void>();
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as ServerMessage;
      if (m.type === 'result') waiting.get(m.id)?.();
    });
    const overWs = await time(
      () =>
        new Promise<void>((resolve) => {
          const n = ++id;
          waiting.set(n, resolve);
          ws.send(JSON.stringify({ type: 'invoke', id: n, channel: 'containers:list', args: {} }));
        }),
    );
    ws.close();
    await server.close();
    backend.stop();

    const c = stats(cli);
    const rows: [string, ReturnType<typeof stats>][] = [
      ["docker ps -a --format '{{json .}}' (baseline)", c],
      ['Berth containers:list via router', stats(router)],
      ['Berth containers:list via websocket', stats(overWs)],
    ];
    const target = 1.2 * c.median + 100;
    console.log(`\nlist latency, ${count} containers (created, not started), ${runs} runs each; engine: dockerd ${(await engine.docker(['version', '-f', '{{.Server.Version}}'])).trim()}`);
    console.log('what'.padEnd(48), 'median ms'.padStart(10), 'p95 ms'.padStart(10), 'min ms'.padStart(10));
    for (const [what, s] of rows) console.log(what.padEnd(48), s.median.toFixed(1).padStart(10), s.p95.toFixed(1).padStart(10), s.min.toFixed(1).padStart(10));
    console.log(`target: Berth median ≤ 1.2 × CLI + 100 ms = ${target.toFixed(1)} ms`);
    for (const [what, s] of rows.slice(1)) console.log(`  ${what}: ${s.median <= target ? 'within' : 'OVER'} target (${(s.median / c.median).toFixed(2)} × CLI)`);
  } finally {
    await engine.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
