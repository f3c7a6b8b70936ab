import { spawn, type ChildProcess } from 'node:child_process';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Accelerator, PortForward, VmStatus, VmStep } from '../../../shared/models';
import { BerthError } from '../rpc/errors';
import type { Logger } from '../logger';
import type { ResolvedEndpoint } from '../engine/endpoint';
import { freePortOnLoopback } from './free-port';
import { findQemu, qemuArgs, type QemuConfig } from './qemu';
import { chooseAccelerator, HardwareStall, hostKey, noHardwareNotice, rememberVerdict } from './accel-probe';
import { loadImage, type VmImage } from './image';
import { VmFiles } from './vm-files';
import { ConsoleWatcher, exitReason, guestReason, tail } from './console-watch';
import { QmpClient } from './qmp';
import { PortForwards, type PublishedPort } from './port-forwards';
import { writeDockerContext } from './docker-context';
import { pingTls, type TlsMaterial } from './pki';
import { findKubeBundle, type KubeBundle } from './kube-bundle';
import type { TerminalProcess } from '../terminals/session';
import { startShares, type ShareServers } from './shares';
import { openConsoleShell } from './console-shell';
import { stopStaleQemu } from './stale-qemu';

export type { KubeBundle } from './kube-bundle';

export interface VmResources {
  cpus: number;
  memoryMiB: number;
  diskGiB: number;
  sharedFolders: string[];
}

export interface VmManagerOptions {
  /** Berth's data folder; the VM lives in <dataDir>/vm. */
  dataDir: string;
  /** Where to look for the VM image (manifest.json + artefacts), in order. */
  imageDirs: string[];
  /** Extra folders to look for qemu in before PATH (the app's resources). */
  qemuDirs: string[];
  /** The docker CLI's config folder ($DOCKER_CONFIG or ~/.docker), for the `berth` context; null to leave it alone. */
  dockerConfigDir: string | null;
  resources: () => VmResources;
  useBerthContext: () => boolean;
  log: Logger;
  onStatus: (status: VmStatus) => void;
  onPortForwards: (list: PortForward[]) => void;
  /** Bound on boot to engine ready; the default depends on the accelerator. */
  readyTimeoutMs?: number;
  /** Under kvm/hvf/whpx, how long the console may stay silent before Berth falls back to software emulation. */
  firstOutputTimeoutMs?: number;
  /** Force an accelerator (tests); detected when absent. */
  accelerator?: Accelerator;
  /** Where to look for the Kubernetes bundle (bundle.json + kube.squashfs), attached to the VM when found. */
  kubeBundleDirs?: string[];
}

const idle: VmStatus = { state: 'stopped', step: null, message: 'Stopped', accelerator: null, warning: null, error: null, engineHost: null, startedAt: null, image: null, pendingRestart: false };

const stepMessages: Record<VmStep, string> = {
  image: 'Checking the VM image…',
  certificates: 'Preparing TLS certificates…',
  disk: 'Preparing the data disk…',
  boot: 'Booting the VM…',
  engine: 'Waiting for the engine…',
};

/**
 * Berth's VM: a state machine (stopped → starting → running → stopping → stopped; error) driving
 * qemu. Start checks the image, prepares certificates and the data disk, boots, and waits for the
 * engine's readiness marker and a TLS ping; stop powers the guest off through QMP (repeated), then
 * quits, then kills. A qemu that dies on its own is an error the UI shows, with the console's end.
 */
export class VmManager {
  private current: VmStatus = idle;
  private child: ChildProcess | null = null;
  private qmp: QmpClient | null = null;
  private tls: TlsMaterial | null = null;
  private enginePort = 0;
  private image: VmImage | null = null;
  private accelerator: Accelerator | null = null;
  private bootedWith: string | null = null;
  private shares: ShareServers | null = null;
  private starting: Promise<VmStatus> | null = null;
  /** Ends the boot under way (stop or quit while starting); null when no boot waits. */
  private cancelStart: (() => void) | null = null;
  private cancelled = false;
  /** The Kubernetes bundle the running VM has mounted (at /opt/berth/kube), if it was attached at boot. */
  kubeBundle: KubeBundle | null = null;
  private stopping: Promise<VmStatus> | null = null;
  readonly files: VmFiles;
  readonly portForwards: PortForwards;

  constructor(private readonly options: VmManagerOptions) {
    this.files = new VmFiles(options.dataDir);
    this.portForwards = new PortForwards(() => this.qmp, options.log, options.onPortForwards);
  }

  get status(): VmStatus {
    return { ...this.current, pendingRestart: this.bootedWith !== null && this.bootedWith !== JSON.stringify(this.options.resources()) };
  }

  private set(patch: Partial<VmStatus>): void {
    this.current = { ...this.current, ...patch };
    this.options.onStatus(this.status);
  }

  private step(step: VmStep): void {
    this.set({ state: 'starting', step, message: stepMessages[step] });
  }

  /** The engine in the VM as an endpoint, when it is running. */
  endpoint(): ResolvedEndpoint | null {
    if (this.current.state !== 'running' || !this.tls) return null;
    return { host: `tcp://127.0.0.1:${this.enginePort}`, source: 'setting', tls: true, tlsVerify: true, tlsMaterial: { ca: this.tls.caCert, cert: this.tls.clientCert, key: this.tls.clientKey } };
  }

  start(): Promise<VmStatus> {
    if (this.current.state === 'running') return Promise.resolve(this.status);
    this.starting ??= this.doStart().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async doStart(): Promise<VmStatus> {
    this.cancelled = false;
    try {
      this.set({ ...idle, state: 'starting' });
      this.step('image');
      const { qemu, qemuImg } = await findQemu(this.options.qemuDirs);
      this.image = await loadImage(this.options.imageDirs);
      await this.files.prepare();
      const chosen = this.options.accelerator
        ? { accelerator: this.options.accelerator, notice: this.options.accelerator === 'tcg' ? noHardwareNotice : null, detail: 'set by the caller', cached: false }
        : await chooseAccelerator(qemu, { cacheFile: this.files.acceleratorFile });
      this.options.log.info(`VM accelerator: ${chosen.accelerator} (${chosen.detail}${chosen.cached ? '; verdict cached for this host' : ''})`);
      this.accelerator = chosen.accelerator;
      this.set({ accelerator: this.accelerator, warning: chosen.notice, image: this.image.versions });

      this.step('certificates');
      await this.cleanStale();
      this.tls = await this.files.tls();

      this.step('disk');
      const resources = this.options.resources();
      const disk = await this.files.dataDisk(resources.diskGiB, qemuImg);

      this.step('boot');
      const state = await this.files.readState();
      this.enginePort = await freePortOnLoopback(state.enginePort);
      await this.files.writeState({ enginePort: this.enginePort });
      await rename(this.files.consoleLog, `${this.files.consoleLog}.1`).catch(() => undefined);
      await writeFile(this.files.consoleLog, '');
      // virtiofsd serves one qemu: a second boot (the fallback below) needs them started again.
      const serveShares = async (): Promise<void> => {
        this.shares?.stop();
        this.shares = resources.sharedFolders.length ? await startShares(resources.sharedFolders, this.files.runDir, this.options.log) : null;
      };
      await serveShares();
      this.kubeBundle = await findKubeBundle(this.options.kubeBundleDirs ?? [], (m) => this.options.log.warn(m));
      const files = { ...this.files.guestFiles() };
      if (this.shares?.list.length) {
        const sharesFile = join(this.files.runDir, 'shares');
        await writeFile(sharesFile, this.shares.list.map((s) => `${s.tag} ${s.path}`).join('\n') + '\n');
        files.shares = sharesFile;
      }
      const image = this.image;
      const argsFor = (accelerator: Accelerator): string[] => qemuArgs({
        kernel: image.kernel,
        initrd: image.initrd,
        rootfs: image.rootfs,
        dataDisk: disk.path,
        dataDiskFormat: disk.format,
        cmdline: accelerator === 'tcg' ? image.cmdline.tcg : image.cmdline.kvm,
        accelerator,
        cpus: resources.cpus,
        memoryMiB: resources.memoryMiB,
        enginePort: this.enginePort,
        runDir: this.files.runDir,
        consoleLog: this.files.consoleLog,
        files,
        ...(this.shares?.list.length ? { shares: this.shares.list.map((s) => ({ tag: s.tag, socket: s.socket })) } : {}),
        ...(this.kubeBundle ? { kubeBundle: this.kubeBundle.squashfs } : {}),
      } satisfies QemuConfig);
      this.bootedWith = JSON.stringify(resources);
      try {
        await this.boot(qemu, argsFor(this.accelerator));
      } catch (err) {
        if (!(err instanceof HardwareStall) || this.cancelled) throw err;
        // Second line of defence: the probe passed, yet this guest shows no sign of life under the
        // accelerator. Once, and said: software emulation, remembered for this host.
        const hw = this.accelerator;
        await this.kill();
        const notice = `Slow: hardware virtualisation (${hw}) is present but the VM did not run under it (${err.message}), so it uses software emulation.`;
        this.options.log.warn(`VM: ${notice}`);
        if (!this.options.accelerator) await rememberVerdict(this.files.acceleratorFile, await hostKey(qemu), { accelerator: 'tcg', notice, detail: `a boot under ${hw} failed: ${err.message}` });
        this.accelerator = 'tcg';
        this.set({ accelerator: 'tcg', warning: notice, message: 'Booting the VM under software emulation…' });
        await writeFile(this.files.consoleLog, '');
        await serveShares();
        await this.boot(qemu, argsFor('tcg'));
      }
      this.set({ state: 'running', step: null, message: `Running (${this.accelerator})`, engineHost: `tcp://127.0.0.1:${this.enginePort}`, startedAt: Date.now() });
      await this.afterRunning();
      return this.status;
    } catch (err) {
      const message = err instanceof BerthError ? err.message : `The VM could not start: ${(err as Error).message}`;
      await this.kill();
      this.shares?.stop();
      this.shares = null;
      if (this.cancelled) throw new BerthError('cancelled', 'The VM was stopped while it was starting.'); // stop() says the rest
      this.set({ state: 'error', step: null, message: 'Error', error: { message, consoleTail: await tail(this.files.consoleLog, 30) }, engineHost: null });
      throw err instanceof BerthError ? err : new BerthError('engine-error', message);
    }
  }

  private async boot(qemu: string, args: string[]): Promise<void> {
    if (this.cancelled) throw new BerthError('cancelled', 'The VM was stopped while it was starting.');
    const hardware = this.accelerator !== 'tcg';
    const timeoutMs = this.options.readyTimeoutMs ?? (hardware ? 60_000 : 240_000);
    const child = spawn(qemu, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let stderr = '';
    let seen = false; // anything at all on the console
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const said = (): string => stderr.trim().split('\n').slice(-3).join(' ');
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) => {
        // Under an accelerator, a qemu that dies before the guest printed anything is the accelerator's failure.
        if (hardware && !seen && !this.cancelled) return reject(new HardwareStall(`qemu ended before the guest printed anything: ${said() || signal || `code ${code}`}`));
        // The console says why more often than qemu does (code 0 = the guest powered off or reset itself).
        void tail(this.files.consoleLog, 40).catch((): string[] => []).then((lines) => reject(new BerthError('engine-error', `qemu exited while the VM was starting (${exitReason(code, signal)}). ${said()} ${guestReason(lines)}`.trim())));
      }),
    );
    child.once('exit', (code, signal) => void this.onExit(child, code, signal));
    let ready: () => void = () => undefined;
    let failed: (e: Error) => void = () => undefined;
    const marker = new Promise<void>((resolve, reject) => {
      ready = resolve;
      failed = reject;
    });
    const cancelled = new Promise<never>((_, reject) => {
      this.cancelStart = () => reject(new BerthError('cancelled', 'The VM was stopped while it was starting.'));
    });
    const watcher = new ConsoleWatcher(this.files.consoleLog, (m) => {
      if (m.name === 'BERTH-STAGE2' || m.name === 'BERTH-FORMAT') this.set({ message: m.name === 'BERTH-FORMAT' ? 'Formatting the data disk (first start)…' : 'Booting the VM…' });
      if (m.name === 'BERTH-READY') {
        this.step('engine');
        ready();
      }
      if (m.name === 'BERTH-ERROR' && !/^share/.test(m.text)) failed(new BerthError('engine-error', `The VM reported a problem: ${m.text}`));
      if (m.name === 'BERTH-ERROR' && /^share/.test(m.text)) this.options.log.warn(`VM: ${m.text}`);
    }, undefined, () => (seen = true));
    watcher.start();
    const timers: NodeJS.Timeout[] = [];
    const timeout = new Promise<never>((_, reject) => {
      timers.push(setTimeout(() => reject(new BerthError('engine-error', `The VM did not become ready within ${Math.round(timeoutMs / 1000)} s. Its console's last lines are below.`)), timeoutMs));
      // A guest that runs prints within a second or two under an accelerator (the kernel, then stage 1).
      const silentMs = this.options.firstOutputTimeoutMs ?? 15_000;
      if (hardware) timers.push(setTimeout(() => seen || reject(new HardwareStall(`nothing on its console within ${Math.round(silentMs / 1000)} s`)), silentMs));
    });
    const all = [exited, timeout, cancelled];
    try {
      await Promise.race([marker, ...all]);
      this.qmp = await QmpClient.connect(join(this.files.runDir, 'qmp.sock'));
      const deadline = Date.now() + 30_000;
      while (!(await pingTls(this.enginePort, this.tls!))) {
        if (Date.now() > deadline) throw new BerthError('engine-error', "The VM booted but its engine does not answer over TLS on the forwarded port.");
        await Promise.race([new Promise((r) => setTimeout(r, 200)), ...all]);
      }
    } finally {
      this.cancelStart = null;
      timers.forEach(clearTimeout);
      watcher.stop();
      for (const p of all) p.catch(() => undefined);
    }
  }

  private async afterRunning(): Promise<void> {
    if (this.options.dockerConfigDir && this.tls) {
      await writeDockerContext(this.options.dockerConfigDir, `tcp://127.0.0.1:${this.enginePort}`, { ca: this.tls.caCert, cert: this.tls.clientCert, key: this.tls.clientKey }, this.options.useBerthContext()).catch((err: unknown) =>
        this.options.log.warn('the docker context "berth" could not be written', err),
      );
    }
  }

  /** qemu went away: expected while stopping, an error otherwise. */
  private async onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (this.child !== child) return;
    this.child = null;
    this.qmp?.close();
    this.qmp = null;
    this.portForwards.clear();
    this.shares?.stop();
    this.shares = null;
    this.bootedWith = null;
    if (this.current.state === 'stopping' || this.current.state === 'starting') return;
    const lines = await tail(this.files.consoleLog, 40).catch((): string[] => []);
    if (this.current.state !== 'running') return; // a stop or a start came first
    this.set({
      state: 'error',
      step: null,
      message: 'Error',
      engineHost: null,
      error: { message: `The VM stopped unexpectedly (qemu ${exitReason(code, signal)}). ${guestReason(lines)} Start it again; its data is kept.`.replace(/\s+/g, ' '), consoleTail: lines.slice(-30) },
    });
  }

  stop(): Promise<VmStatus> {
    if (this.current.state === 'stopped' || this.current.state === 'error') {
      if (this.current.state === 'error') this.set({ ...idle });
      return Promise.resolve(this.status);
    }
    this.stopping ??= this.doStop().finally(() => {
      this.stopping = null;
    });
    return this.stopping;
  }

  private async doStop(): Promise<VmStatus> {
    if (this.starting) {
      // A boot that hangs must not hold up a stop or a quit: end it (qemu is asked to quit, then killed).
      this.cancelled = true;
      this.cancelStart?.();
      await this.starting.catch(() => undefined);
    }
    const child = this.child;
    this.set({ state: 'stopping', step: null, message: 'Stopping…' });
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      // The guest's power button answers once its init is up: press it every 5 s for a minute.
      const press = async (): Promise<void> => void (await this.qmp?.command('system_powerdown').catch(() => undefined));
      await press();
      const timer = setInterval(() => void press(), 5000);
      const gone = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 60_000))]);
      clearInterval(timer);
      if (!gone) {
        await this.qmp?.command('quit').catch(() => undefined);
        const quit = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
        if (!quit) {
          child.kill('SIGKILL');
          await exited;
        }
      }
    }
    this.set({ ...idle });
    return this.status;
  }

  async restart(): Promise<VmStatus> {
    await this.stop();
    return this.start();
  }

  /** Factory reset: stop, then wipe the data disk and certificates. The next start is a first start. */
  async reset(): Promise<VmStatus> {
    await this.stop();
    await this.files.wipe();
    this.tls = null;
    this.set({ ...idle, message: 'Reset: the next start formats a new data disk' });
    return this.status;
  }

  /** Ends qemu now: asked over QMP to quit (it flushes its disks), killed if that takes over 3 s. */
  private async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<boolean>((r) => child.once('exit', () => r(true)));
    const qmp = this.qmp ?? (await QmpClient.connect(join(this.files.runDir, 'qmp.sock'), 1000).catch(() => null));
    await qmp?.command('quit').catch(() => undefined);
    if (qmp !== this.qmp) qmp?.close();
    if (!(await Promise.race([exited, new Promise<boolean>((r) => setTimeout(() => r(false), 3000))]))) {
      child.kill('SIGKILL');
      await exited;
    }
  }

  /** A qemu left running by a Berth that crashed: found by its pidfile and stopped. */
  private cleanStale(): Promise<void> {
    return stopStaleQemu(this.files.runDir, this.options.log);
  }

  consoleTail(lines: number): Promise<string[]> {
    return tail(this.files.consoleLog, lines);
  }

  /** Forwards a host loopback port to a guest port (the Kubernetes API server); false when the host port is taken. */
  async forward(hostPort: number, guestPort: number): Promise<boolean> {
    if (!this.qmp) return false;
    const answer = await this.qmp.hmp(`hostfwd_add net0 tcp:127.0.0.1:${hostPort}-:${guestPort}`).catch((err: Error) => err.message);
    return !answer.trim();
  }

  async unforward(hostPort: number): Promise<void> {
    await this.qmp?.hmp(`hostfwd_remove net0 tcp:127.0.0.1:${hostPort}`).catch(() => '');
  }

  /** Forwards what the VM's running containers publish. */
  syncPortForwards(published: PublishedPort[]): Promise<void> {
    return this.current.state === 'running' ? this.portForwards.sync(published) : Promise.resolve();
  }

  /** A root shell in the VM (its console on hvc0): one at a time. */
  async shell(): Promise<TerminalProcess> {
    if (this.current.state !== 'running') throw new BerthError('conflict', "Berth's VM is not running: start it to open a shell in it.");
    return openConsoleShell(join(this.files.runDir, 'hvc.sock'));
  }
}
