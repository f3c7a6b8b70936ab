import type Docker from 'dockerode';
import type { ContainerState, ContainerSummary, PortBinding } from '../../../shared/models';
import { BerthError } from '../rpc/errors';

const states = new Set<ContainerState>(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);

export function toContainerSummary(info: Docker.ContainerInfo): ContainerSummary {
  const ports: PortBinding[] = (info.Ports ?? []).map((p) => {
    const port: PortBinding = { privatePort: p.PrivatePort, protocol: p.Type };
    if (p.PublicPort) port.publicPort = p.PublicPort;
    if (p.IP) port.ip = p.IP;
    return port;
  });
  const state = (info.State ?? '').toLowerCase() as ContainerState;
  return {
    id: info.Id,
    name: (info.Names?.[0] ?? info.Id.slice(0, 12)).replace(/^\//, ''),
    image: info.Image,
    imageId: info.ImageID,
    command: info.Command,
    created: info.Created * 1000,
    state: states.has(state) ? state : 'dead',
    status: info.Status,
    ports,
    labels: info.Labels ?? {},
  };
}

/** Whether an engine error is the 304 "nothing to do" answer. */
function notModified(err: unknown): boolean {
  return (err as { statusCode?: number } | null)?.statusCode === 304;
}

/**
 * Containers: the first slice (list, start, stop, restart, remove). Lists never ask the engine
 * for sizes: `size=true` costs a filesystem walk per container.
 */
export class ContainerService {
  constructor(private readonly engine: () => Docker) {}

  async list(ids?: string[]): Promise<ContainerSummary[]> {
    if (ids && ids.length === 0) return [];
    const opts: Docker.ContainerListOptions = { all: true, size: false };
    if (ids) opts.filters = JSON.stringify({ id: ids });
    const infos = await this.engine().listContainers(opts);
    return infos.map(toContainerSummary);
  }

  async start(id: string): Promise<null> {
    try {
      await this.engine().getContainer(id).start();
    } catch (err) {
      if (notModified(err)) throw new BerthError('not-modified', `Container ${id} is already running.`);
      throw err;
    }
    return null;
  }

  async stop(id: string, timeoutSeconds?: number): Promise<null> {
    try {
      await this.engine().getContainer(id).stop(timeoutSeconds === undefined ? {} : { t: timeoutSeconds });
    } catch (err) {
      if (notModified(err)) throw new BerthError('not-modified', `Container ${id} is already stopped.`);
      throw err;
    }
    return null;
  }

  async restart(id: string, timeoutSeconds?: number): Promise<null> {
    await this.engine().getContainer(id).restart(timeoutSeconds === undefined ? {} : { t: timeoutSeconds });
    return null;
  }

  async remove(id: string, options: { force?: boolean; volumes?: boolean }): Promise<null> {
    await this.engine().getContainer(id).remove({ force: !!options.force, v: !!options.volumes });
    return null;
  }
}
