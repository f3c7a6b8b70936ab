import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type WebSocket from 'ws';
import type { KubePortForward } from '../../../../shared/models';
import { BerthError } from '../../rpc/errors';
import type { Logger } from '../../logger';
import type { KubeClient } from './client';
import { kubeError } from './errors';
import { listPath, objectPath } from './resources';
import type { RawObject } from './rows';

export interface PortForwardRequest {
  context: string;
  namespace: string;
  target: { kind: 'pods' | 'services'; name: string };
  port: number;
  localPort?: number | undefined;
}

interface RawService extends RawObject {
  spec?: { selector?: Record<string, string>; ports?: { name?: string; port?: number; targetPort?: number | string }[] };
}
interface RawSlice {
  ports?: { name?: string; port?: number }[];
  endpoints?: { conditions?: { ready?: boolean }; targetRef?: { kind?: string; name?: string } }[];
}
interface RawPod {
  metadata?: { name?: string; deletionTimestamp?: string };
  spec?: { containers?: { ports?: { name?: string; containerPort?: number }[] }[] };
  status?: { phase?: string; conditions?: { type?: string; status?: string }[] };
}

/** Where a connection goes: which pod, which of its ports. */
export async function resolveTarget(client: KubeClient, req: Pick<PortForwardRequest, 'namespace' | 'target' | 'port'>): Promise<{ pod: string; port: number }> {
  const { namespace, target, port } = req;
  if (target.kind === 'pods') return { pod: target.name, port };
  const svc = await client.request<RawService>('GET', objectPath('services', namespace, target.name));
  const sp = svc.spec?.ports?.find((p) => p.port === port);
  if (!sp) {
    const ports = (svc.spec?.ports ?? []).map((p) => p.port).join(', ') || 'none';
    throw new BerthError('not-found', `Service ${target.name} has no port ${port} (its ports: ${ports}).`);
  }
  if (!svc.spec?.selector || !Object.keys(svc.spec.selector).length) {
    throw new BerthError('invalid-input', `Service ${target.name} has no selector, so Berth cannot tell which pod serves it: forward a pod's port instead.`);
  }
  const slices = await client.request<{ items?: RawSlice[] }>('GET', listPath('endpointslices', namespace), {
    query: { labelSelector: `kubernetes.io/service-name=${target.name}` },
  });
  for (const slice of slices.items ?? []) {
    const slicePort = slice.ports?.find((p) => (p.name ?? '') === (sp.name ?? ''));
    const endpoint = slice.endpoints?.find((e) => e.conditions?.ready !== false && e.targetRef?.kind === 'Pod' && e.targetRef.name);
    if (slicePort?.port && endpoint?.targetRef?.name) return { pod: endpoint.targetRef.name, port: slicePort.port };
  }
  // No endpoint slice yet (or an old cluster): the selector's running pods.
  const selector = Object.entries(svc.spec.selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const pods = await client.request<{ items?: RawPod[] }>('GET', listPath('pods', namespace), { query: { labelSelector: selector } });
  const ready = (pods.items ?? []).find((p) => !p.metadata?.deletionTimestamp && p.status?.phase === 'Running' && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  if (!ready?.metadata?.name) throw new BerthError('not-found', `Service ${target.name} has no ready pod behind port ${port} yet.`);
  const tp = sp.targetPort ?? port;
  if (typeof tp === 'number') return { pod: ready.metadata.name, port: tp };
  const named = ready.spec?.containers?.flatMap((c) => c.ports ?? []).find((p) => p.name === tp)?.containerPort;
  if (!named) throw new BerthError('not-found', `Pod ${ready.metadata.name} has no port named "${tp}" (the target port of ${target.name}:${port}).`);
  return { pod: ready.metadata.name, port: named };
}

class Forward {
  readonly info: KubePortForward;
  readonly sockets = new Set<Socket>();

  constructor(
    readonly server: Server,
    readonly request: PortForwardRequest,
    localPort: number,
  ) {
    this.info = {
      id: randomBytes(9).toString('base64url'),
      context: request.context,
      namespace: request.namespace,
      target: request.target,
      remotePort: request.port,
      localPort,
      url: `http://127.0.0.1:${localPort}/`,
      started: Date.now(),
      open: 0,
      total: 0,
      pod: null,
      lastError: null,
    };
  }
}

/**
 * Port forwards to host loopback: each forward is a listener on 127.0.0.1 only; each connection
 * opens its own port-forward websocket to the pod (a service is resolved to a ready pod per
 * connection, so a forward outlives the pod that served it). Forwards live until stopped or
 * until the backend stops.
 */
export class PortForwards {
  private readonly forwards = new Map<string, Forward>();
  private changeTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly client: (context: string) => Promise<KubeClient>,
    private readonly onChange: (list: KubePortForward[]) => void,
    private readonly log: Logger,
  ) {}

  list(): KubePortForward[] {
    return [...this.forwards.values()].map((f) => ({ ...f.info }));
  }

  private changed(): void {
    this.changeTimer ??= setTimeout(() => {
      this.changeTimer = null;
      this.onChange(this.list());
    }, 50);
  }

  async start(req: PortForwardRequest): Promise<KubePortForward> {
    for (const f of this.forwards.values()) {
      const r = f.request;
      if (r.context === req.context && r.namespace === req.namespace && r.target.kind === req.target.kind && r.target.name === req.target.name && r.port === req.port && (!req.localPort || req.localPort === f.info.localPort)) {
        return { ...f.info };
      }
    }
    const client = await this.client(req.context);
    // The target must exist now: say so where the user clicked, not on the first connection.
    await resolveTarget(client, req);
    const server = createServer();
    const localPort = await new Promise<number>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(
          err.code === 'EADDRINUSE'
            ? new BerthError('conflict', `Port ${req.localPort} on 127.0.0.1 is already in use. Choose another one, or leave it empty for any free port.`)
            : err.code === 'EACCES'
              ? new BerthError('invalid-input', `Berth may not listen on port ${req.localPort}: ports below 1024 need privileges. Choose a higher one.`)
              : err,
        );
      });
      server.listen(req.localPort ?? 0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
    const forward = new Forward(server, req, localPort);
    server.on('connection', (socket) => void this.connect(forward, socket));
    this.forwards.set(forward.info.id, forward);
    this.changed();
    this.log.info(`port forward 127.0.0.1:${localPort} -> ${req.target.kind}/${req.target.name}:${req.port} (${req.context}/${req.namespace})`);
    return { ...forward.info };
  }

  private async connect(forward: Forward, socket: Socket): Promise<void> {
    socket.pause();
    forward.sockets.add(socket);
    forward.info.open++;
    forward.info.total++;
    this.changed();
    let ws: WebSocket | null = null;
    const done = (): void => {
      if (!forward.sockets.delete(socket)) return;
      forward.info.open--;
      socket.destroy();
      ws?.close();
      this.changed();
    };
    socket.once('close', done);
    socket.once('error', done);
    // The first frame of each channel starts with the port number (2 bytes).
    const prefixLeft = [2, 2];
    let errorText = '';
    const onMessage = (data: Buffer): void => {
      const channel = data[0] ?? -1;
      if (channel !== 0 && channel !== 1) return;
      let payload = data.subarray(1);
      const skip = Math.min(prefixLeft[channel]!, payload.length);
      prefixLeft[channel]! -= skip;
      payload = payload.subarray(skip);
      if (!payload.length) return;
      if (channel === 1) {
        errorText += payload.toString();
        return;
      }
      if (!socket.write(payload) && ws) {
        const open = ws;
        open.pause();
        socket.once('drain', () => open.resume());
      }
    };
    try {
      const client = await this.client(forward.request.context);
      const { pod, port } = await resolveTarget(client, forward.request);
      forward.info.pod = pod;
      const query = new URLSearchParams({ ports: String(port) });
      ws = await client.websocket(`${objectPath('pods', forward.request.namespace, pod)}/portforward`, query, ['v4.channel.k8s.io'], onMessage);
    } catch (err) {
      forward.info.lastError = kubeError(err, { context: forward.request.context, server: null }).message;
      done();
      return;
    }
    if (!forward.sockets.has(socket)) {
      ws.close();
      return;
    }
    const open = ws;
    let pending = 0;
    open.once('close', () => {
      if (errorText) {
        forward.info.lastError = errorText.trim();
        this.log.warn(`port forward ${forward.info.url}: ${forward.info.lastError}`);
      }
      // Let what was written reach the client: end, and only then (or after a grace) let go.
      socket.end();
      setTimeout(done, 5_000).unref();
    });
    open.once('error', () => done());
    socket.on('data', (chunk: Buffer) => {
      pending++;
      if (pending > 64) socket.pause();
      open.send(Buffer.concat([Buffer.from([0]), chunk]), () => {
        pending--;
        if (pending <= 16 && socket.isPaused()) socket.resume();
      });
    });
    socket.once('end', () => open.close());
    if (forward.info.lastError) {
      forward.info.lastError = null;
      this.changed();
    }
    socket.resume();
  }

  stop(id: string): void {
    const forward = this.forwards.get(id);
    if (!forward) throw new BerthError('not-found', 'That port forward has already stopped.');
    this.forwards.delete(id);
    forward.server.close();
    for (const s of forward.sockets) s.destroy();
    this.changed();
  }

  dispose(): void {
    for (const id of [...this.forwards.keys()]) this.stop(id);
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = null;
  }
}
