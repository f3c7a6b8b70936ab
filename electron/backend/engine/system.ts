import type Docker from 'dockerode';
import type { DiskUsage, PrunePreviewItem, PruneResult, PruneTarget } from '../../../shared/models';
import { helperLabel } from './helper-container';
import type { ImageService } from './images';
import type { VolumeService } from './volumes';

interface DfAnswer {
  LayersSize?: number;
  Images?: { Id: string; RepoTags?: string[] | null; Size: number; SharedSize: number; Containers: number }[] | null;
  Containers?: { Id: string; Names: string[]; SizeRw?: number; State: string; Labels?: Record<string, string> }[] | null;
  Volumes?: { Name: string; UsageData?: { Size?: number; RefCount?: number } }[] | null;
  BuildCache?: { ID: string; Size: number; InUse: boolean; Shared: boolean; Description?: string; Type?: string }[] | null;
}

const name = (names: string[] | undefined, id: string): string => (names?.[0] ?? id).replace(/^\//, '');

/**
 * Disk usage as `docker system df` computes it, and pruning with a preview. Each prune removes what
 * its preview listed: containers that are stopped, dangling (or all unused) images, unused
 * anonymous volumes, unused networks, and build cache not in use.
 */
export class SystemService {
  constructor(
    private readonly engine: () => Docker,
    private readonly images: ImageService,
    private readonly volumes: VolumeService,
  ) {}

  private df(): Promise<DfAnswer> {
    return this.engine().df() as Promise<DfAnswer>;
  }

  async diskUsage(): Promise<DiskUsage> {
    const df = await this.df();
    const images = df.Images ?? [];
    const usedImages = images.filter((i) => i.Containers > 0);
    const layers = df.LayersSize ?? images.reduce((n, i) => n + i.Size, 0);
    const usedBytes = usedImages.reduce((n, i) => n + (i.SharedSize >= 0 ? i.Size - i.SharedSize : i.Size), 0);
    const containers = (df.Containers ?? []).filter((c) => !c.Labels?.[helperLabel]);
    const volumes = df.Volumes ?? [];
    const cache = df.BuildCache ?? [];
    return {
      images: { count: images.length, active: usedImages.length, size: layers, reclaimable: Math.max(0, layers - usedBytes) },
      containers: {
        count: containers.length,
        active: containers.filter((c) => c.State === 'running').length,
        size: containers.reduce((n, c) => n + (c.SizeRw ?? 0), 0),
        reclaimable: containers.filter((c) => c.State !== 'running').reduce((n, c) => n + (c.SizeRw ?? 0), 0),
      },
      volumes: {
        count: volumes.length,
        active: volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length,
        size: volumes.reduce((n, v) => n + Math.max(0, v.UsageData?.Size ?? 0), 0),
        reclaimable: volumes.filter((v) => (v.UsageData?.RefCount ?? 0) === 0).reduce((n, v) => n + Math.max(0, v.UsageData?.Size ?? 0), 0),
      },
      buildCache: {
        count: cache.length,
        active: cache.filter((b) => b.InUse).length,
        size: cache.reduce((n, b) => n + b.Size, 0),
        reclaimable: cache.filter((b) => !b.InUse && !b.Shared).reduce((n, b) => n + b.Size, 0),
      },
    };
  }

  async prunePreview(targets: PruneTarget[], allImages: boolean): Promise<Partial<Record<PruneTarget, PrunePreviewItem[]>>> {
    const docker = this.engine();
    const out: Partial<Record<PruneTarget, PrunePreviewItem[]>> = {};
    const df = targets.some((t) => t === 'containers' || t === 'images' || t === 'build-cache') ? await this.df() : null;
    for (const target of targets) {
      if (target === 'containers') {
        out.containers = (df?.Containers ?? [])
          .filter((c) => c.State !== 'running' && c.State !== 'paused' && c.State !== 'restarting' && !c.Labels?.[helperLabel])
          .map((c) => ({ id: c.Id, name: name(c.Names, c.Id), size: c.SizeRw ?? 0 }));
      } else if (target === 'images') {
        out.images = allImages
          ? (df?.Images ?? []).filter((i) => i.Containers === 0).map((i) => ({ id: i.Id, name: i.RepoTags?.filter((t) => t !== '<none>:<none>')[0] ?? i.Id.slice(7, 19), size: i.Size }))
          : await this.images.prunePreview();
      } else if (target === 'volumes') {
        out.volumes = await this.volumes.prunePreview();
      } else if (target === 'networks') {
        const networks = await docker.listNetworks();
        const inspected = await Promise.all(networks.map((n) => docker.getNetwork(n.Id).inspect().catch(() => null)));
        out.networks = inspected
          .filter((n): n is Docker.NetworkInspectInfo => !!n && !['bridge', 'host', 'none'].includes(n.Name) && Object.keys(n.Containers ?? {}).length === 0)
          .map((n) => ({ id: n.Id, name: n.Name, size: 0 }));
      } else {
        out['build-cache'] = (df?.BuildCache ?? []).filter((b) => !b.InUse).map((b) => ({ id: b.ID, name: b.Description ?? b.Type ?? b.ID.slice(0, 12), size: b.Size }));
      }
    }
    return out;
  }

  async prune(targets: PruneTarget[], allImages: boolean): Promise<Partial<Record<PruneTarget, PruneResult>>> {
    const docker = this.engine();
    const out: Partial<Record<PruneTarget, PruneResult>> = {};
    // Containers first, so images and volumes they held become unused.
    const order: PruneTarget[] = ['containers', 'networks', 'images', 'volumes', 'build-cache'];
    for (const target of order.filter((t) => targets.includes(t))) {
      if (target === 'containers') {
        const r = (await docker.pruneContainers({ filters: JSON.stringify({ ['label!']: [helperLabel] }) })) as { ContainersDeleted?: string[] | null; SpaceReclaimed?: number };
        out.containers = { deleted: r.ContainersDeleted ?? [], spaceReclaimed: r.SpaceReclaimed ?? 0 };
      } else if (target === 'images') {
        if (allImages) {
          const r = (await docker.pruneImages({ filters: JSON.stringify({ dangling: ['false'] }) })) as { ImagesDeleted?: { Deleted?: string }[] | null; SpaceReclaimed?: number };
          out.images = { deleted: (r.ImagesDeleted ?? []).flatMap((d) => (d.Deleted ? [d.Deleted] : [])), spaceReclaimed: r.SpaceReclaimed ?? 0 };
        } else {
          out.images = await this.images.prune();
        }
      } else if (target === 'volumes') {
        out.volumes = await this.volumes.prune();
      } else if (target === 'networks') {
        const r = (await docker.pruneNetworks()) as { NetworksDeleted?: string[] | null };
        out.networks = { deleted: r.NetworksDeleted ?? [], spaceReclaimed: 0 };
      } else {
        const r = (await docker.pruneBuilder()) as { CachesDeleted?: string[] | null; SpaceReclaimed?: number };
        out['build-cache'] = { deleted: r.CachesDeleted ?? [], spaceReclaimed: r.SpaceReclaimed ?? 0 };
      }
    }
    return out;
  }
}
