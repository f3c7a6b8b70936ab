import { Agent as HttpsAgent } from 'node:https';
import Docker from 'dockerode';
import type { EngineEvent, EngineStatus } from '../../../shared/models';
import { BerthError, connectionFailure, type ConnectionFailure } from '../rpc/errors';
import type { Logger } from '../logger';
import { modemOptions, publicEndpoint, type ResolvedEndpoint } from './endpoint';
import { JsonLineSplitter, parseEngineEvent } from './events';

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export interface EngineConnectionOptions {
  resolve: () => Promise<ResolvedEndpoint>;
  log: Logger;
  onStatus: (status: EngineStatus) => void;
  onEvent: (event: EngineEvent) => void;
  backoff?: BackoffPolicy;
  /** How long a ping may take before the engine counts as unreachable. */
  pingTimeoutMs?: number;
  /** For tests of the backoff: a source of randomness in [0, 1). */
  random?: () => number;
}

/** Delay before reconnect attempt `attempt` (1-based): doubling from initialMs, capped, ±20% jitter. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export function createDockerClient(endpoint: ResolvedEndpoint): Docker {
  const options = modemOptions(endpoint);
  if (options.protocol === 'https' && !endpoint.tlsVerify) {
    // The user's context says SkipTLSVerify: keep the client certificate, skip the server check.
    return new Docker({ ...options, agent: new HttpsAgent({ ...pick(options), rejectUnauthorized: false }) } as Docker.DockerOptions);
  }
  return new Docker(options as Docker.DockerOptions);
}

/** Why a connection attempt failed, in the words of the status bar. */
function describeFailure(err: unknown, host: string, timeoutMs: number): ConnectionFailure {
  const name = (err as Error | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return { reason: `no answer from ${host} within ${timeoutMs / 1000} s`, hint: 'The engine may be starting, overloaded or hung; Berth keeps trying.' };
  }
  const failure = connectionFailure(err);
  if (failure) return failure;
  if (err instanceof BerthError) return { reason: err.message.replace(/\.$/, ''), hint: err.hint ?? '' };
  const status = (err as { statusCode?: number } | null)?.statusCode;
  if (status) return { reason: `${host} answered HTTP ${status}, not as a docker engine`, hint: 'Check the engine address.' };
  return { reason: (err as Error | null)?.message ?? String(err), hint: '' };
}

/** dockerode accepts an abortSignal on every call; its type definitions miss it on some. */
function withSignal<T>(call: unknown): (opts: { abortSignal: AbortSignal }) => Promise<T> {
  return call as (opts: { abortSignal: AbortSignal }) => Promise<T>;
}

function pick(o: { ca?: string; cert?: string; key?: string }): { ca?: string; cert?: string; key?: string } {
  return { ...(o.ca ? { ca: o.ca } : {}), ...(o.cert ? { cert: o.cert } : {}), ...(o.key ? { key: o.key } : {}) };
}

/**
 * The one connection to the engine: resolves the endpoint, pings, follows the engine's /events
 * stream, and reports `engine:status`. When the engine goes away (the events stream closes or a call
 * cannot connect) it reconnects with capped exponential backoff and subscribes to events again.
 */
export class EngineConnection {
  private docker: Docker | null = null;
  private endpoint: ResolvedEndpoint | null = null;
  private current: EngineStatus = { state: 'connecting', endpoint: null, attempt: 0 };
  private attempt = 0;
  private generation = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private events: AbortController | null = null;
  private stopped = true;
  private readonly backoff: BackoffPolicy;

  constructor(private readonly options: EngineConnectionOptions) {
    this.backoff = options.backoff ?? { initialMs: 500, maxMs: 15_000 };
  }

  get status(): EngineStatus {
    return this.current;
  }

  /** Whether the engine runs on this machine (a local socket or pipe), so host ports can be checked here. */
  get isLocal(): boolean {
    const host = this.endpoint?.host ?? '';
    return host.startsWith('unix://') || host.startsWith('npipe://');
  }

  /** The dockerode client, or an error that says why there is none right now. */
  get client(): Docker {
    if (this.docker && this.current.state === 'connected') return this.docker;
    if (this.current.state === 'disconnected') {
      throw new BerthError('engine-unavailable', `Cannot reach the engine: ${this.current.reason}. ${this.current.hint}`);
    }
    throw new BerthError('engine-unavailable', 'Still connecting to the engine; try again in a moment.');
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  /** Skip the wait: try now (the status bar's "Retry now"). */
  reconnectNow(): void {
    if (this.stopped || this.current.state === 'connected') return;
    void this.connect();
  }

  /** The endpoint setting changed: drop the current connection (if any) and connect to the new one. */
  reconnectElsewhere(): void {
    if (this.stopped) return;
    void this.connect();
  }

  /** A service call failed: if it could not even reach the engine, treat the connection as lost. */
  noteFailure(err: unknown): void {
    const failure = connectionFailure(err);
    if (failure && this.current.state === 'connected') this.lose(this.generation, failure);
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    this.clearRetry();
    this.closeEvents();
    this.docker = null;
  }

  private setStatus(status: EngineStatus): void {
    this.current = status;
    this.options.onStatus(status);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private closeEvents(): void {
    this.events?.abort();
    this.events = null;
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.clearRetry();
    this.closeEvents();
    this.attempt++;
    this.setStatus({ state: 'connecting', endpoint: this.endpoint ? publicEndpoint(this.endpoint) : null, attempt: this.attempt });
    const pingTimeoutMs = this.options.pingTimeoutMs ?? 5_000;
    try {
      const endpoint = await this.options.resolve();
      this.endpoint = endpoint;
      const docker = createDockerClient(endpoint);
      await withSignal<unknown>(docker.ping.bind(docker))({ abortSignal: AbortSignal.timeout(pingTimeoutMs) });
      const version = await withSignal<Docker.DockerVersion>(docker.version.bind(docker))({ abortSignal: AbortSignal.timeout(pingTimeoutMs) });
      await this.subscribe(docker, generation);
      if (generation !== this.generation) return;
      this.docker = docker;
      this.attempt = 0;
      this.setStatus({
        state: 'connected',
        endpoint: publicEndpoint(endpoint),
        version: version.Version,
        apiVersion: version.ApiVersion,
        os: version.Os,
        arch: version.Arch,
      });
      this.options.log.info(`engine connected: ${endpoint.host} (${version.Version})`);
    } catch (err) {
      if (generation !== this.generation) return;
      this.lose(generation, describeFailure(err, this.endpoint?.host ?? 'the endpoint', pingTimeoutMs));
    }
  }

  /** Opens /events; resolves once the engine has accepted the subscription. */
  private async subscribe(docker: Docker, generation: number): Promise<void> {
    const controller = new AbortController();
    this.events = controller;
    const stream = (await docker.getEvents({ abortSignal: controller.signal })) as NodeJS.ReadableStream;
    const splitter = new JsonLineSplitter(
      (value) => {
        const event = parseEngineEvent(value);
        if (event && generation === this.generation) this.options.onEvent(event);
      },
      (line) => this.options.log.warn(`unreadable engine event: ${line.slice(0, 200)}`),
    );
    stream.on('data', (chunk: Buffer) => splitter.push(chunk));
    const ended = (): void => {
      if (controller.signal.aborted || generation !== this.generation) return;
      this.lose(generation, { reason: 'the engine closed its event stream', hint: 'It stopped or restarted; Berth reconnects when it is back.' });
    };
    stream.on('end', ended);
    stream.on('close', ended);
    stream.on('error', ended);
  }

  private lose(generation: number, { reason, hint }: ConnectionFailure): void {
    if (generation !== this.generation || this.stopped) return;
    this.generation++;
    this.closeEvents();
    this.docker = null;
    const delay = backoffDelay(Math.max(1, this.attempt), this.backoff, this.options.random);
    // The first failure is news; the retries that follow are not.
    const log = this.current.state === 'disconnected' ? this.options.log.debug : this.options.log.warn;
    log(`engine unreachable (attempt ${this.attempt}): ${reason}; next try in ${delay} ms`);
    this.setStatus({
      state: 'disconnected',
      endpoint: this.endpoint ? publicEndpoint(this.endpoint) : null,
      reason,
      hint,
      retryInMs: delay,
      attempt: this.attempt,
    });
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }
}
