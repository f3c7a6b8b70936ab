import type Docker from 'dockerode';
import type { NetworkSummary } from '../../../shared/models';
import { BerthError } from '../rpc/errors';
import { helperLabel } from './helper-container';

const builtIn = new Set(['bridge', 'host', 'none']);

function toSummary(n: Docker.NetworkInspectInfo): NetworkSummary {
  return {
    id: n.Id,
    name: n.Name,
    driver: n.Driver,
    scope: n.Scope,
    subnets: (n.IPAM?.Config ?? []).map((c) => ({ subnet: c.Subnet ?? '', gateway: c.Gateway ?? '' })),
    internal: !!n.Internal,
    builtIn: builtIn.has(n.Name),
    created: n.Created ? Date.parse(n.Created) : null,
    labels: n.Labels ?? {},
    containers: Object.entries(n.Containers ?? {}).map(([id, c]) => ({ id, name: c.Name, ipv4: (c.IPv4Address ?? '').replace(/\/\d+$/, '') })),
  };
}

/** Networks: list with attached containers, create a bridge, remove, connect and disconnect containers. */
export class NetworkService {
  constructor(private readonly engine: () => Docker) {}

  async list(): Promise<NetworkSummary[]> {
    const docker = this.engine();
    // The list endpoint leaves Containers empty; inspect each (networks are few).
    const listed = await docker.listNetworks();
    const inspected = await Promise.all(
      listed.map((n) =>
        docker
          .getNetwork(n.Id)
          .inspect()
          .catch(() => null),
      ),
    );
    const helpers = new Set((await docker.listContainers({ all: true, filters: JSON.stringify({ label: [helperLabel] }) })).map((c) => c.Id));
    return inspected
      .filter((n): n is Docker.NetworkInspectInfo => n !== null)
      .map(toSummary)
      .map((n) => ({ ...n, containers: n.containers.filter((c) => !helpers.has(c.id)) }))
      .sort((a, b) => Number(b.builtIn) - Number(a.builtIn) || a.name.localeCompare(b.name));
  }

  async create(options: { name: string; subnet?: string; gateway?: string; internal?: boolean; labels?: Record<string, string> }): Promise<NetworkSummary> {
    const docker = this.engine();
    const existing = (await docker.listNetworks({ filters: JSON.stringify({ name: [options.name] }) })).find((n) => n.Name === options.name);
    if (existing) throw new BerthError('conflict', `A network named ${options.name} already exists.`);
    if (options.gateway && !options.subnet) throw new BerthError('invalid-input', 'A gateway needs a subnet to live in: give the subnet too.');
    const ipam = options.subnet ? { Driver: 'default', Config: [{ Subnet: options.subnet, ...(options.gateway ? { Gateway: options.gateway } : {}) }] } : undefined;
    const network = await docker.createNetwork({
      Name: options.name,
      Driver: 'bridge',
      CheckDuplicate: true,
      Internal: !!options.internal,
      Labels: options.labels ?? {},
      ...(ipam ? { IPAM: ipam } : {}),
    });
    return toSummary(await network.inspect());
  }

  async remove(id: string): Promise<null> {
    const docker = this.engine();
    const info = await docker.getNetwork(id).inspect();
    if (builtIn.has(info.Name)) throw new BerthError('conflict', `${info.Name} comes with the engine and cannot be removed.`);
    const attached = Object.values(info.Containers ?? {}).map((c) => c.Name);
    if (attached.length) throw new BerthError('conflict', `Network ${info.Name} still has ${attached.join(', ')} attached. Disconnect ${attached.length > 1 ? 'them' : 'it'} first.`);
    await docker.getNetwork(id).remove();
    return null;
  }

  async connect(network: string, container: string): Promise<null> {
    await this.engine().getNetwork(network).connect({ Container: container });
    return null;
  }

  async disconnect(network: string, container: string, force: boolean): Promise<null> {
    await this.engine().getNetwork(network).disconnect({ Container: container, Force: force });
    return null;
  }
}
