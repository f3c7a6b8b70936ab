import { homedir } from 'node:os';
import type Docker from 'dockerode';
import { Router } from './rpc/router';
import { EngineConnection, type BackoffPolicy } from './engine/connection';
import { resolveEndpoint } from './engine/endpoint';
import { ContainerService } from './engine/containers';
import { consoleLogger, type Logger } from './logger';

export interface BackendOptions {
  /** Berth's own engine endpoint setting; empty or absent means "resolve as the docker CLI would". */
  engineHost?: string | null;
  env?: Record<string, string | undefined>;
  home?: string;
  platform?: NodeJS.Platform;
  log?: Logger;
  backoff?: BackoffPolicy;
}

/**
 * The composition root: one engine connection, the services on top of it, and the router that
 * exposes them. Electron's main process and browser mode both build exactly this.
 */
export class Backend {
  readonly router: Router;
  readonly engine: EngineConnection;
  readonly containers: ContainerService;
  readonly log: Logger;

  constructor(options: BackendOptions = {}) {
    this.log = options.log ?? consoleLogger();
    this.router = new Router(this.log);
    const connectionOptions: ConstructorParameters<typeof EngineConnection>[0] = {
      resolve: () =>
        resolveEndpoint({
          setting: options.engineHost ?? null,
          env: options.env ?? process.env,
          home: options.home ?? homedir(),
          platform: options.platform ?? process.platform,
        }),
      log: this.log,
      onStatus: (status) => this.router.broadcast('engine:status', status),
      onEvent: (event) => this.router.broadcast('engine:event', event),
    };
    if (options.backoff) connectionOptions.backoff = options.backoff;
    this.engine = new EngineConnection(connectionOptions);
    this.containers = new ContainerService(() => this.engine.client);
    this.registerHandlers();
  }

  /** Runs an engine call; a failure to reach the engine at all tells the connection at once. */
  private viaEngine<A, R>(call: (args: A) => Promise<R>): (args: A) => Promise<R> {
    return async (args) => {
      try {
        return await call(args);
      } catch (err) {
        this.engine.noteFailure(err);
        throw err;
      }
    };
  }

  private registerHandlers(): void {
    const c = this.containers;
    this.router
      .handle('engine:get-status', () => this.engine.status)
      .handle('engine:reconnect', () => {
        this.engine.reconnectNow();
        return null;
      })
      .handle('containers:list', this.viaEngine((a) => c.list(a.ids)))
      .handle('containers:start', this.viaEngine((a) => c.start(a.id)))
      .handle('containers:stop', this.viaEngine((a) => c.stop(a.id, a.timeoutSeconds)))
      .handle('containers:restart', this.viaEngine((a) => c.restart(a.id, a.timeoutSeconds)))
      .handle('containers:remove', this.viaEngine((a) => c.remove(a.id, a)));
  }

  start(): void {
    this.engine.start();
  }

  stop(): void {
    this.engine.stop();
  }

  /** The engine client for code that runs next to the backend (benchmarks, tests). */
  get docker(): Docker {
    return this.engine.client;
  }
}
