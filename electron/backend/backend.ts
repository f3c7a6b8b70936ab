import { homedir } from 'node:os';
import type Docker from 'dockerode';
import { Router } from './rpc/router';
import { BerthError } from './rpc/errors';
import { EngineConnection, type BackoffPolicy } from './engine/connection';
import { resolveEndpoint } from './engine/endpoint';
import { ContainerService } from './engine/containers';
import { ImageService } from './engine/images';
import { BuildService } from './engine/build';
import { RegistryService } from './engine/registries';
import { VolumeService } from './engine/volumes';
import { NetworkService } from './engine/networks';
import { SystemService } from './engine/system';
import { removeStaleHelpers } from './engine/helper-container';
import { MemorySecretStore, type SecretStore } from './secrets/secret-store';
import { registerContainerHandlers } from './handlers/containers';
import { registerImageHandlers } from './handlers/images';
import { registerStorageHandlers } from './handlers/storage';
import { registerLogHandlers } from './handlers/logs';
import { registerTerminalHandlers } from './handlers/terminals';
import { registerLayerHandlers } from './handlers/layers';
import { LayerService } from './layers/layer-service';
import { registerSettingsHandlers } from './handlers/settings';
import { registerKubeViewHandlers } from './handlers/kube-views';
import { registerDiagnosticsHandlers } from './handlers/diagnostics';
import type { SettingsStore } from './settings/settings-store';
import { VmManager } from './vm/vm-manager';
import { registerVmHandlers } from './handlers/vm';
import { registerClusterHandlers } from './handlers/kube-cluster';
import { ClusterManager } from './kube/cluster/cluster-manager';
import { EngineEventHub } from './engine/engine-events';
import { TerminalSessions } from './terminals/session';
import type { EngineCall } from './handlers/engine-call';
import { consoleLogger, type Logger } from './logger';

/** What only the host shell can provide: Electron passes these in; browser mode has none. */
export interface HostIntegration {
  /** A native folder picker; null when cancelled. */
  pickFolder?: () => Promise<string | null>;
  /** A native save dialog starting at `suggested`; null when cancelled. */
  pickSaveFile?: (suggested: string) => Promise<string | null>;
  /** Where registry passwords are kept (the OS's secret storage under Electron). */
  secrets?: SecretStore;
}

export interface BackendOptions {
  /** Berth's own engine endpoint setting; empty or absent means "resolve as the docker CLI would". */
  engineHost?: string | null;
  env?: Record<string, string | undefined>;
  home?: string;
  platform?: NodeJS.Platform;
  log?: Logger;
  backoff?: BackoffPolicy;
  host?: HostIntegration;
  /** The settings file; without one (tests, benches) settings are not offered. */
  settings?: SettingsStore;
  /** Where the kubeconfig for the Kubernetes views is; null means the user's default ($KUBECONFIG, ~/.kube/config). */
  kubeconfigPath?: string | null;
  /** Berth's VM: where its image and qemu are, and where Berth keeps its data. Without it there is no VM. */
  vm?: { dataDir: string; imageDirs: string[]; qemuDirs: string[]; dockerConfigDir: string | null; readyTimeoutMs?: number; kubeBundleDirs?: string[]; clusterStepTimeoutMs?: number };
}

/**
 * The composition root: one engine connection, the services on top of it, and the router that
 * exposes them. Electron's main process and browser mode both build exactly this.
 */
export class Backend {
  readonly router: Router;
  readonly engine: EngineConnection;
  readonly containers: ContainerService;
  readonly images: ImageService;
  readonly registries: RegistryService;
  readonly volumes: VolumeService;
  readonly networks: NetworkService;
  readonly system: SystemService;
  /** The engine's events, for services that follow something (logs across restarts). */
  readonly events = new EngineEventHub();
  readonly terminals = new TerminalSessions();
  readonly layers: LayerService;
  /** Berth's VM, when this backend may run one (settings.engine.source 'vm', no --engine-host). */
  readonly vm: VmManager | null = null;
  /** The local Kubernetes cluster in the VM (null without a VM). */
  readonly cluster: ClusterManager | null = null;
  private readonly settings: SettingsStore | null;
  private readonly explicitHost: boolean;
  private readonly kubeViews: { dispose(): void };
  readonly log: Logger;

  constructor(options: BackendOptions = {}) {
    this.log = options.log ?? consoleLogger();
    this.router = new Router(this.log);
    this.settings = options.settings ?? null;
    this.explicitHost = !!options.engineHost;
    if (options.vm && !this.explicitHost) {
      const settings = this.settings;
      this.vm = new VmManager({
        ...options.vm,
        resources: () => settings?.settings.vm ?? { cpus: 2, memoryMiB: 2048, diskGiB: 64, sharedFolders: [] },
        useBerthContext: () => settings?.settings.engine.useBerthContext ?? false,
        log: this.log,
        onStatus: (status) => {
          this.router.broadcast('vm:status', status);
          // The engine follows the VM: try at once when it comes up.
          if (status.state === 'running' && this.usesVm()) this.engine.reconnectNow();
          // The cluster lives in the VM: it comes and goes with it.
          if (status.state === 'running' && this.usesVm()) this.cluster?.resume();
          if (status.state === 'stopped' || status.state === 'error') this.cluster?.vmStopped();
        },
        onPortForwards: (list) => this.router.broadcast('vm:port-forwards', list),
      });
    }
    const connectionOptions: ConstructorParameters<typeof EngineConnection>[0] = {
      resolve: async () => {
        if (this.usesVm()) {
          const endpoint = this.vm!.endpoint();
          if (endpoint) return endpoint;
          const state = this.vm!.status.state;
          throw new BerthError(
            'engine-unavailable',
            state === 'starting' ? "Berth's VM is starting" : state === 'error' ? "Berth's VM stopped with an error" : "Berth's VM is stopped",
            undefined,
            state === 'starting' ? 'The engine is there as soon as the VM has booted.' : 'Start it from the status bar, or choose another engine in Settings.',
          );
        }
        return resolveEndpoint({
          setting: options.engineHost ?? this.settings?.settings.engine.host ?? null,
          env: options.env ?? process.env,
          home: options.home ?? homedir(),
          platform: options.platform ?? process.platform,
        });
      },
      log: this.log,
      onStatus: (status) => {
        this.router.broadcast('engine:status', status);
        if (status.state === 'connected') {
          void removeStaleHelpers(this.engine.client).catch(() => undefined);
          void this.forwardPorts();
        }
        if (status.state === 'disconnected') this.events.lost(status.reason);
      },
      onEvent: (event) => {
        this.events.emit(event);
        this.router.broadcast('engine:event', event);
        if (event.type === 'container' && ['start', 'die', 'destroy', 'pause', 'unpause'].includes(event.action)) void this.forwardPorts();
      },
    };
    if (options.backoff) connectionOptions.backoff = options.backoff;
    this.engine = new EngineConnection(connectionOptions);

    const docker = (): Docker => this.engine.client;
    if (this.vm) {
      const settings = this.settings;
      this.cluster = new ClusterManager({
        vm: this.vm,
        docker,
        engineReady: async (timeoutMs) => {
          const deadline = Date.now() + timeoutMs;
          while (this.engine.status.state !== 'connected') {
            if (Date.now() > deadline) throw new BerthError('engine-unavailable', "The engine in Berth's VM did not answer, so Kubernetes cannot start.", undefined, 'Restart the VM from the status bar; Troubleshoot shows its console.');
            // Only from disconnected: restarting an attempt that is under way would cut its ping short.
            if (this.engine.status.state === 'disconnected') this.engine.reconnectNow();
            await new Promise((r) => setTimeout(r, 250));
          }
        },
        dataDir: options.vm!.dataDir,
        log: this.log,
        onStatus: (status) => this.router.broadcast('cluster:status', status),
        enabled: () => settings?.settings.kubernetes.enabled ?? false,
        setEnabled: async (on) => {
          if (settings && settings.settings.kubernetes.enabled !== on) await settings.update({ kubernetes: { enabled: on } });
        },
        ...(options.kubeconfigPath ? { kubeconfigPath: options.kubeconfigPath } : {}),
        ...(options.vm!.clusterStepTimeoutMs ? { stepTimeoutMs: options.vm!.clusterStepTimeoutMs } : {}),
      });
      settings?.onChange((s) => {
        if (this.usesVm()) this.cluster?.settingChanged(s.kubernetes.enabled);
      });
    }
    // The engine follows its setting at once (Settings, first run): Berth's VM, or another engine.
    let engineChoice = JSON.stringify(this.settings?.settings.engine ? [this.settings.settings.engine.source, this.settings.settings.engine.host] : null);
    this.settings?.onChange((s) => {
      const choice = JSON.stringify([s.engine.source, s.engine.host]);
      if (choice === engineChoice || this.explicitHost) return;
      engineChoice = choice;
      this.engine.reconnectElsewhere();
      if (!this.vm) return;
      if (this.usesVm()) void this.vm.start().catch((err: unknown) => this.log.error('the VM did not start', err));
      else if (this.vm.status.state === 'running' || this.vm.status.state === 'starting') void this.vm.stop().catch((err: unknown) => this.log.error('the VM did not stop cleanly', err));
    });
    this.containers = new ContainerService(docker);
    this.registries = new RegistryService(docker, options.host?.secrets ?? new MemorySecretStore());
    this.images = new ImageService(docker, this.registries);
    this.volumes = new VolumeService(docker);
    this.networks = new NetworkService(docker);
    this.system = new SystemService(docker, this.images, this.volumes);
    const build = new BuildService(docker, this.registries);
    this.layers = new LayerService(docker);

    const via: EngineCall = (call) => async (args) => {
      try {
        return await call(args);
      } catch (err) {
        this.engine.noteFailure(err);
        throw err;
      }
    };
    this.router.handle('engine:get-status', () => this.engine.status).handle('engine:reconnect', () => {
      this.engine.reconnectNow();
      return null;
    });
    registerContainerHandlers(this.router, { containers: this.containers, images: this.images, docker, engineIsLocal: () => this.engine.isLocal, via });
    registerImageHandlers(this.router, { images: this.images, build, registries: this.registries, via });
    registerStorageHandlers(this.router, { volumes: this.volumes, networks: this.networks, system: this.system, via });
    registerLogHandlers(this.router, { docker, events: this.events, ...(options.host?.pickSaveFile ? { pickSaveFile: options.host.pickSaveFile } : {}), via });
    registerVmHandlers(this.router, this.vm, this.terminals);
    registerClusterHandlers(this.router, () => (this.usesVm() ? this.cluster : null));
    registerLayerHandlers(this.router, { layers: this.layers, docker, ...(options.host?.pickSaveFile ? { pickSaveFile: options.host.pickSaveFile } : {}), via });
    registerTerminalHandlers(this.router, { docker, sessions: this.terminals, hostEnv: () => this.engineEnvironment() });
    if (options.settings) registerSettingsHandlers(this.router, options.settings);
    registerDiagnosticsHandlers(this.router, { engine: () => this.engine.status, settings: options.settings ?? null, endpoint: { setting: options.engineHost ?? null, env: options.env ?? process.env, home: options.home ?? homedir(), platform: options.platform ?? process.platform }, pickSaveFile: options.host?.pickSaveFile });
    this.kubeViews = registerKubeViewHandlers(this.router, { log: this.log, kubeconfigPath: () => options.kubeconfigPath ?? null, terminals: this.terminals });
    this.router.handle('host:pick-folder', async () => {
      if (!options.host?.pickFolder) throw new BerthError('invalid-input', 'Browser mode has no folder picker: type the folder’s path.');
      return options.host.pickFolder();
    });
  }

  /** What makes `docker` in a terminal talk to the same engine as Berth. */
  engineEnvironment(): Record<string, string> {
    const endpoint = this.engine.status.endpoint;
    if (!endpoint) return {};
    if (endpoint.source === 'context' && endpoint.contextName) return { DOCKER_CONTEXT: endpoint.contextName };
    return { DOCKER_HOST: endpoint.host };
  }

  /** Whether the engine is Berth's VM (rather than one given or found). */
  usesVm(): boolean {
    return !!this.vm && !this.explicitHost && (this.settings?.settings.engine.source ?? 'vm') === 'vm';
  }

  /** Forwards the VM's published container ports to the host's loopback. */
  private async forwardPorts(): Promise<void> {
    if (!this.usesVm() || this.engine.status.state !== 'connected') return;
    const running = await this.containers.list().catch(() => null);
    if (!running) return;
    await this.vm!.syncPortForwards(
      running
        .filter((c) => c.state === 'running')
        .flatMap((c) =>
          c.ports
            .filter((p) => p.publicPort && (!p.ip || p.ip === '0.0.0.0' || p.ip === '::' || p.ip === '127.0.0.1') && (p.protocol === 'tcp' || p.protocol === 'udp'))
            .map((p) => ({ containerId: c.id, containerName: c.name, port: p.publicPort!, protocol: p.protocol as 'tcp' | 'udp' })),
        )
        .filter((p, i, all) => all.findIndex((q) => q.port === p.port && q.protocol === p.protocol) === i),
    );
  }

  /** Starts the engine connection, and the VM when it is the engine. */
  start(): void {
    this.engine.start();
    if (this.usesVm()) void this.vm!.start().catch((err: unknown) => this.log.error('the VM did not start', err));
  }

  /** Stops everything; the VM powers off gracefully (the app waits for it on quit). */
  async stop(): Promise<void> {
    this.kubeViews.dispose();
    this.terminals.closeAll();
    this.engine.stop();
    await this.vm?.stop().catch((err: unknown) => this.log.error('the VM did not stop cleanly', err));
  }

  /** The engine client for code that runs next to the backend (benchmarks, tests). */
  get docker(): Docker {
    return this.engine.client;
  }
}
