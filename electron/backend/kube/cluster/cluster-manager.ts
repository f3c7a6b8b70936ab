import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { ClusterStatus, ClusterStep } from '../../../../shared/models';
import { BerthError } from '../../rpc/errors';
import { retryOnDrop } from './retry';
import type { Logger } from '../../logger';
import type { KubeBundle, VmManager } from '../../vm/vm-manager';
import { writeTar } from '../../archive/tar-writer';
import { freePortOnLoopback } from '../../vm/free-port';
import { JsonLineSplitter } from '../../engine/events';
import { logDecoder } from '../../engine/log-stream';
import { createClusterPki, type ClusterPki } from './kube-pki';
import { cluster, components, corednsObjects, guest, guestFiles } from './guest-files';
import { execInVm, inVm, putInVm } from './vm-exec';
import { applyObject, kubeRequest, type ApiCredentials } from './kube-api';
import { mergeKubeconfig } from './kubeconfig-merge';

export interface ClusterManagerOptions {
  vm: VmManager;
  docker: () => Docker;
  /** Resolves once the engine in the VM answers (it connects a moment after the VM is up). */
  engineReady: (timeoutMs: number) => Promise<void>;
  dataDir: string;
  log: Logger;
  onStatus: (s: ClusterStatus) => void;
  /** Whether Kubernetes is turned on (the setting), and how to change it. */
  enabled: () => boolean;
  setEnabled: (on: boolean) => Promise<void>;
  /** The kubeconfig to merge into; the user's default ($KUBECONFIG's first file, ~/.kube/config) when absent. */
  kubeconfigPath?: string;
  /** Bound on each wait (API server, node, DNS); longer under software emulation. */
  stepTimeoutMs?: number;
}

const idle: ClusterStatus = { state: 'disabled', step: null, message: 'Kubernetes is off', version: null, server: null, context: null, kubeconfig: null, notice: null, timings: [], components: [], error: null };

const stepMessages: Record<ClusterStep, string> = {
  vm: 'Starting the VM…',
  images: 'Loading the cluster images…',
  certificates: 'Preparing certificates and configuration…',
  etcd: 'Starting etcd…',
  apiserver: 'Starting the API server…',
  controllers: 'Starting the controllers and the scheduler…',
  kubelet: 'Starting the kubelet…',
  node: 'Waiting for the node to be Ready…',
  dns: 'Starting cluster DNS…',
};

/** Whose log explains a failed step: the VM's console while it boots, its engine while images and files go in. */
const componentOf: Record<ClusterStep, string> = { vm: 'vm', images: 'dockerd', certificates: 'dockerd', etcd: 'kube-etcd', apiserver: 'kube-apiserver', controllers: 'kube-controller-manager', kubelet: 'kube-kubelet', node: 'kube-kubelet', dns: 'coredns' };

/**
 * The local cluster in Berth's VM, behind one switch. Enable: VM, images (imported from the bundle,
 * never pulled), PKI made here on first enable, configuration written to the VM's data disk, then
 * the components started in order under the VM's supervisor, each step waited for with a bound;
 * the API server is forwarded to host loopback and the kubeconfig merged as context `berth`.
 * Disable stops the components and keeps the state; reset wipes it.
 */
export class ClusterManager {
  private current: ClusterStatus = idle;
  private generation = 0;
  private hostPort = 0;
  private credentials: ApiCredentials | null = null;
  private watcher: Docker.Container | null = null;
  private running: Promise<ClusterStatus> | null = null;
  /** Until when a start retries an engine call whose connection dropped (its step bound). */
  private retryUntil = 0;

  constructor(private readonly o: ClusterManagerOptions) {}

  get status(): ClusterStatus {
    return this.current;
  }

  private set(patch: Partial<ClusterStatus>): void {
    this.current = { ...this.current, ...patch };
    this.o.onStatus(this.current);
  }

  /** The admin kubeconfig Berth keeps for itself (the Kubernetes views use it when nothing else is chosen). */
  get adminKubeconfig(): string {
    return join(this.o.dataDir, 'kube', 'admin.kubeconfig');
  }

  async enable(): Promise<ClusterStatus> {
    this.running ??= (async () => {
      await this.o.setEnabled(true);
      return this.bringUp();
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** The setting changed elsewhere (Settings page, tray): follow it, unless already on the way. */
  settingChanged(enabled: boolean): void {
    const quiet = (p: Promise<unknown>): void => void p.catch((err: unknown) => this.o.log.warn('Kubernetes did not follow its setting', err));
    if (enabled && !this.running && ['disabled', 'stopped', 'error'].includes(this.current.state)) quiet(this.enable());
    if (!enabled && !['disabled', 'stopping'].includes(this.current.state)) quiet(this.disable());
  }

  /** The VM came up (or the app started) with Kubernetes on: the services start with the VM; catch up. */
  resume(): void {
    if (!this.o.enabled() || this.running) return;
    this.running = this.bringUp().finally(() => {
      this.running = null;
    });
    this.running.catch((err: unknown) => this.o.log.warn('Kubernetes did not come back with the VM', err));
  }

  /** The VM went away: so did the cluster (its state is kept). */
  vmStopped(): void {
    // While the start waits for the VM, the VM's own failure is that start's to report.
    if (this.current.state === 'starting' && this.current.step === 'vm') return;
    this.generation++;
    this.watcher = null;
    this.credentials = null;
    this.hostPort = 0; // the forward went with qemu
    this.set({ ...idle, state: this.o.enabled() ? 'stopped' : 'disabled', message: this.o.enabled() ? 'Stopped with the VM' : idle.message, version: this.current.version });
  }

  private pki(): Promise<ClusterPki> {
    const path = join(this.o.dataDir, 'kube', 'pki.json');
    return readFile(path, 'utf8').then(
      (text) => JSON.parse(text) as ClusterPki,
      async () => {
        const made = await createClusterPki(cluster);
        await mkdir(join(this.o.dataDir, 'kube'), { recursive: true, mode: 0o700 });
        await writeFile(path, JSON.stringify(made), { mode: 0o600 });
        return made;
      },
    );
  }

  private async bringUp(): Promise<ClusterStatus> {
    const generation = ++this.generation;
    const started = Date.now();
    const timings: ClusterStatus['timings'] = [];
    const limit = this.o.stepTimeoutMs ?? (this.o.vm.status.accelerator === 'tcg' ? 600_000 : 120_000);
    const still = (): void => {
      if (generation !== this.generation) throw new BerthError('cancelled', 'Kubernetes was turned off while it was starting.');
    };
    let step: ClusterStep = 'vm';
    const go = (s: ClusterStep): void => {
      still();
      if (timings.length || s !== 'vm') timings.push({ step, seconds: Math.round((Date.now() - started) / 100) / 10 });
      step = s;
      this.retryUntil = Date.now() + limit;
      this.set({ state: 'starting', step: s, message: stepMessages[s], timings: [...timings], error: null });
    };
    try {
      this.set({ ...idle, state: 'starting', step: 'vm', message: stepMessages.vm });
      if (this.o.vm.status.state !== 'running') await this.o.vm.start();
      const bundle = this.o.vm.kubeBundle;
      if (!bundle) {
        throw new BerthError('not-found', 'Kubernetes needs its bundle (the cluster binaries), which this VM was started without. Build it with "npm run kube:build && npm run kube:bundle" (or reinstall Berth), then restart the VM.');
      }
      this.set({ version: bundle.versions.kubernetes });
      await this.o.engineReady(60_000);

      go('images');
      await this.engineCall('loading the cluster images', (docker) => this.importImages(docker, bundle));
      const helper = bundle.images.pause.ref;

      go('certificates');
      const pki = await this.pki();
      const files = writeTar(guestFiles(pki, bundle.images.pause.ref));
      await this.engineCall('writing the configuration into the VM', (docker) => putInVm(docker, helper, '/var/lib/berth', files));
      await this.vmScript(helper, `rm -f ${components.map((c) => `${guest.services}/${c}/down`).join(' ')}; ${components.map((c) => `ln -sfn ${guest.services}/${c} /etc/berth/services.d/${c}`).join('; ')}`);

      go('etcd');
      await this.startServices(helper, ['kube-etcd']);
      await this.vmScript(helper, `i=0; until ${guest.bin}/etcdctl --endpoints http://127.0.0.1:2379 endpoint health >/dev/null 2>&1; do i=$((i+1)); [ $i -gt ${Math.round(limit / 500)} ] && exit 1; sleep 0.5; done`, limit + 10_000, 'kube-etcd');

      go('apiserver');
      await this.startServices(helper, ['kube-apiserver', 'kube-cri-dockerd']);
      await this.forwardApi();
      this.credentials = { server: `https://127.0.0.1:${this.hostPort}`, ca: pki.ca.cert, cert: pki.admin.cert, key: pki.admin.key };
      await this.waitFor('the API server', limit, async () => (await kubeRequest(this.credentials!, 'GET', '/readyz').catch(() => ({ status: 0 }))).status === 200, helper, 'kube-apiserver');

      go('controllers');
      await this.startServices(helper, ['kube-controller-manager', 'kube-scheduler']);

      go('kubelet');
      await this.startServices(helper, ['kube-kubelet', 'kube-proxy']);

      go('node');
      await this.waitFor('the node to be Ready', limit, async () => {
        const r = await kubeRequest(this.credentials!, 'GET', `/api/v1/nodes/${cluster.nodeName}`).catch(() => null);
        const conditions = (r?.body as { status?: { conditions?: { type: string; status: string }[] } } | undefined)?.status?.conditions ?? [];
        return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
      }, helper, 'kube-kubelet');

      go('dns');
      for (const obj of corednsObjects(bundle.images.coredns.ref)) {
        const r = await applyObject(this.credentials, obj as never);
        if (r.status >= 300) throw new BerthError('engine-error', `The API server refused CoreDNS's ${(obj as { kind: string }).kind}: ${JSON.stringify(r.body).slice(0, 300)}`);
      }
      await this.waitFor('cluster DNS', limit, async () => {
        const r = await kubeRequest(this.credentials!, 'GET', '/api/v1/namespaces/kube-system/pods?labelSelector=k8s-app%3Dkube-dns').catch(() => null);
        const pods = (r?.body as { items?: { status?: { conditions?: { type: string; status: string }[] } }[] } | undefined)?.items ?? [];
        return pods.some((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      }, helper, 'coredns');
      timings.push({ step: 'dns', seconds: Math.round((Date.now() - started) / 100) / 10 });

      const merged = await this.writeKubeconfigs(pki);
      still();
      this.set({ state: 'running', step: null, message: `Running Kubernetes ${bundle.versions.kubernetes}`, server: this.credentials.server, context: 'berth', kubeconfig: merged.path, notice: [this.current.notice, merged.notice].filter(Boolean).join(' ') || null, timings: [...timings], error: null });
      void this.watchComponents(helper, generation);
      return this.current;
    } catch (err) {
      if (generation !== this.generation) return this.current; // turned off meanwhile: disable() set the status
      const e = err instanceof BerthError ? err : new BerthError('engine-error', `Kubernetes could not start: ${(err as Error).message}`);
      const component = componentOf[step];
      const lines = component ? await this.componentLog(component).catch(() => []) : [];
      this.set({ state: 'error', step: null, message: 'Error', error: { message: e.message, component, lines }, timings: [...timings] });
      throw e;
    }
  }

  private async importImages(docker: Docker, bundle: KubeBundle): Promise<void> {
    for (const key of ['pause', 'coredns'] as const) {
      const { ref, file } = bundle.images[key];
      const present = await docker
        .getImage(ref)
        .inspect()
        .then(() => true, () => false);
      if (present) continue;
      const changes = (await readFile(join(bundle.dir, `${file}.changes`), 'utf8').catch(() => '')).split('\n').filter(Boolean);
      const [repo, tag] = ref.split(':');
      const stream = (await docker.importImage(createReadStream(join(bundle.dir, file)) as unknown as string, { repo, tag, changes } as never)) as unknown as NodeJS.ReadableStream;
      await new Promise<void>((resolve, reject) => {
        let failed: string | null = null;
        const splitter = new JsonLineSplitter((v) => {
          const line = v as { error?: string };
          if (line.error) failed = line.error;
        });
        stream.on('data', (c: Buffer) => splitter.push(c));
        stream.once('end', () => (failed ? reject(new BerthError('engine-error', `Loading ${ref} failed: ${failed}`)) : resolve()));
        stream.once('error', reject);
      });
    }
  }

  /** An engine call of a start, retried while the step's bound lasts when its connection drops (retry.ts). */
  private engineCall<T>(what: string, call: (docker: Docker) => Promise<T>): Promise<T> {
    return retryOnDrop(() => call(this.o.docker()), {
      until: this.retryUntil,
      ready: (ms) => this.o.engineReady(ms),
      onRetry: (attempt, err) => this.o.log.warn(`Kubernetes: ${what}: the connection to the engine dropped (${err.message}); trying again (attempt ${attempt})`),
    });
  }

  private async vmScript(image: string, script: string, timeoutMs = 120_000, component: string | null = null): Promise<string> {
    const r = await this.engineCall(component ? `a step of ${component}` : 'a command in the VM', (docker) => execInVm(docker, image, script, timeoutMs));
    if (r.code !== 0) {
      const lines = component ? await this.componentLog(component).catch(() => []) : [];
      throw Object.assign(new BerthError('engine-error', `${component ?? 'A step'} did not come up in the VM.${r.output.trim() ? ` ${r.output.trim().slice(-300)}` : ''}`), { lines });
    }
    return r.output;
  }

  /** Starts services under the VM's supervisor, from the root cgroup so they outlive the helper. */
  private startServices(image: string, names: string[]): Promise<string> {
    return this.vmScript(image, `echo $$ > /sys/fs/cgroup/cgroup.procs; /usr/lib/berth/svc start ${names.join(' ')}`);
  }

  private async waitFor(what: string, limit: number, check: () => Promise<boolean>, _image: string, component: string): Promise<void> {
    const deadline = Date.now() + limit;
    const generation = this.generation;
    while (!(await check())) {
      if (generation !== this.generation) throw new BerthError('cancelled', 'Kubernetes was turned off while it was starting.');
      if (Date.now() > deadline) throw new BerthError('engine-error', `Timed out after ${Math.round(limit / 1000)} s waiting for ${what}. The last lines of ${component} are below.`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** The API server on host loopback: 6443 when free, else another port (said in the status). */
  private async forwardApi(): Promise<void> {
    if (this.hostPort) await this.o.vm.unforward(this.hostPort);
    const port = await freePortOnLoopback(6443);
    if (!(await this.o.vm.forward(port, 6443))) throw new BerthError('conflict', `Port ${port} on 127.0.0.1 could not be forwarded to the API server. Free it, or restart the VM.`);
    this.hostPort = port;
    this.set({ notice: port === 6443 ? null : `Port 6443 is in use on this machine, so the API server is on 127.0.0.1:${port}; kubectl --context berth finds it.` });
  }

  private async writeKubeconfigs(pki: ClusterPki): Promise<{ path: string; notice: string | null }> {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const ours = { server: this.credentials!.server, caData: b64(pki.ca.cert), certData: b64(pki.admin.cert), keyData: b64(pki.admin.key) };
    await mergeKubeconfig(ours, { path: this.adminKubeconfig, makeCurrent: true });
    const merged = await mergeKubeconfig(ours, this.o.kubeconfigPath ? { path: this.o.kubeconfigPath } : {});
    return { path: merged.path, notice: merged.notice };
  }

  /** The last lines a component logged in the VM (its syslog tag). */
  async componentLog(component: string, lines = 25): Promise<string[]> {
    const image = this.o.vm.kubeBundle?.images.pause.ref;
    if (!image) return [];
    if (component === 'vm') return this.o.vm.consoleTail(lines);
    if (component === 'coredns') return this.podContainerLog('coredns', lines);
    // The VM's supervisor logs a service under its folder's name (services.d/20-dockerd).
    const tag = component === 'dockerd' ? '20-dockerd' : component;
    const r = await execInVm(this.o.docker(), image, `grep -a " ${tag}" /var/log/messages | tail -n ${lines}`, 20_000);
    return r.output.split('\n').filter(Boolean);
  }

  /** The last lines of a pod's container that the kubelet runs (the newest attempt, after a crash). */
  private async podContainerLog(name: string, lines: number): Promise<string[]> {
    const docker = this.o.docker();
    const found = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`io.kubernetes.container.name=${name}`] }) });
    const newest = found.sort((a, b) => b.Created - a.Created)[0];
    if (!newest) return [`No ${name} container was started: the kubelet's log says why (kubectl --context berth -n kube-system describe pods).`];
    const raw = (await docker.getContainer(newest.Id).logs({ stdout: true, stderr: true, tail: lines })) as unknown as Buffer;
    const out: string[] = [`${newest.State}: ${newest.Status}`];
    const decoder = logDecoder(false, false, (l) => out.push(l.text));
    decoder.push(raw);
    decoder.end();
    return out;
  }

  /**
   * The supervisor's view of the components, followed from a small watcher in the VM that prints
   * only changes (so the host is told, rather than asking): a crash and its restart show in the status.
   */
  private async watchComponents(image: string, generation: number): Promise<void> {
    const docker = this.o.docker();
    const script = `last=; while true; do s=$(/usr/lib/berth/svc status --line ${components.join(' ')}); [ "$s" != "$last" ] && echo "$s"; last=$s; sleep 2; done`;
    const spec = inVm(image, script, 'cluster-watch');
    const container = await docker.createContainer({ ...spec, HostConfig: { ...spec.HostConfig, AutoRemove: true } });
    if (generation !== this.generation) return void container.remove({ force: true }).catch(() => undefined);
    this.watcher = container;
    await container.start();
    const stream = (await container.logs({ follow: true, stdout: true, stderr: true })) as unknown as NodeJS.ReadableStream;
    const decoder = logDecoder(false, false, ({ text: line }) => {
      if (generation !== this.generation) return;
      const list = parseComponents(line);
      this.set({ components: list, ...(this.current.state === 'running' ? { message: componentsMessage(list, this.current.version) } : {}) });
    });
    stream.on('data', (chunk: Buffer) => decoder.push(chunk));
  }

  async disable(): Promise<ClusterStatus> {
    this.generation++;
    this.set({ state: 'stopping', step: null, message: 'Stopping Kubernetes…' });
    await this.o.setEnabled(false);
    // A start under way notices at its next step; let it, so nothing it starts outlives the stop.
    await this.running?.catch(() => undefined);
    await this.stopInVm(false);
    this.set({ ...idle, version: this.current.version });
    return this.current;
  }

  private async stopInVm(wipe: boolean): Promise<void> {
    const image = this.o.vm.kubeBundle?.images.pause.ref;
    await this.watcher?.remove({ force: true }).catch(() => undefined);
    this.watcher = null;
    if (this.hostPort) await this.o.vm.unforward(this.hostPort);
    this.hostPort = 0;
    this.credentials = null;
    if (this.o.vm.status.state !== 'running' || !image) return;
    await this.o.engineReady(30_000);
    const docker = this.o.docker();
    const hasImage = await docker
      .getImage(image)
      .inspect()
      .then(() => true, () => false);
    if (!hasImage) return;
    // down files keep the services from starting with the VM; their state stays on the data disk.
    const down = components.map((c) => `[ -d ${guest.services}/${c} ] && touch ${guest.services}/${c}/down`).join('; ');
    const wipeScript = wipe ? `; rm -rf ${guest.state} ${components.map((c) => `${guest.services}/${c} /etc/berth/services.d/${c}`).join(' ')}` : '';
    await execInVm(docker, image, `${down}; /usr/lib/berth/svc stop ${[...components].reverse().join(' ')} 2>/dev/null; true${wipeScript}`, 120_000);
    // The pods' containers go with the cluster, so workloads do not run on unmanaged (the next start
    // recreates them from what etcd declares); images stay.
    const pods = await docker.listContainers({ all: true, filters: JSON.stringify({ label: ['io.kubernetes.pod.name'] }) }).catch(() => []);
    await Promise.all(pods.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  }

  async reset(): Promise<ClusterStatus> {
    this.generation++;
    this.set({ state: 'stopping', step: null, message: 'Resetting Kubernetes…' });
    await this.o.setEnabled(false);
    await this.running?.catch(() => undefined);
    await this.stopInVm(true);
    await rm(join(this.o.dataDir, 'kube'), { recursive: true, force: true });
    this.set({ ...idle, message: 'Reset: the next enable starts a new, empty cluster' });
    return this.current;
  }
}

/** One line of the VM's `svc status`, joined with ";": "kube-etcd up pid 812 restarts 1 exit 137;…". */
export function parseComponents(line: string): ClusterStatus['components'] {
  return line
    .split(';')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^(\S+) (.*?)(?: restarts (\d+) exit (\S*))?$/.exec(l);
      return { name: m?.[1] ?? l, state: m?.[2] ?? '', restarts: Number(m?.[3] ?? 0), lastExit: m?.[4] ?? null };
    });
}

/** What the status says about the components: a crash is said, and so is the supervisor bringing it back. */
export function componentsMessage(list: ClusterStatus['components'], version: string | null): string {
  const running = `Running Kubernetes ${version ?? ''}`.trim();
  const down = list.filter((c) => !c.state.startsWith('up'));
  if (down.length) return `${down.map((c) => `${c.name} ${c.state}`).join(', ')}: the VM's supervisor is restarting it`;
  const restarted = list.filter((c) => c.restarts > 0);
  if (!restarted.length) return running;
  return `${running} · ${restarted.map((c) => `${c.name} crashed${c.lastExit ? ` (exit ${c.lastExit})` : ''} and was restarted ${c.restarts === 1 ? 'once' : `${c.restarts} times`}`).join(', ')} by the VM's supervisor`;
}
