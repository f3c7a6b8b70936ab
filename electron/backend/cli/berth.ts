/**
 * `berth` on the command line. Today: `berth layers IMAGE` prints an image's layer analysis (the
 * same as the app's Layers tab), `--json` prints it as JSON, and `--ci` with thresholds exits
 * non-zero when the image is worse, for a build pipeline. `--archive FILE` reads a saved export
 * (docker save / OCI layout tar) instead of asking the engine.
 */
import { createReadStream } from 'node:fs';
import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import type Docker from 'dockerode';
import type { LayerAnalysis } from '../../../shared/models';
import { resolveEndpoint } from '../engine/endpoint';
import { createDockerClient } from '../engine/connection';
import { analyzeExport, LayerService } from '../layers/layer-service';
import { toRpcError } from '../rpc/errors';

const usage = `Usage: berth layers IMAGE [--json] [--ci [--lowest-efficiency 0.9] [--highest-wasted-bytes 20MB] [--highest-user-wasted-percent 0.1]]
       berth layers --archive image.tar [...]
The engine is chosen as the docker CLI does (DOCKER_HOST, then the current context); --host overrides.`;

function bytes(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?$/i.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a size (e.g. 20MB, 1048576)`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const factor = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 }[unit]!;
  return Math.round(Number(m[1]) * factor);
}

function human(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i ? v.toFixed(1) : v} ${units[i]}`;
}

function print(a: LayerAnalysis): void {
  const out = process.stdout;
  out.write(`Image ${a.repoTags[0] ?? a.imageId} (${a.imageId.slice(7, 19)}), ${a.layers.length} layers, ${a.files} files, ${a.format} export, analysed in ${a.analysedInMs} ms\n\n`);
  out.write(`${'#'.padStart(3)}  ${'size'.padStart(9)}  ${'added'.padStart(6)} ${'modif'.padStart(6)} ${'remov'.padStart(6)}  created by\n`);
  for (const l of a.layers) {
    out.write(`${String(l.index).padStart(3)}  ${human(l.size).padStart(9)}  ${String(l.added).padStart(6)} ${String(l.modified).padStart(6)} ${String(l.removed).padStart(6)}  ${l.createdBy.replace(/\s+/g, ' ').slice(0, 90)}\n`);
  }
  out.write(`\nEfficiency:          ${(a.efficiency * 100).toFixed(4)} %\n`);
  out.write(`Wasted bytes:        ${a.wastedBytes} (${human(a.wastedBytes)})\n`);
  out.write(`User wasted percent: ${(a.userWastedPercent * 100).toFixed(4)} %\n`);
  if (a.inefficiencies.length) {
    out.write(`\n${'count'.padStart(5)}  ${'total'.padStart(9)}  path (largest first${a.inefficiencyCount > 10 ? `, 10 of ${a.inefficiencyCount}` : ''})\n`);
    for (const i of a.inefficiencies.slice(0, 10)) out.write(`${String(i.count).padStart(5)}  ${human(i.cumulativeSize).padStart(9)}  ${i.path}\n`);
  }
  if (a.partial) out.write(`\nPARTIAL: ${a.partial}\n`);
  if (a.anomalies.length) out.write(`\n${a.anomalies.length} entr${a.anomalies.length === 1 ? 'y' : 'ies'} skipped: ${a.anomalies.slice(0, 3).join('; ')}\n`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'layers') {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      ci: { type: 'boolean', default: false },
      archive: { type: 'string' },
      host: { type: 'string' },
      'lowest-efficiency': { type: 'string' },
      'highest-wasted-bytes': { type: 'string' },
      'highest-user-wasted-percent': { type: 'string' },
    },
  });
  const image = positionals[0];
  if (!image && !values.archive) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  let analysis: LayerAnalysis;
  if (values.archive) {
    ({ analysis } = await analyzeExport(createReadStream(values.archive), { imageId: values.archive, repoTags: [], diffIds: [], size: 0 }, () => undefined));
  } else {
    const endpoint = await resolveEndpoint({ setting: values.host ?? null, env: process.env, home: homedir(), platform: process.platform });
    const docker: Docker = createDockerClient(endpoint);
    analysis = await new LayerService(() => docker).analyze(image!, () => undefined, new AbortController().signal);
  }
  if (values.json) process.stdout.write(`${JSON.stringify(analysis, null, 2)}\n`);
  else print(analysis);
  if (!values.ci) return 0;

  const failures: string[] = [];
  const rules: [string | undefined, (limit: string) => string | null][] = [
    [values['lowest-efficiency'], (l) => (analysis.efficiency < Number(l) ? `efficiency ${analysis.efficiency.toFixed(4)} is below ${l}` : null)],
    [values['highest-wasted-bytes'], (l) => (analysis.wastedBytes > bytes(l) ? `wasted bytes ${analysis.wastedBytes} are above ${bytes(l)}` : null)],
    [values['highest-user-wasted-percent'], (l) => (analysis.userWastedPercent > Number(l) ? `user wasted percent ${analysis.userWastedPercent.toFixed(4)} is above ${l}` : null)],
  ];
  for (const [limit, check] of rules) {
    if (limit === undefined) continue;
    const failed = check(limit);
    if (failed) failures.push(failed);
  }
  if (analysis.partial) failures.push(`the analysis is partial: ${analysis.partial}`);
  const w = values.json ? process.stderr : process.stdout;
  for (const f of failures) w.write(`FAIL: ${f}\n`);
  if (!failures.length) w.write('PASS\n');
  return failures.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`berth: ${toRpcError(err).message}\n`);
    process.exit(2);
  },
);
