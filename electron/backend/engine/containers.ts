import type Docker from 'dockerode';
import type { ContainerDetails, ContainerState, ContainerSummary, HealthState, PortBinding } from '../../../shared/models';
import { BerthError } from '../rpc/errors';
import { helperLabel } from './helper-container';

const states = new Set<ContainerState>(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);

function toState(raw: string | undefined): ContainerState {
  const state = (raw ?? '').toLowerCase() as ContainerState;
  return states.has(state) ? state : 'dead';
}

export function toContainerSummary(info: Docker.ContainerInfo): ContainerSummary {
  const ports: PortBinding[] = (info.Ports ?? []).map((p) => {
    const port: PortBinding = { privatePort: p.PrivatePort, protocol: p.Type };
    if (p.PublicPort) port.publicPort = p.PublicPort;
    if (p.IP) port.ip = p.IP;
    return port;
  });
  return {
    id: info.Id,
    name: (info.Names?.[0] ?? info.Id.slice(0, 12)).replace(/^\//, ''),
    image: info.Image,
    imageId: info.ImageID,
    command: info.Command,
    created: info.Created * 1000,
    state: toState(info.State),
    status: info.Status,
    ports,
    labels: info.Labels ?? {},
  };
}

function time(iso: string | undefined): number | null {
  if (!iso || iso.startsWith('0001-')) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

function portsFromInspect(info: Docker.ContainerInspectInfo): PortBinding[] {
  const out: PortBinding[] = [];
  for (const [key, bindings] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
    const [privatePort, protocol = 'tcp'] = key.split('/');
    if (!bindings || bindings.length === 0) out.push({ privatePort: Number(privatePort), protocol });
    else for (const b of bindings) out.push({ privatePort: Number(privatePort), protocol, publicPort: Number(b.HostPort), ip: b.HostIp });
  }
  return out;
}

export function toContainerDetails(info: Docker.ContainerInspectInfo): ContainerDetails {
  const state = info.State;
  const health = (state as { Health?: { Status?: string; Log?: { Output?: string }[] } }).Health;
  const policy = info.HostConfig?.RestartPolicy;
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: info.Config?.Image ?? '',
    imageId: info.Image,
    created: Date.parse(info.Created),
    state: toState(state?.Status),
    startedAt: time(state?.StartedAt),
    finishedAt: time(state?.FinishedAt),
    exitCode: state?.Status === 'exited' || state?.Status === 'dead' ? (state?.ExitCode ?? null) : null,
    error: state?.Error ?? '',
    restartCount: info.RestartCount ?? 0,
    restartPolicy: policy?.Name ? (policy.Name === 'on-failure' && policy.MaximumRetryCount ? `on-failure:${policy.MaximumRetryCount}` : policy.Name) : 'no',
    health: (health?.Status as HealthState | undefined) ?? 'none',
    healthLog: (health?.Log ?? []).map((l) => (l.Output ?? '').trim()).slice(-5),
    cmd: info.Config?.Cmd ?? [],
    entrypoint: typeof info.Config?.Entrypoint === 'string' ? [info.Config.Entrypoint] : (info.Config?.Entrypoint ?? []),
    workingDir: info.Config?.WorkingDir ?? '',
    user: info.Config?.User ?? '',
    tty: !!info.Config?.Tty,
    env: info.Config?.Env ?? [],
    labels: info.Config?.Labels ?? {},
    mounts: (info.Mounts ?? []).map((m) => ({
      type: m.Type,
      source: m.Type === 'volume' ? (m.Name ?? m.Source) : m.Source,
      destination: m.Destination,
      readOnly: !m.RW,
    })),
    ports: portsFromInspect(info),
    networks: Object.entries(info.NetworkSettings?.Networks ?? {}).map(([name, n]) => ({
      name,
      ipAddress: n.IPAddress ?? '',
      gateway: n.Gateway ?? '',
      macAddress: n.MacAddress ?? '',
      aliases: n.Aliases ?? [],
    })),
    memoryLimit: info.HostConfig?.Memory ?? 0,
    nanoCpus: info.HostConfig?.NanoCpus ?? 0,
    raw: info,
  };
}

/** Whether an engine error is the 304 "nothing to do" answer. */
function notModified(err: unknown): boolean {
  return (err as { statusCode?: number } | null)?.statusCode === 304;
}

/** Runs an action, turning the engine's 304 into a sentence about this container. */
async function act(id: string, already: string, run: () => Promise<unknown>): Promise<null> {
  try {
    await run();
  } catch (err) {
    if (notModified(err)) throw new BerthError('not-modified', `Container ${id} is already ${already}.`);
    throw err;
  }
  return null;
}

/**
 * Containers: list, inspect and the everyday actions. Lists never ask the engine for sizes:
 * `size=true` costs a filesystem walk per container.
 */
export class ContainerService {
  constructor(private readonly engine: () => Docker) {}

  async list(ids?: string[]): Promise<ContainerSummary[]> {
    if (ids && ids.length === 0) return [];
    const opts: Docker.ContainerListOptions = { all: true, size: false };
    if (ids) opts.filters = JSON.stringify({ id: ids });
    const infos = await this.engine().listContainers(opts);
    // Berth's own short-lived helpers (volume browsing) are not the user's containers.
    return infos.filter((c) => !c.Labels?.[helperLabel]).map(toContainerSummary);
  }

  async inspect(id: string): Promise<ContainerDetails> {
    return toContainerDetails(await this.engine().getContainer(id).inspect());
  }

  start(id: string): Promise<null> {
    return act(id, 'running', () => this.engine().getContainer(id).start());
  }

  stop(id: string, timeoutSeconds?: number): Promise<null> {
    return act(id, 'stopped', () => this.engine().getContainer(id).stop(timeoutSeconds === undefined ? {} : { t: timeoutSeconds }));
  }

  async restart(id: string, timeoutSeconds?: number): Promise<null> {
    await this.engine().getContainer(id).restart(timeoutSeconds === undefined ? {} : { t: timeoutSeconds });
    return null;
  }

  pause(id: string): Promise<null> {
    return act(id, 'paused', () => this.engine().getContainer(id).pause());
  }

  unpause(id: string): Promise<null> {
    return act(id, 'running', () => this.engine().getContainer(id).unpause());
  }

  async kill(id: string, signal?: string): Promise<null> {
    await this.engine().getContainer(id).kill(signal ? { signal } : {});
    return null;
  }

  async remove(id: string, options: { force?: boolean; volumes?: boolean }): Promise<null> {
    await this.engine().getContainer(id).remove({ force: !!options.force, v: !!options.volumes });
    return null;
  }

  async rename(id: string, name: string): Promise<null> {
    await this.engine().getContainer(id).rename({ name });
    return null;
  }
}
