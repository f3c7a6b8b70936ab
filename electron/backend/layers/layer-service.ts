import type Docker from 'dockerode';
import type { HistoryStep, ImageComparison, LayerAnalysis, LayerAnalysisEvent, LayerSummary, LayerTreeEntry, ChangeKind } from '../../../shared/models';
import { BerthError } from '../rpc/errors';
import { readExport, type ExportContents, type ReadLayer } from './export-reader';
import { LayerIndex } from './layer-index';

export interface Analysed {
  analysis: LayerAnalysis;
  index: LayerIndex;
  diffIds: string[];
}

interface ConfigJson {
  history?: { created?: string; created_by?: string; empty_layer?: boolean; comment?: string }[];
  rootfs?: { diff_ids?: string[] };
}

const countingNote =
  'Efficiency and waste follow dive: every path written in more than one layer, or removed later, counts with all its versions; a removed folder counts what it held. Opaque folders (.wh..wh..opq) hide what lower layers put there: those paths are listed as removed in the layer view, but, as dive counts them, the hidden bytes are not counted as waste.';

function time(iso: string | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/** The image config from the export: manifest.json (classic) or index → manifest → config (OCI). */
function findConfig(contents: ExportContents): ConfigJson | null {
  const manifest = contents.documents.get('manifest.json') as { Config?: string }[] | undefined;
  const configPath = manifest?.[0]?.Config;
  if (configPath) {
    const doc = contents.documents.get(configPath) ?? contents.documents.get(contents.links.get(configPath) ?? '');
    if (doc) return doc as ConfigJson;
  }
  const blob = (digest: string | undefined): unknown => (digest ? contents.documents.get(`blobs/${digest.replace(':', '/')}`) : undefined);
  let doc = contents.documents.get('index.json') as { manifests?: { digest?: string }[]; config?: { digest?: string } } | undefined;
  for (let depth = 0; doc && depth < 4; depth++) {
    if (doc.config?.digest) return (blob(doc.config.digest) as ConfigJson | undefined) ?? null;
    doc = blob(doc.manifests?.[0]?.digest) as typeof doc;
  }
  return null;
}

/**
 * Layer analysis of images: reads the engine's export as it streams, builds the path index layer by
 * layer (each layer reported as soon as it and those below it are read), and keeps the last few
 * analyses by image ID so that reopening an image is instant.
 */
export class LayerService {
  private readonly cache = new Map<string, Analysed>();

  constructor(
    private readonly engine: () => Docker,
    private readonly keep = 4,
  ) {}

  private remember(id: string, a: Analysed): void {
    this.cache.delete(id);
    this.cache.set(id, a);
    while (this.cache.size > this.keep) this.cache.delete(this.cache.keys().next().value as string);
  }

  private async resolve(image: string): Promise<Docker.ImageInspectInfo> {
    return this.engine().getImage(image).inspect();
  }

  async analyze(image: string, emit: (e: LayerAnalysisEvent) => void, signal: AbortSignal): Promise<LayerAnalysis> {
    const info = await this.resolve(image);
    const cached = this.cache.get(info.Id);
    if (cached) {
      this.remember(info.Id, cached);
      for (const layer of cached.analysis.layers) emit({ kind: 'layer', layer });
      emit({ kind: 'done', analysis: cached.analysis });
      return cached.analysis;
    }
    const stream = (await this.engine()
      .getImage(info.Id)
      .get()) as NodeJS.ReadableStream;
    const { analysis, index, diffIds } = await analyzeExport(stream, { imageId: info.Id, repoTags: info.RepoTags ?? [], diffIds: info.RootFS?.Layers ?? [], size: info.Size || 0 }, emit, signal);
    // A partial analysis (a corrupt or cut export) is kept too, so its tree can be browsed; a cancelled one is not.
    if (!signal.aborted) this.remember(info.Id, { analysis, index, diffIds });
    return analysis;
  }

  private async analysed(image: string): Promise<Analysed> {
    const info = await this.resolve(image);
    const found = this.cache.get(info.Id);
    if (!found) throw new BerthError('not-found', `The layers of ${image} have not been analysed yet (or the analysis was dropped to save memory). Open the image's Layers tab to analyse it.`);
    return found;
  }

  async tree(image: string, layer: number, mode: 'changes' | 'stack', path: string): Promise<LayerTreeEntry[]> {
    const { index } = await this.analysed(image);
    if (layer >= index.layerCount) throw new BerthError('invalid-input', `The image has ${index.layerCount} layers (0 to ${index.layerCount - 1}).`);
    const children = index.children(path, layer, mode);
    if (!children) throw new BerthError('not-found', `${path} is not in the image.`);
    return children;
  }

  async search(image: string, layer: number, mode: 'changes' | 'stack', query: string, changes: ChangeKind[] | undefined, limit: number): Promise<LayerTreeEntry[]> {
    const { index } = await this.analysed(image);
    if (layer >= index.layerCount) throw new BerthError('invalid-input', `The image has ${index.layerCount} layers (0 to ${index.layerCount - 1}).`);
    return index.search(layer, mode, query, changes, limit);
  }

  /** Shared layers and a file-level diff; both images must be analysed (it runs the analyses that are missing). */
  async compare(a: string, b: string, signal: AbortSignal): Promise<ImageComparison> {
    const ensure = async (image: string): Promise<Analysed> => {
      const info = await this.resolve(image);
      if (!this.cache.has(info.Id)) await this.analyze(image, () => undefined, signal);
      return this.analysed(image);
    };
    const [x, y] = [await ensure(a), await ensure(b)];
    let shared = 0;
    while (shared < x.diffIds.length && shared < y.diffIds.length && x.diffIds[shared] === y.diffIds[shared]) shared++;
    const fa = x.index.liveFiles();
    const fb = y.index.liveFiles();
    const changes: ImageComparison['changes'] = [];
    const limit = 20_000;
    for (const [path, vb] of fb) {
      const va = fa.get(path);
      if (!va) changes.push({ path, change: 'added', sizeA: null, sizeB: vb.size });
      // The same file from the same shared layer is the same file; otherwise it was written again.
      else if (va.size !== vb.size || x.diffIds[va.layer] !== y.diffIds[vb.layer]) changes.push({ path, change: 'modified', sizeA: va.size, sizeB: vb.size });
    }
    for (const [path, va] of fa) if (!fb.has(path)) changes.push({ path, change: 'removed', sizeA: va.size, sizeB: null });
    changes.sort((p, q) => p.path.localeCompare(q.path));
    return {
      a: { imageId: x.analysis.imageId, layers: x.diffIds },
      b: { imageId: y.analysis.imageId, layers: y.diffIds },
      sharedLayers: x.diffIds.slice(0, shared),
      changes: changes.slice(0, limit),
      truncated: changes.length > limit,
    };
  }
}

export interface KnownImage {
  imageId: string;
  repoTags: string[];
  /** The layers' diff IDs when known up front (from the engine); empty when reading a file. */
  diffIds: string[];
  /** Bytes expected, for progress; 0 when unknown. */
  size: number;
}

/**
 * Analyses an image export read from `stream` (the engine's, or a file): layers are added to the
 * index bottom first as soon as the next one in order is read, each reported as it is added.
 */
export async function analyzeExport(stream: NodeJS.ReadableStream, known: KnownImage, emit: (e: LayerAnalysisEvent) => void, signal?: AbortSignal): Promise<Analysed> {
  const started = performance.now();
  const diffIds = known.diffIds;
  const index = new LayerIndex();
  const summaries: LayerSummary[] = [];
  const byDiffId = new Map<string, ReadLayer>();
  const legacyCreatedBy = (layer: ReadLayer): string => {
    const cmd = (layer.legacyJson as { container_config?: { Cmd?: string[] } } | undefined)?.container_config?.Cmd;
    return cmd ? cmd.join(' ') : '';
  };
  // Layers are added to the index bottom first, as soon as the next one in order is there.
  const advance = (): void => {
    while (summaries.length < diffIds.length) {
      const next = byDiffId.get(diffIds[summaries.length]!);
      if (!next) return;
      const counts = index.addLayer(next.entries);
      const summary: LayerSummary = { index: summaries.length, digest: next.diffId, createdBy: legacyCreatedBy(next), created: null, ...counts };
      summaries.push(summary);
      emit({ kind: 'layer', layer: summary });
    }
  };
  let bytesRead = 0;
  let lastProgress = 0;
  const total = known.size;
  signal?.addEventListener('abort', () => (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.(), { once: true });
  const contents = await readExport(stream, {
    ...(signal ? { signal } : {}),
    onBytes: (n) => {
      bytesRead += n;
      const now = Date.now();
      if (now - lastProgress > 100) {
        lastProgress = now;
        emit({ kind: 'progress', bytesRead, bytesTotal: Math.max(total, bytesRead) });
      }
    },
    onLayer: (layer) => {
      byDiffId.set(layer.diffId, layer);
      advance();
    },
  });
  if (signal?.aborted) throw new BerthError('cancelled', 'Layer analysis cancelled.');
  emit({ kind: 'progress', bytesRead, bytesTotal: Math.max(total, bytesRead) });

  // When the layer order was not known up front (an export read from a file, or hashes the engine
  // did not name), it comes from the config's diff IDs, else from the manifest.
  const config = findConfig(contents);
  if (summaries.length < Math.max(diffIds.length, 1) && contents.layers.size > summaries.length) {
    const byId = new Map([...contents.layers.values()].map((l) => [l.diffId, l]));
    const manifest = contents.documents.get('manifest.json') as { Layers?: string[] }[] | undefined;
    const order: (ReadLayer | undefined)[] = config?.rootfs?.diff_ids?.length
      ? config.rootfs.diff_ids.map((d) => byId.get(d))
      : (manifest?.[0]?.Layers ?? [...contents.layers.keys()]).map((key) => contents.layers.get(key) ?? contents.layers.get(contents.links.get(key)?.replace(/^(\.\.\/)+/, '').replace(/^\//, '') ?? ''));
    for (const layer of order.slice(summaries.length)) {
      if (!layer) continue;
      const counts = index.addLayer(layer.entries);
      const summary: LayerSummary = { index: summaries.length, digest: layer.diffId, createdBy: legacyCreatedBy(layer), created: null, ...counts };
      summaries.push(summary);
      emit({ kind: 'layer', layer: summary });
    }
  }
  const expected = diffIds.length || config?.rootfs?.diff_ids?.length || summaries.length;
  let partial = contents.partial;
  if (!partial && summaries.length < expected) partial = `only ${summaries.length} of ${expected} layers could be read from the export`;

  // The history from the config: which steps made layers, and which changed only metadata.
  const history: HistoryStep[] = [];
  let layer = 0;
  for (const h of config?.history ?? []) {
    const empty = !!h.empty_layer;
    history.push({ createdBy: h.created_by ?? '', created: time(h.created), empty, layer: empty ? null : layer, comment: h.comment ?? '' });
    if (!empty) {
      const s = summaries[layer];
      if (s) {
        s.createdBy = (h.created_by ?? s.createdBy).replace(/^\/bin\/sh -c #\(nop\)\s*/, '').replace(/^\/bin\/sh -c /, 'RUN ');
        s.created = time(h.created);
      }
      layer++;
    }
  }
  const efficiency = index.result();
  const analysis: LayerAnalysis = {
    imageId: known.imageId,
    repoTags: known.repoTags,
    format: contents.format,
    layers: summaries,
    history,
    ...efficiency,
    files: index.liveFiles().size,
    partial,
    anomalies: contents.anomalies.slice(0, 200),
    countingNote,
    analysedInMs: Math.round(performance.now() - started),
  };
  emit({ kind: 'done', analysis });
  return { analysis, index, diffIds: summaries.map((x) => x.digest) };
}
