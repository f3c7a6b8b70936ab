import { createHash, type Hash } from 'node:crypto';
import { createGunzip, type Gunzip } from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';
import { TarReader, TarError } from '../archive/tar-reader';
import { toLayerEntry, type LayerEntry } from './layer-entries';

/** A layer read from the export: its entries and the sha256 of its uncompressed tar (its diff ID). */
export interface ReadLayer {
  /** Where it was in the export: "<id>/layer.tar" or "blobs/sha256/<digest>". */
  key: string;
  diffId: string;
  entries: LayerEntry[];
  /** Content bytes of the files in it. */
  size: number;
  /** The legacy per-layer JSON of the classic layout ("<id>/json"), when there was one. */
  legacyJson?: unknown;
}

export interface ExportContents {
  format: 'docker-save' | 'oci';
  /** Layers by key, in the order they were read. */
  layers: Map<string, ReadLayer>;
  /** Small JSON documents by path: manifest.json, index.json, configs, OCI manifests. */
  documents: Map<string, unknown>;
  /** Where a classic layout points with symlinks ("<id>/layer.tar" → "../blobs/sha256/…"). */
  links: Map<string, string>;
  anomalies: string[];
  /** Set when the export ended early or was corrupt: the layers read until then are kept. */
  partial: string | null;
}

const maxDocument = 16 * 1024 * 1024;
const maxEntriesPerLayer = 2_000_000;

type Sink = { push(chunk: Buffer): void; end(): Promise<void> };

/** Reads one layer tar (plain, gzip or zstd; recognised by its first bytes) into entries, hashing the plain tar. */
function layerSink(key: string, anomalies: string[], onLayer: (layer: ReadLayer) => void): Sink {
  const entries: LayerEntry[] = [];
  let size = 0;
  const hash: Hash = createHash('sha256');
  const inner = new TarReader({
    entry: (h) => {
      if (entries.length >= maxEntriesPerLayer) throw new TarError(`more than ${maxEntriesPerLayer} entries in one layer`, 0);
      const r = toLayerEntry(h);
      if ('anomaly' in r) {
        if (r.anomaly && anomalies.length < 1000) anomalies.push(`${key}: ${r.anomaly}`);
        return 0;
      }
      entries.push(r.entry);
      size += r.entry.size;
      return 0;
    },
  });
  let head: Buffer | null = Buffer.alloc(0);
  let decompressor: { write(b: Buffer): void; finish(): Promise<void> } | null = null;
  let failed: Error | null = null;
  const plain = (b: Buffer): void => {
    if (failed) return;
    hash.update(b);
    try {
      inner.push(b);
    } catch (err) {
      failed = err as Error;
    }
  };
  const start = (first: Buffer): void => {
    if (first[0] === 0x1f && first[1] === 0x8b) {
      const gunzip: Gunzip = createGunzip();
      gunzip.on('data', (b: Buffer) => plain(b));
      const done = new Promise<void>((resolve, reject) => {
        gunzip.once('end', resolve);
        gunzip.once('error', reject);
      });
      decompressor = { write: (b) => void gunzip.write(b), finish: () => (gunzip.end(), done) };
    } else if (first[0] === 0x28 && first[1] === 0xb5 && first[2] === 0x2f && first[3] === 0xfd) {
      const z = new ZstdDecompress((chunk) => plain(Buffer.from(chunk)));
      decompressor = {
        write: (b) => {
          try {
            z.push(b);
          } catch (err) {
            failed = err as Error;
          }
        },
        finish: async () => {
          try {
            z.push(new Uint8Array(0), true);
          } catch (err) {
            failed ??= err as Error;
          }
        },
      };
    } else {
      decompressor = { write: plain, finish: async () => undefined };
    }
  };
  return {
    push: (chunk) => {
      if (head) {
        head = Buffer.concat([head, chunk]);
        if (head.length < 4) return;
        start(head);
        const first = head;
        head = null;
        decompressor!.write(first);
        return;
      }
      decompressor!.write(chunk);
    },
    end: async () => {
      if (head) {
        start(head);
        decompressor!.write(head);
        head = null;
      }
      await decompressor!.finish().catch((err: unknown) => {
        failed ??= err as Error;
      });
      if (!failed) {
        try {
          inner.end();
        } catch (err) {
          failed = err as Error;
        }
      }
      if (failed) {
        anomalies.push(`${key}: the layer could not be read completely (${failed.message}); what was read is shown`);
      }
      onLayer({ key, diffId: `sha256:${hash.digest('hex')}`, entries, size });
    },
  };
}

/** Whether an export member is a document (small JSON) or a layer: blobs are told apart by their first byte. */
function isDocumentPath(path: string): boolean {
  return path.endsWith('.json') || path.endsWith('/json') || path === 'repositories' || path === 'oci-layout';
}

/**
 * Reads an image export (`docker save` / GET /images/{name}/get) as it streams: the classic layout
 * (manifest.json + <id>/layer.tar) and the OCI layout (index.json + blobs/sha256/…, layers plain,
 * gzip or zstd). Keeps only metadata; file contents are hashed and dropped. A truncated or corrupt
 * export gives a partial result with the reason, never an exception.
 */
export async function readExport(
  stream: NodeJS.ReadableStream,
  options: { onBytes?: (n: number) => void; onLayer?: (layer: ReadLayer) => void; signal?: AbortSignal } = {},
): Promise<ExportContents> {
  const contents: ExportContents = { format: 'docker-save', layers: new Map(), documents: new Map(), links: new Map(), anomalies: [], partial: null };
  const pendingEnds: Promise<void>[] = [];
  let current: { path: string; kind: 'layer'; sink: Sink } | { path: string; kind: 'doc'; chunks: Buffer[]; size: number } | null = null;
  let blobHead: { path: string; chunks: Buffer[]; size: number } | null = null;

  const closeCurrent = (): void => {
    if (!current) return;
    if (current.kind === 'layer') pendingEnds.push(current.sink.end());
    else if (current.size <= maxDocument) {
      try {
        contents.documents.set(current.path, JSON.parse(Buffer.concat(current.chunks).toString('utf8')));
      } catch {
        if (current.path !== 'oci-layout') contents.anomalies.push(`${current.path}: not valid JSON`);
      }
    }
    current = null;
  };
  const addLayer = (layer: ReadLayer): void => {
    const legacy = contents.documents.get(layer.key.replace(/layer\.tar$/, 'json'));
    if (legacy) layer.legacyJson = legacy;
    contents.layers.set(layer.key, layer);
    options.onLayer?.(layer);
  };

  const outer = new TarReader({
    entry: (h) => {
      closeCurrent();
      // A blob whose first bytes were held back ends with its entry; decide what it was.
      if (blobHead) {
        const b = blobHead;
        blobHead = null;
        const data = Buffer.concat(b.chunks);
        if (data[0] === 0x7b /* { */) contents.documents.set(b.path, safeJson(data));
        else {
          const sink = layerSink(b.path, contents.anomalies, addLayer);
          sink.push(data);
          pendingEnds.push(sink.end());
        }
      }
      const path = h.path.replace(/^\.\//, '');
      if (h.type === 'symlink' || h.type === 'hardlink') {
        contents.links.set(path, h.linkname);
        return 0;
      }
      if (h.type !== 'file') return 0;
      if (path === 'index.json' || path === 'oci-layout') contents.format = 'oci';
      if (path.endsWith('/layer.tar') || path.endsWith('.tar')) {
        current = { path, kind: 'layer', sink: layerSink(path, contents.anomalies, addLayer) };
        return h.size;
      }
      if (path.startsWith('blobs/')) {
        // Blobs are configs and manifests (JSON) or layers: small JSON is kept, the rest parsed as a layer.
        blobHead = { path, chunks: [], size: 0 };
        return h.size;
      }
      if (isDocumentPath(path)) {
        current = { path, kind: 'doc', chunks: [], size: 0 };
        return Math.min(h.size, maxDocument + 1);
      }
      return 0;
    },
    content: (_h, chunk) => {
      options.onBytes?.(chunk.length);
      if (blobHead) {
        blobHead.chunks.push(chunk); // chunks are views of buffers nobody reuses: no copy needed
        blobHead.size += chunk.length;
        const first = blobHead.chunks[0]!;
        // Decided as soon as the first byte is known: a layer streams on, a document is collected.
        if (first[0] !== 0x7b) {
          const sink = layerSink(blobHead.path, contents.anomalies, addLayer);
          for (const c of blobHead.chunks) sink.push(c);
          current = { path: blobHead.path, kind: 'layer', sink };
          blobHead = null;
        } else if (blobHead.size > maxDocument) {
          contents.anomalies.push(`${blobHead.path}: a JSON document over ${maxDocument} bytes was skipped`);
          blobHead = null;
        }
        return;
      }
      if (!current) return;
      if (current.kind === 'layer') current.sink.push(chunk);
      else {
        current.chunks.push(chunk);
        current.size += chunk.length;
      }
    },
  });

  await new Promise<void>((resolve) => {
    let settled = false;
    const finish = (partial: string | null): void => {
      if (settled) return;
      settled = true;
      if (partial) contents.partial = partial;
      resolve();
    };
    options.signal?.addEventListener('abort', () => finish('cancelled'), { once: true });
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      try {
        outer.push(chunk);
      } catch (err) {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        finish(`the export is corrupt: ${(err as Error).message}`);
      }
    });
    stream.once('error', (err) => finish(`the export ended with an error: ${err.message}`));
    stream.once('end', () => {
      try {
        outer.end();
        finish(outer.finished || outer.entries > 0 ? null : 'the export was empty');
      } catch (err) {
        finish(`the export is truncated: ${(err as Error).message}`);
      }
    });
  });
  if (blobHead) {
    const b = blobHead as { path: string; chunks: Buffer[] };
    const data = Buffer.concat(b.chunks);
    if (data[0] === 0x7b) contents.documents.set(b.path, safeJson(data));
    blobHead = null;
  }
  closeCurrent();
  await Promise.all(pendingEnds);
  return contents;
}

function safeJson(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    return null;
  }
}
