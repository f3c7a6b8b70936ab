import type { PortForward } from '../../../shared/models';
import { hostPortFree } from '../engine/ports';
import type { Logger } from '../logger';
import type { QmpClient } from './qmp';

export interface PublishedPort {
  containerId: string;
  containerName: string;
  port: number;
  protocol: 'tcp' | 'udp';
}

/**
 * Containers' published ports, forwarded from the same port on the host's loopback into the VM
 * (qemu's hostfwd, added and removed at run time through QMP). A port another program holds on the
 * host is reported on its container, not silently dropped.
 */
export class PortForwards {
  private readonly forwards = new Map<string, PortForward>();
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly qmp: () => QmpClient | null,
    private readonly log: Logger,
    private readonly onChange: (list: PortForward[]) => void,
  ) {}

  list(): PortForward[] {
    return [...this.forwards.values()].sort((a, b) => a.hostPort - b.hostPort);
  }

  /** Makes the forwards match what the running containers publish now (serialised calls). */
  sync(published: PublishedPort[]): Promise<void> {
    this.running = this.running.then(() => this.apply(published)).catch((err: unknown) => this.log.warn('port forwards could not be updated', err));
    return this.running;
  }

  private async apply(published: PublishedPort[]): Promise<void> {
    const qmp = this.qmp();
    if (!qmp) return;
    const wanted = new Map(published.map((p) => [`${p.protocol}:${p.port}`, p]));
    let changed = false;
    for (const [key, f] of this.forwards) {
      const want = wanted.get(key);
      if (want && want.containerId === f.containerId) continue;
      if (f.state === 'active') await qmp.hmp(`hostfwd_remove net0 ${f.protocol}:127.0.0.1:${f.hostPort}`).catch(() => '');
      this.forwards.delete(key);
      changed = true;
    }
    for (const [key, p] of wanted) {
      if (this.forwards.has(key)) continue;
      const base: PortForward = { containerId: p.containerId, containerName: p.containerName, hostPort: p.port, guestPort: p.port, protocol: p.protocol, state: 'active' };
      if (!(await hostPortFree(p.port, p.protocol, '127.0.0.1'))) {
        this.forwards.set(key, { ...base, state: 'failed', error: `host port ${p.port} is in use by another program on this machine, so ${p.containerName}'s port is not reachable from it` });
      } else {
        const answer = await qmp.hmp(`hostfwd_add net0 ${p.protocol}:127.0.0.1:${p.port}-:${p.port}`).catch((err: Error) => err.message);
        if (answer.trim()) this.forwards.set(key, { ...base, state: 'failed', error: `qemu could not forward port ${p.port}: ${answer.trim()}` });
        else this.forwards.set(key, base);
      }
      changed = true;
    }
    if (changed) this.onChange(this.list());
  }

  /** The VM went away: its forwards went with it. */
  clear(): void {
    if (this.forwards.size === 0) return;
    this.forwards.clear();
    this.onChange([]);
  }
}
