/**
 * Bench (not a test): layer analysis of a ~2 GB image in 11 layers with ~100,000 files. Time to
 * the full analysis against `docker save IMAGE > /dev/null` on the same engine in the same run
 * (target ≤ 1.5×), peak memory of the analysing process (target ≤ 300 MB), time to the first
 * layer shown.
 *
 *   npm run bench:layers       (as root; BENCH_LAYER_MB=200 per layer, BENCH_LAYERS=10)
 */
import { spawn } from 'node:child_process';
import { startTestEngine } from '../harness/dockerd';
import { busyboxImage, importBusybox } from '../harness/images';

const perLayerMb = Number(process.env.BENCH_LAYER_MB ?? 200);
const layers = Number(process.env.BENCH_LAYERS ?? 10);
const fileKb = 20;

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < 1_000_000) stdout += d.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve({ seconds: (performance.now() - t0) / 1000, stdout }) : reject(new Error(`${cmd} exited ${code}`))));
  });
}

async function main(): Promise<void> {
  const engine = await startTestEngine({ network: 'none' });
  try {
    await importBusybox(engine);
    const files = Math.round((perLayerMb * 1000) / fileKb);
    // Cut one random file into many (busybox-static has no split): head reads the next piece each time.
    const steps = Array.from(
      { length: layers },
      (_, i) => `RUN mkdir /l${i} && cd /l${i} && head -c ${perLayerMb * 1_000_000} /dev/urandom > all && exec 3< all && n=0 && while [ $n -lt ${files} ]; do head -c ${fileKb * 1000} <&3 > part$n; n=$((n+1)); done && rm all`,
    );
    const dockerfile = `FROM ${busyboxImage}\n${steps.join('\n')}\n`;
    process.stderr.write(`building a ${(perLayerMb * layers) / 1000} GB image in ${layers + 1} layers…\n`);
    const env = { ...process.env, DOCKER_HOST: engine.host };
    const build = spawn('docker', ['build', '-q', '-t', 'bench/layers:1', '-'], { env, stdio: ['pipe', 'ignore', 'inherit'] });
    build.stdin.end(dockerfile);
    await new Promise((r, j) => build.once('exit', (c) => (c === 0 ? r(null) : j(new Error('build failed')))));

    const save = await timed('sh', ['-c', 'docker save bench/layers:1 > /dev/null'], env);
    const worker = await timed(process.execPath, ['--import', 'tsx', 'test/bench/layers-worker.ts', engine.socketPath, 'bench/layers:1'], env);
    const r = JSON.parse(worker.stdout.trim().split('\n').pop()!) as { ms: number; firstLayerMs: number; peakRssMb: number; layers: number; files: number; wastedBytes: number; partial: string | null };
    console.log(`\nlayer analysis of a ${(perLayerMb * layers) / 1000} GB image, ${r.layers} layers, ${r.files.toLocaleString()} files`);
    console.log(`${'docker save > /dev/null (baseline)'.padEnd(44)} ${save.seconds.toFixed(2).padStart(7)} s`);
    console.log(`${'Berth full analysis'.padEnd(44)} ${(r.ms / 1000).toFixed(2).padStart(7)} s   (${(r.ms / 1000 / save.seconds).toFixed(2)} × docker save; target ≤ 1.5)`);
    console.log(`${'Berth first layer shown'.padEnd(44)} ${(r.firstLayerMs / 1000).toFixed(2).padStart(7)} s`);
    console.log(`${'peak memory of the analysing process'.padEnd(44)} ${r.peakRssMb.toFixed(0).padStart(7)} MB  (target ≤ 300)`);
    if (r.partial) console.log(`PARTIAL: ${r.partial}`);
  } finally {
    await engine.destroy();
  }
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
