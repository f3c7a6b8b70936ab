import type Docker from 'dockerode';
import type { ContainerRefInfo, FilePreview, PrunePreviewItem, PruneResult, VolumeEntry, VolumeListing, VolumeSummary } from '../../../shared/models';
import { readTar, type TarHeader } from '../archive/tar-reader';
import { decodeText } from '../archive/text-preview';
import { BerthError } from '../rpc/errors';
import { helperLabel, withVolumeHelper } from './helper-container';

const maxEntries = 100_000;
const previewBytes = 256 * 1024;

/** Which containers mount each volume (Berth's own helpers excluded). */
async function volumeUsers(docker: Docker): Promise<Map<string, ContainerRefInfo[]>> {
  const byVolume = new Map<string, ContainerRefInfo[]>();
  for (const c of await docker.listContainers({ all: true, size: false })) {
    if (c.Labels?.[helperLabel]) continue;
    for (const m of c.Mounts ?? []) {
      if (m.Type !== 'volume' || !m.Name) continue;
      const list = byVolume.get(m.Name) ?? [];
      list.push({ id: c.Id, name: (c.Names?.[0] ?? c.Id).replace(/^\//, '') });
      byVolume.set(m.Name, list);
    }
  }
  return byVolume;
}

function normalisePath(path: string): string {
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (!p || p === '.') continue;
    if (p === '..') throw new BerthError('invalid-input', 'A volume path cannot go above the volume with "..".');
    parts.push(p);
  }
  return `/${parts.join('/')}`;
}

function entryType(h: TarHeader): VolumeEntry['type'] {
  return h.type === 'file' || h.type === 'directory' || h.type === 'symlink' || h.type === 'hardlink' ? h.type : 'other';
}

/** Volumes: list with their users (sizes on request), create, remove, prune with preview, browse read-only. */
export class VolumeService {
  constructor(private readonly engine: () => Docker) {}

  async list(withSizes: boolean): Promise<VolumeSummary[]> {
    const docker = this.engine();
    const [{ Volumes }, users, df] = await Promise.all([
      docker.listVolumes(),
      volumeUsers(docker),
      withSizes ? (docker.df() as Promise<{ Volumes?: { Name: string; UsageData?: { Size?: number } }[] }>) : Promise.resolve(null),
    ]);
    const sizes = new Map((df?.Volumes ?? []).map((v) => [v.Name, v.UsageData?.Size ?? -1]));
    return (Volumes ?? []).map((v) => {
      const summary: VolumeSummary = {
        name: v.Name,
        driver: v.Driver,
        mountpoint: v.Mountpoint,
        created: (v as { CreatedAt?: string }).CreatedAt ? Date.parse((v as { CreatedAt?: string }).CreatedAt!) : null,
        labels: v.Labels ?? {},
        anonymous: /^[a-f0-9]{64}$/.test(v.Name),
        usedBy: users.get(v.Name) ?? [],
      };
      const size = sizes.get(v.Name);
      if (withSizes && size !== undefined && size >= 0) summary.size = size;
      return summary;
    });
  }

  async create(options: { name?: string; driver?: string; labels?: Record<string, string> }): Promise<VolumeSummary> {
    const docker = this.engine();
    if (options.name) {
      const existing = await docker
        .getVolume(options.name)
        .inspect()
        .catch(() => null);
      // The engine answers "create" for an existing name by returning it; a user asking to create expects a new one.
      if (existing) throw new BerthError('conflict', `A volume named ${options.name} already exists.`);
    }
    const volume = (await docker.createVolume({ Name: options.name ?? '', Driver: options.driver ?? 'local', Labels: options.labels ?? {} })) as unknown as Docker.Volume;
    const v = (await volume.inspect()) as Docker.VolumeInspectInfo & { CreatedAt?: string };
    return { name: v.Name, driver: v.Driver, mountpoint: v.Mountpoint, created: v.CreatedAt ? Date.parse(v.CreatedAt) : null, labels: v.Labels ?? {}, anonymous: !options.name, usedBy: [] };
  }

  async remove(name: string, force: boolean): Promise<null> {
    const docker = this.engine();
    try {
      await docker.getVolume(name).remove({ force });
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 409) {
        const users = (await volumeUsers(docker)).get(name) ?? [];
        if (users.length) throw new BerthError('conflict', `Volume ${name} is in use by ${users.map((u) => u.name).join(', ')}. Remove ${users.length > 1 ? 'those containers' : 'that container'} first.`);
      }
      throw err;
    }
    return null;
  }

  /** Unused anonymous volumes, as `docker volume prune` removes on current engines; named volumes are kept. */
  async prunePreview(): Promise<PrunePreviewItem[]> {
    const docker = this.engine();
    const [volumes, users, df] = await Promise.all([docker.listVolumes(), volumeUsers(docker), docker.df() as Promise<{ Volumes?: { Name: string; UsageData?: { Size?: number } }[] }>]);
    const sizes = new Map((df.Volumes ?? []).map((v) => [v.Name, Math.max(0, v.UsageData?.Size ?? 0)]));
    return (volumes.Volumes ?? [])
      .filter((v) => /^[a-f0-9]{64}$/.test(v.Name) && !users.has(v.Name))
      .map((v) => ({ id: v.Name, name: v.Name.slice(0, 12), size: sizes.get(v.Name) ?? 0 }));
  }

  /** Removes exactly what the preview lists (as it stands now), so what was shown is what goes. */
  async prune(): Promise<PruneResult> {
    const docker = this.engine();
    const deleted: string[] = [];
    let spaceReclaimed = 0;
    for (const item of await this.prunePreview()) {
      try {
        await docker.getVolume(item.id).remove();
        deleted.push(item.id);
        spaceReclaimed += item.size;
      } catch {
        /* taken into use meanwhile: kept */
      }
    }
    return { deleted, spaceReclaimed };
  }

  /** The entries directly inside `path` of the volume, folders with the total size below them. */
  async browse(volume: string, pathInput: string): Promise<VolumeListing> {
    const path = normalisePath(pathInput);
    const base = path === '/' ? '/volume' : `/volume${path}`;
    return withVolumeHelper(this.engine(), volume, async (container) => {
      const stream = (await container.getArchive({ path: base }).catch((err: unknown) => {
        if ((err as { statusCode?: number }).statusCode === 404) throw new BerthError('not-found', `${path} does not exist in volume ${volume}.`);
        throw err;
      })) as NodeJS.ReadableStream;
      const entries = new Map<string, VolumeEntry>();
      let truncated = false;
      let root: string | null = null;
      await readTar(stream, {
        entry: (h) => {
          // The archive's first entry is the folder itself ("volume/" or "<name>/").
          const clean = h.path.replace(/\/+$/, '');
          if (root === null) {
            root = clean;
            return;
          }
          if (!clean.startsWith(`${root}/`)) return;
          const rest = clean.slice(root.length + 1);
          const first = rest.split('/')[0]!;
          const existing = entries.get(first);
          if (rest === first) {
            if (entries.size >= maxEntries && !existing) {
              truncated = true;
              return;
            }
            const entry: VolumeEntry = { name: first, path: `${path === '/' ? '' : path}/${first}`, type: entryType(h), size: (existing?.size ?? 0) + h.size, mode: h.mode, modified: h.mtime };
            if (h.linkname) entry.linkTarget = h.linkname;
            entries.set(first, entry);
          } else if (existing) {
            existing.size += h.size;
          }
        },
      });
      const sorted = [...entries.values()].sort((a, b) => Number(b.type === 'directory') - Number(a.type === 'directory') || a.name.localeCompare(b.name));
      return { volume, path, entries: sorted, truncated };
    });
  }

  /** The start of a file in the volume, as text when it reads as text. */
  async readFile(volume: string, pathInput: string): Promise<FilePreview> {
    const path = normalisePath(pathInput);
    if (path === '/') throw new BerthError('invalid-input', 'Pick a file, not the volume itself.');
    return withVolumeHelper(this.engine(), volume, async (container) => {
      const stream = (await container.getArchive({ path: `/volume${path}` }).catch((err: unknown) => {
        if ((err as { statusCode?: number }).statusCode === 404) throw new BerthError('not-found', `${path} does not exist in volume ${volume}.`);
        throw err;
      })) as NodeJS.ReadableStream;
      let size = 0;
      let isDir = false;
      const chunks: Buffer[] = [];
      let first = true;
      await readTar(stream, {
        entry: (h) => {
          if (!first) return 0;
          first = false;
          size = h.size;
          isDir = h.type === 'directory';
          return Math.min(previewBytes, h.size);
        },
        content: (_h, chunk) => chunks.push(Buffer.from(chunk)),
      });
      if (isDir) throw new BerthError('invalid-input', `${path} is a folder; open it instead.`);
      const bytes = Buffer.concat(chunks);
      return { path, size, text: decodeText(bytes), truncated: size > bytes.length };
    });
  }
}
