import type { Router } from '../rpc/router';
import type { VolumeService } from '../engine/volumes';
import type { NetworkService } from '../engine/networks';
import type { SystemService } from '../engine/system';
import type { EngineCall } from './engine-call';

/** Volumes, networks and system-wide disk usage. */
export function registerStorageHandlers(router: Router, deps: { volumes: VolumeService; networks: NetworkService; system: SystemService; via: EngineCall }): void {
  const { volumes: v, networks: n, system: s, via } = deps;
  router
    .handle('volumes:list', via((a) => v.list(!!a.withSizes)))
    .handle('volumes:create', via((a) => v.create(a)))
    .handle('volumes:remove', via((a) => v.remove(a.name, !!a.force)))
    .handle('volumes:prune-preview', via(() => v.prunePreview()))
    .handle('volumes:prune', via(() => v.prune()))
    .handle('volumes:browse', via((a) => v.browse(a.name, a.path)))
    .handle('volumes:read-file', via((a) => v.readFile(a.name, a.path)))
    .handle('networks:list', via(() => n.list()))
    .handle('networks:create', via((a) => n.create(a)))
    .handle('networks:remove', via((a) => n.remove(a.id)))
    .handle('networks:connect', via((a) => n.connect(a.network, a.container)))
    .handle('networks:disconnect', via((a) => n.disconnect(a.network, a.container, !!a.force)))
    .handle('system:disk-usage', via(() => s.diskUsage()))
    .handle('system:prune-preview', via((a) => s.prunePreview(a.targets, !!a.allImages)))
    .handle('system:prune', via((a) => s.prune(a.targets, !!a.allImages)));
}
