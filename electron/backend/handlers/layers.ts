import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import type { Router } from '../rpc/router';
import type { LayerService } from '../layers/layer-service';
import type { ContainerChange, FilePreview } from '../../../shared/models';
import { BerthError } from '../rpc/errors';
import { readTar } from '../archive/tar-reader';
import { decodeText } from '../archive/text-preview';
import { downloadPath } from '../engine/logs';
import type { EngineCall } from './engine-call';
import { streamTask } from './stream-task';

const previewBytes = 256 * 1024;
const kinds: ContainerChange['kind'][] = ['modified', 'added', 'removed'];

async function archive(docker: Docker, id: string, path: string): Promise<NodeJS.ReadableStream> {
  try {
    return (await docker.getContainer(id).getArchive({ path })) as NodeJS.ReadableStream;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) throw new BerthError('not-found', `${path} is not in the container (any more).`);
    throw err;
  }
}

/** The type of the first entry of a path's archive (the path itself), reading no further. */
async function firstEntryType(docker: Docker, id: string, path: string): Promise<string> {
  const stream = await archive(docker, id, path);
  const stop = new AbortController();
  let type = 'file';
  await readTar(
    stream,
    {
      entry: (h) => {
        type = h.type;
        stop.abort();
        return 0;
      },
    },
    stop.signal,
  ).catch(() => undefined);
  return type;
}

export function registerLayerHandlers(router: Router, deps: { layers: LayerService; docker: () => Docker; pickSaveFile?: (suggested: string) => Promise<string | null>; via: EngineCall }): void {
  const { layers, via } = deps;
  router.stream('layers:analyze', ({ image }, ctx) => streamTask(ctx, () => layers.analyze(image, ctx.send, ctx.signal)));
  router
    .handle('layers:tree', via((a) => layers.tree(a.image, a.layer, a.mode, a.path)))
    .handle('layers:search', via((a) => layers.search(a.image, a.layer, a.mode, a.query, a.changes, a.limit ?? 500)))
    .handle('layers:compare', via((a) => layers.compare(a.a, a.b, new AbortController().signal)))
    .handle(
      'containers:diff',
      via(async ({ id }) => {
        const changes = ((await deps.docker().getContainer(id).changes()) ?? []) as { Path: string; Kind: number }[];
        return changes.map((c) => ({ path: c.Path, kind: kinds[c.Kind] ?? 'modified' })).sort((a, b) => a.path.localeCompare(b.path));
      }),
    )
    .handle(
      'containers:read-file',
      via(async ({ id, path }): Promise<FilePreview> => {
        const stream = await archive(deps.docker(), id, path);
        let size = 0;
        let folder = false;
        let first = true;
        const chunks: Buffer[] = [];
        await readTar(stream, {
          entry: (h) => {
            if (!first) return 0;
            first = false;
            size = h.size;
            folder = h.type === 'directory';
            return Math.min(previewBytes, h.size);
          },
          content: (_h, chunk) => chunks.push(Buffer.from(chunk)),
        });
        if (folder) throw new BerthError('invalid-input', `${path} is a folder.`);
        const bytes = Buffer.concat(chunks);
        return { path, size, text: decodeText(bytes), truncated: size > bytes.length };
      }),
    )
    .handle(
      'containers:save-file',
      via(async ({ id, path }) => {
        const docker = deps.docker();
        const name = path.split('/').filter(Boolean).pop() ?? 'file';
        const folder = (await firstEntryType(docker, id, path)) === 'directory';
        const dot = name.lastIndexOf('.');
        const suggested = folder ? await downloadPath(name, 'tar') : await downloadPath(dot > 0 ? name.slice(0, dot) : name, dot > 0 ? name.slice(dot + 1) : 'bin');
        const target = deps.pickSaveFile ? await deps.pickSaveFile(suggested) : suggested;
        if (!target) return { path: '', bytes: 0 };
        const stream = await archive(docker, id, path);
        const out = createWriteStream(target, { flags: 'wx', mode: 0o644 });
        let bytes = 0;
        if (folder) {
          // A folder is saved as the engine's tar of it.
          stream.on('data', (c: Buffer) => (bytes += c.length));
          await pipeline(stream, out);
          return { path: target, bytes };
        }
        let first = true;
        await readTar(stream, {
          entry: (h) => {
            if (!first) return 0;
            first = false;
            return h.size;
          },
          content: (_h, chunk) => {
            bytes += chunk.length;
            out.write(Buffer.from(chunk));
          },
        });
        await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
        return { path: target, bytes };
      }),
    );
}
