/**
 * The layer analysis alone in a process of its own, so its peak memory can be read (VmHWM).
 * Prints one JSON line: { ms, firstLayerMs, peakRssMb, layers, files, wastedBytes }.
 */
import { readFileSync } from 'node:fs';
import Docker from 'dockerode';
import { LayerService } from '../../electron/backend/layers/layer-service';

async function main(): Promise<void> {
  const [socketPath, image] = process.argv.slice(2);
  const docker = new Docker({ socketPath });
  const service = new LayerService(() => docker);
  const t0 = performance.now();
  let firstLayerMs = -1;
  const analysis = await service.analyze(
    image!,
    (e) => {
      if (e.kind === 'layer' && firstLayerMs < 0) firstLayerMs = performance.now() - t0;
    },
    new AbortController().signal,
  );
  const ms = performance.now() - t0;
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  process.stdout.write(`${JSON.stringify({ ms, firstLayerMs, peakRssMb: Number(hwm) / 1024, layers: analysis.layers.length, files: analysis.files, wastedBytes: analysis.wastedBytes, partial: analysis.partial })}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
