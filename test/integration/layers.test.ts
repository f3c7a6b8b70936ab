import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createReadStream } from 'node:fs';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runDocker } from '../harness/dockerd';
import { backendOn, openStream, until } from './helpers';
import { analyzeExport } from '../../electron/backend/layers/layer-service';
import type { LayerAnalysis, LayerAnalysisEvent, LayerTreeEntry, ImageComparison, ContainerChange, FilePreview } from '../../shared/models';

const exec = promisify(execFile);
const host = inject('engineHost');
const base = inject('busyboxImage');
const env = { ...process.env, DOCKER_HOST: host };

let t: ReturnType<typeof backendOn>;
let work: string;
const tag = `berth-layers-${Date.now().toString(36)}:1`;
const dockerfile = `FROM ${base}
RUN mkdir -p /app/conf /data && echo v1 > /app/conf/a.conf && echo keep > /app/keep.txt && echo gone > /app/gone.txt && head -c 100000 /dev/zero > /data/x
RUN echo v2 > /app/conf/a.conf && rm /app/gone.txt && ln -s /app/keep.txt /app/link && ln /app/keep.txt /app/hard
ENV NOTHING=here
RUN rm -rf /data
RUN rm -rf /app/conf && mkdir /app/conf && echo new > /app/conf/b.conf
RUN head -c 3000000 /dev/urandom > /big
RUN rm /big
`;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'berth-layers-'));
  await runDocker(host, ['build', '-t', tag, '-'], dockerfile);
  t = backendOn(host);
  t.backend.start();
  await until('connected', () => t.backend.engine.status.state === 'connected');
}, 120_000);

afterAll(async () => {
  t?.backend.stop();
  await rm(work, { recursive: true, force: true });
});

async function analyse(image: string): Promise<{ analysis: LayerAnalysis; events: LayerAnalysisEvent[] }> {
  const s = openStream<LayerAnalysisEvent>(t, 'layers:analyze', { image });
  expect(await s.ended).toBeUndefined();
  const done = s.data.find((e) => e.kind === 'done');
  return { analysis: (done as Extract<LayerAnalysisEvent, { kind: 'done' }>).analysis, events: s.data };
}

async function call<T>(channel: string, args: unknown): Promise<T> {
  const r = await t.backend.router.invoke(channel, args);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as T;
}

/** Ground truth from `docker save` unpacked with tar: each layer's own entries, in order. */
async function groundTruth(): Promise<{ dir: string; layers: string[][] }> {
  const dir = join(work, 'save');
  await mkdir(dir);
  await exec('sh', ['-c', `docker save ${tag} | tar -x -C ${dir}`], { env });
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { Layers: string[] }[];
  const layers: string[][] = [];
  for (const layer of manifest[0]!.Layers) {
    const { stdout } = await exec('tar', ['-tf', join(dir, layer)], { maxBuffer: 64 * 1024 * 1024 });
    layers.push(stdout.split('\n').filter(Boolean).map((p) => `/${p.replace(/^\.\//, '').replace(/\/$/, '')}`));
  }
  return { dir, layers };
}

describe('layer analysis on a real engine', () => {
  let analysis: LayerAnalysis;
  let truth: { dir: string; layers: string[][] };

  it('reads every layer, reports each as it is read, and finds the wasted bytes', async () => {
    const r = await analyse(tag);
    analysis = r.analysis;
    truth = await groundTruth();
    expect(analysis.partial).toBeNull();
    expect(analysis.layers.length).toBe(truth.layers.length);
    expect(r.events.filter((e) => e.kind === 'layer').length).toBe(truth.layers.length);
    expect(r.events.some((e) => e.kind === 'progress' && e.bytesRead > 0)).toBe(true);
    // History: the ENV step is metadata only; every RUN made a layer.
    expect(analysis.history.find((h) => h.createdBy.includes('NOTHING=here'))).toMatchObject({ empty: true, layer: null });
    expect(analysis.layers.at(-1)!.createdBy).toMatch(/rm \/big/);
    // /big: 3,000,000 bytes written, then removed: both versions are waste (the removal of a file adds 0).
    const big = analysis.inefficiencies.find((i) => i.path === '/big');
    expect(big).toMatchObject({ count: 2, cumulativeSize: 3_000_000 });
    // /app/conf/a.conf written twice (v1, v2): 6 bytes. The folder /data was never a leaf before its
    // removal, so (as dive counts) its removal is a single version of /data, not waste.
    expect(analysis.inefficiencies.find((i) => i.path === '/app/conf/a.conf')).toMatchObject({ count: 2, cumulativeSize: 6 });
    expect(analysis.inefficiencies.find((i) => i.path === '/data')).toBeUndefined();
    expect(analysis.wastedBytes).toBe(analysis.inefficiencies.reduce((n, i) => n + i.cumulativeSize, 0));
    expect(analysis.wastedBytes).toBeGreaterThanOrEqual(3_000_006);
    expect(analysis.efficiency).toBeGreaterThan(0);
    expect(analysis.efficiency).toBeLessThan(1);
  });

  it('lists in each layer exactly the entries of that layer’s tar (whiteouts as removals)', async () => {
    for (let i = 0; i < truth.layers.length; i++) {
      const listed = (await call<LayerTreeEntry[]>('layers:search', { image: tag, layer: i, mode: 'changes', query: '', limit: 5000 })).filter((e) => e.change !== 'unchanged');
      const fromTar = new Set(
        truth.layers[i]!.filter((p) => p !== '/').map((p) => {
          const name = p.slice(p.lastIndexOf('/') + 1);
          return name === '.wh..wh..opq' ? null : name.startsWith('.wh.') ? `${p.slice(0, p.lastIndexOf('/'))}/${name.slice(4)}` : p;
        }),
      );
      fromTar.delete(null);
      // Every changed path shown comes from the tar: itself, or removed with a folder whited out
      // (".wh.<folder>") or made opaque (".wh..wh..opq") in this layer.
      const covers = (p: string): boolean => {
        for (let at = p; at; at = at.slice(0, at.lastIndexOf('/'))) {
          if (fromTar.has(at) && (at === p || !truth.layers[i]!.includes(at))) return true;
          if (truth.layers[i]!.includes(`${at}/.wh..wh..opq`) && at !== p) return true;
        }
        return false;
      };
      for (const e of listed) expect(covers(e.path), `layer ${i}: ${e.path} (${e.change})`).toBe(true);
      // And every file the tar adds or replaces is shown.
      for (const p of fromTar) {
        if (truth.layers[i]!.includes(p as string) && !listed.some((e) => e.path === p) && i > 0) {
          const entry = (await call<LayerTreeEntry[]>('layers:search', { image: tag, layer: i, mode: 'stack', query: (p as string).split('/').pop()!, limit: 50 })).find((e) => e.path === p);
          // Only unchanged folders re-listed as parents may be missing from the changes.
          expect(entry?.type, `layer ${i}: ${p} missing`).toBe('directory');
        }
      }
    }
  });

  it('recognises removals, the opaque folder, links, and the image as it stands', async () => {
    const rmData = analysis.layers.findIndex((l) => /rm -rf \/data/.test(l.createdBy));
    expect((await call<LayerTreeEntry[]>('layers:tree', { image: tag, layer: rmData, mode: 'changes', path: '/' })).find((e) => e.path === '/data')).toMatchObject({ change: 'removed' });
    const opaqueLayer = analysis.layers.findIndex((l) => /b\.conf/.test(l.createdBy));
    const conf = await call<LayerTreeEntry[]>('layers:tree', { image: tag, layer: opaqueLayer, mode: 'stack', path: '/app/conf' });
    expect(conf.map((e) => [e.name, e.change])).toEqual([
      ['a.conf', 'removed'],
      ['b.conf', 'added'],
    ]);
    const app = await call<LayerTreeEntry[]>('layers:tree', { image: tag, layer: 2, mode: 'changes', path: '/app' });
    expect(app.find((e) => e.name === 'link')).toMatchObject({ type: 'symlink', linkTarget: '/app/keep.txt', change: 'added' });
    // `ln keep.txt hard` copies keep.txt up: the layer holds one of the two as a file and the other as a hard link to it.
    const pair = app.filter((e) => e.name === 'hard' || e.name === 'keep.txt');
    const hardlink = pair.find((e) => e.type === 'hardlink');
    expect(hardlink?.linkTarget).toBe(pair.find((e) => e !== hardlink)?.path);
    expect(app.find((e) => e.name === 'gone.txt')).toMatchObject({ change: 'removed' });

    // The top of the stack is the container's filesystem: compare with `docker export` of one.
    const { stdout: id } = await exec('docker', ['create', tag, 'true'], { env });
    const { stdout: exported } = await exec('sh', ['-c', `docker export ${id.trim()} | tar -tv`], { env, maxBuffer: 64 * 1024 * 1024 });
    await exec('docker', ['rm', id.trim()], { env });
    const files = new Set(
      exported
        .split('\n')
        .filter((l) => l.startsWith('-') || l.startsWith('l') || l.startsWith('h'))
        .map((l) => `/${l.split(/\s+/).slice(5).join(' ').replace(/ -> .*$/, '').replace(/ link to .*$/, '')}`)
        .filter((p) => !p.startsWith('/.dockerenv') && !p.startsWith('/etc/') && !p.startsWith('/proc') && !p.startsWith('/sys') && !p.startsWith('/dev')),
    );
    const top = analysis.layers.length - 1;
    const ours = new Set((await call<LayerTreeEntry[]>('layers:search', { image: tag, layer: top, mode: 'stack', query: '', limit: 5000 })).filter((e) => e.type !== 'directory' && e.change !== 'removed').map((e) => e.path));
    expect([...files].filter((f) => !ours.has(f))).toEqual([]);
    expect([...ours].filter((f) => !files.has(f))).toEqual([]);
  });

  it('gives the same analysis for the same image in the OCI layout (gzip and zstd layers)', async () => {
    const oci = join(work, 'oci');
    await mkdir(join(oci, 'blobs', 'sha256'), { recursive: true });
    const manifest = JSON.parse(await readFile(join(truth.dir, 'manifest.json'), 'utf8')) as { Config: string; Layers: string[] }[];
    const blob = async (data: Buffer): Promise<string> => {
      const digest = createHash('sha256').update(data).digest('hex');
      await writeFile(join(oci, 'blobs', 'sha256', digest), data);
      return `sha256:${digest}`;
    };
    const layers: { mediaType: string; digest: string; size: number }[] = [];
    for (const [i, l] of manifest[0]!.Layers.entries()) {
      const plain = await readFile(join(truth.dir, l));
      // Alternate compressions: gzip, zstd (the zstd CLI), plain.
      const data = i % 3 === 0 ? gzipSync(plain) : i % 3 === 1 ? (await exec('zstd', ['-q', '-c', join(truth.dir, l)], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 })).stdout : plain;
      const mediaType = i % 3 === 0 ? 'application/vnd.oci.image.layer.v1.tar+gzip' : i % 3 === 1 ? 'application/vnd.oci.image.layer.v1.tar+zstd' : 'application/vnd.oci.image.layer.v1.tar';
      layers.push({ mediaType, digest: await blob(data), size: data.length });
    }
    const config = await readFile(join(truth.dir, manifest[0]!.Config));
    const configDigest = await blob(config);
    const m = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length }, layers }));
    const manifestDigest = await blob(m);
    await writeFile(join(oci, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: manifestDigest, size: m.length }] }));
    await writeFile(join(oci, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    // Blobs first, index last, in a shuffled order: the reader must not depend on order.
    const names = (await readdir(join(oci, 'blobs', 'sha256'))).reverse().map((n) => `blobs/sha256/${n}`);
    await exec('tar', ['-cf', join(work, 'oci.tar'), '-C', oci, ...names, 'oci-layout', 'index.json']);
    expect((await stat(join(work, 'oci.tar'))).size).toBeGreaterThan(1000);
    const fromOci = await analyzeExport(createReadStream(join(work, 'oci.tar')), { imageId: 'oci', repoTags: [], diffIds: [], size: 0 }, () => undefined);
    expect(fromOci.analysis.format).toBe('oci');
    expect(fromOci.analysis.partial).toBeNull();
    expect(fromOci.analysis.layers.map((l) => [l.digest, l.added, l.modified, l.removed, l.size])).toEqual(analysis.layers.map((l) => [l.digest, l.added, l.modified, l.removed, l.size]));
    expect(fromOci.analysis.wastedBytes).toBe(analysis.wastedBytes);
    expect(fromOci.analysis.efficiency).toBe(analysis.efficiency);
    expect(fromOci.analysis.history.length).toBe(analysis.history.length);
  });

  it('answers again from the cache at once, and compares two tags', async () => {
    const t0 = performance.now();
    const again = await analyse(tag);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(again.events.filter((e) => e.kind === 'progress')).toEqual([]);
    const other = `${tag.split(':')[0]}:2`;
    await runDocker(host, ['build', '-t', other, '-'], `FROM ${tag}\nRUN echo extra > /extra.txt && rm /app/keep.txt\n`);
    const cmp = await call<ImageComparison>('layers:compare', { a: tag, b: other });
    expect(cmp.sharedLayers.length).toBe(analysis.layers.length);
    expect(cmp.changes.map((c) => [c.path, c.change])).toEqual(
      expect.arrayContaining([
        ['/extra.txt', 'added'],
        ['/app/keep.txt', 'removed'],
      ]),
    );
  });

  it('refuses tree queries for an image not analysed yet, with a clear message', async () => {
    const r = await t.backend.router.invoke('layers:tree', { image: base, layer: 0, mode: 'stack', path: '/' });
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('have not been analysed yet') } });
  });
});

describe('container diff', () => {
  it('lists what a container changed, previews a text file, saves it out', async () => {
    const { stdout } = await exec('docker', ['run', '-d', base, 'sh', '-c', 'echo written-by-the-container > /new.txt; rm /bin/ls; echo x >> /etc/profile 2>/dev/null; sleep 600'], { env });
    const id = stdout.trim();
    try {
      await until('the file written', async () => true);
      for (let i = 0; i < 50 && !(await exec('docker', ['exec', id, 'test', '-f', '/new.txt'], { env }).then(() => true, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
      const changes = await call<ContainerChange[]>('containers:diff', { id });
      expect(changes).toEqual(expect.arrayContaining([{ path: '/new.txt', kind: 'added' }, { path: '/bin/ls', kind: 'removed' }]));
      const preview = await call<FilePreview>('containers:read-file', { id, path: '/new.txt' });
      expect(preview).toEqual({ path: '/new.txt', size: 25, text: 'written-by-the-container\n', truncated: false });
      const saved = await call<{ path: string; bytes: number }>('containers:save-file', { id, path: '/new.txt' });
      expect(await readFile(saved.path, 'utf8')).toBe('written-by-the-container\n');
      await rm(saved.path);
      expect(await t.backend.router.invoke('containers:read-file', { id, path: '/../../etc/shadow' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    } finally {
      await exec('docker', ['rm', '-f', id], { env });
    }
  });
});
