/**
 * Bench (not a test): the image list with 1,000 images. Berth's images:list (which also maps the
 * containers using each image) through the router, against `docker images --format '{{json .}}'`
 * on the same engine, in the same run.
 *
 *   npm run bench:images          (as root: starts its own dockerd)
 */
import { execFile } from 'node:child_process';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { startTestEngine } from '../harness/dockerd';
import { Backend } from '../../electron/backend/backend';
import { silentLogger } from '../../electron/backend/logger';
import { printTable, stats, time, tinyTar } from './bench-util';

const exec = promisify(execFile);
const count = Number(process.env.BENCH_IMAGES ?? 1000);
const runs = Number(process.env.BENCH_RUNS ?? 15);

async function main(): Promise<void> {
  const engine = await startTestEngine({ network: 'none' });
  try {
    const backend = new Backend({ engineHost: engine.host, env: {}, log: silentLogger });
    backend.start();
    while (backend.engine.status.state !== 'connected') await new Promise((r) => setTimeout(r, 20));
    const docker = backend.docker;
    process.stderr.write(`importing ${count} distinct images…\n`);
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < count) {
          const i = next++;
          const stream = await docker.importImage(Readable.from(tinyTar(`file-${i}`, `image ${i}\n`)) as unknown as string, { repo: `bench/img${i}`, tag: 'v1' });
          await new Promise((r) => ((stream as NodeJS.ReadableStream).on('end', r), (stream as NodeJS.ReadableStream).resume()));
        }
      }),
    );
    process.stderr.write(`imported in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    const env = { ...process.env, DOCKER_HOST: engine.host };
    const cli = await time(runs, () => exec('docker', ['images', '--format', '{{json .}}'], { env, maxBuffer: 64 * 1024 * 1024 }));
    const router = await time(runs, async () => {
      const r = await backend.router.invoke('images:list', {});
      if (!r.ok || (r.value as unknown[]).length < count) throw new Error(`list failed: ${JSON.stringify(r).slice(0, 200)}`);
    });
    backend.stop();
    const c = stats(cli);
    const b = stats(router);
    printTable(`image list, ${count} images, ${runs} runs each`, [
      ["docker images --format '{{json .}}' (baseline)", c],
      ['Berth images:list via router', b],
    ]);
    console.log(`Berth / CLI (median): ${(b.median / c.median).toFixed(2)} ×`);
  } finally {
    await engine.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
