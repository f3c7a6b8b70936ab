import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import type Docker from 'dockerode';
import type { PortCheck } from '../../../shared/models';

export interface PortQuery {
  port: number;
  protocol?: 'tcp' | 'udp';
  hostIp?: string;
}

/** Tries to bind the port on this machine; EADDRINUSE means someone holds it. */
export function hostPortFree(port: number, protocol: 'tcp' | 'udp', hostIp?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (free: boolean, close: () => void): void => {
      close();
      resolve(free);
    };
    if (protocol === 'udp') {
      const socket = createSocket(hostIp?.includes(':') ? 'udp6' : 'udp4');
      socket.once('error', (err: NodeJS.ErrnoException) => done(err.code !== 'EADDRINUSE', () => socket.close()));
      socket.bind({ port, address: hostIp ?? '0.0.0.0', exclusive: true }, () => done(true, () => socket.close()));
      return;
    }
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => done(err.code !== 'EADDRINUSE', () => server.close()));
    server.listen({ port, host: hostIp ?? '0.0.0.0', exclusive: true }, () => done(true, () => server.close()));
  });
}

/**
 * Checks host ports before a container is created: published by another container of this
 * engine, or (when the engine runs on this machine) held by any program here.
 */
export async function checkPorts(docker: Docker, queries: PortQuery[], engineIsLocal: boolean): Promise<PortCheck[]> {
  const containers = await docker.listContainers({ all: false, size: false });
  return Promise.all(
    queries.map(async ({ port, protocol = 'tcp', hostIp }) => {
      for (const c of containers) {
        const p = (c.Ports ?? []).find((x) => x.PublicPort === port && x.Type === protocol);
        if (p) {
          const name = (c.Names?.[0] ?? c.Id).replace(/^\//, '');
          return { port, free: false, heldBy: `container ${name} (${p.IP || '0.0.0.0'}:${p.PublicPort}->${p.PrivatePort}/${p.Type})` };
        }
      }
      if (engineIsLocal && !(await hostPortFree(port, protocol, hostIp))) return { port, free: false, heldBy: 'another program on this machine' };
      return { port, free: true };
    }),
  );
}
