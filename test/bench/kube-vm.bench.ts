/**
 * Bench (not a test): Kubernetes in Berth's VM. Boots the real VM image (its boot time is the
 * baseline of this run), measures the VM idle without the cluster for BENCH_SECONDS, turns
 * Kubernetes on (seconds from enable to each step: node Ready, DNS Ready), then measures the VM
 * idle again with the cluster running: CPU busy inside the VM (/proc/stat), memory used inside the
 * VM (/proc/meminfo), and qemu's CPU and RSS on the host. Says which accelerator it ran under.
 *
 *   npm run vm:build && npm run kube:build && npm run kube:bundle && npm run bench:kube-vm   (as root)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Backend } from '../../electron/backend/backend';
import { silentLogger } from '../../electron/backend/logger';
import { SettingsStore } from '../../electron/backend/settings/settings-store';
import { execInVm } from '../../electron/backend/kube/cluster/vm-exec';
import type { ClusterStatus } from '../../shared/models';

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

interface Sample {
  busy: number;
  total: number;
  usedMiB: number;
  qemuCpuMs: number;
  qemuRssMiB: number;
  /** CPU ticks per process name in the VM (own + reaped children's), to say who spends the idle CPU. */
  byName: Map<string, number>;
}

async function sample(backend: Backend, image: string, qemuPid: number): Promise<Sample> {
  const r = await execInVm(backend.docker, image, "head -n1 /proc/stat; grep -E '^(MemTotal|MemAvailable):' /proc/meminfo; cat /proc/[0-9]*/stat 2>/dev/null", 60_000);
  const byName = new Map<string, number>();
  for (const line of r.output.split('\n')) {
    const m = /^\d+ \((.*)\) (.*)$/.exec(line.trim());
    if (!m) continue;
    const f = m[2]!.split(' ').map(Number); // f[0] is field 3 (state): utime..cstime are fields 14..17
    byName.set(m[1]!, (byName.get(m[1]!) ?? 0) + f[11]! + f[12]! + f[13]! + f[14]!);
  }
  const cpu = r.output.split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  const total = cpu.reduce((a, b) => a + b, 0);
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(r.output)?.[1] ?? 0);
  const stat = (await readFile(`/proc/${qemuPid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${qemuPid}/status`, 'utf8'))?.[1] ?? 0);
  return { busy: total - idle, total, usedMiB: (kb('MemTotal') - kb('MemAvailable')) / 1024, qemuCpuMs: ((Number(stat[11]) + Number(stat[12])) / ticks) * 1000, qemuRssMiB: rss / 1024, byName };
}

async function idleFor(backend: Backend, image: string, qemuPid: number): Promise<string> {
  const a = await sample(backend, image, qemuPid);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const b = await sample(backend, image, qemuPid);
  const inVm = ((b.busy - a.busy) / Math.max(1, b.total - a.total)) * 100;
  const qemu = ((b.qemuCpuMs - a.qemuCpuMs) / (seconds * 1000)) * 100;
  const spent = [...b.byName].map(([name, t]) => [name, t - (a.byName.get(name) ?? 0)] as const).filter(([, t]) => t > 0).sort((x, y) => y[1] - x[1]).slice(0, 6);
  const top = spent.map(([name, t]) => `${name} ${((t / ticks / seconds) * 100).toFixed(1)} %`).join(', ');
  return `CPU busy in the VM ${inVm.toFixed(1)} % (of its vCPUs) · memory used in the VM ${b.usedMiB.toFixed(0)} MiB · qemu on the host ${qemu.toFixed(1)} % of a core, RSS ${b.qemuRssMiB.toFixed(0)} MiB\n  who (% of one vCPU): ${top}`;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp('/tmp/berth-kubebench-');
  const settings = await SettingsStore.open(dataDir, dataDir);
  await settings.update({ vm: { cpus: 2, memoryMiB: 2560, diskGiB: 16, sharedFolders: [] } });
  const backend = new Backend({
    settings,
    log: silentLogger,
    kubeconfigPath: join(dataDir, 'kubeconfig'),
    vm: { dataDir, imageDirs: [resolve('resources/vm/build')], qemuDirs: [], dockerConfigDir: null, kubeBundleDirs: [resolve('resources/kube/build')], clusterStepTimeoutMs: 900_000 },
  });
  try {
    const t0 = Date.now();
    backend.start(); // the engine connection, and the VM as its engine
    await backend.vm!.start();
    while (backend.engine.status.state !== 'connected') await new Promise((r) => setTimeout(r, 200));
    const boot = (Date.now() - t0) / 1000;
    const bundle = backend.vm!.kubeBundle;
    if (!bundle) throw new Error('No Kubernetes bundle: npm run kube:build && npm run kube:bundle');
    const qemuPid = Number((await readFile(join(dataDir, 'vm', 'run', 'qemu.pid'), 'utf8')).trim());
    console.log(`accelerator: ${backend.vm!.status.accelerator} (${backend.vm!.status.accelerator === 'tcg' ? 'software emulation: users with kvm, hvf or whpx are several times faster' : 'hardware'})`);
    console.log(`baseline: VM start to engine ready ${boot.toFixed(1)} s`);
    // The helper image for sampling must be there before the baseline: the cluster's own pause image.
    const cold = await backend.router.invoke('cluster:enable', {});
    if (!cold.ok) throw new Error(cold.error.message);
    console.log(`first enable (images imported, certificates made) to each step, s: ${(cold.value as ClusterStatus).timings.map((t) => `${t.step} ${t.seconds}`).join(' · ')}`);
    await backend.router.invoke('cluster:disable', {});
    console.log(`baseline: VM idle without Kubernetes, ${seconds} s: ${await idleFor(backend, bundle.images.pause.ref, qemuPid)}`);
    const t1 = Date.now();
    const r = await backend.router.invoke('cluster:enable', {});
    if (!r.ok) throw new Error(r.error.message);
    const status = r.value as ClusterStatus;
    console.log(`enable (second start, state kept) to each step, s: ${status.timings.map((t) => `${t.step} ${t.seconds}`).join(' · ')} (total ${((Date.now() - t1) / 1000).toFixed(1)} s)`);
    await new Promise((res) => setTimeout(res, 20_000)); // let the start settle
    console.log(`VM idle with Kubernetes running, ${seconds} s: ${await idleFor(backend, bundle.images.pause.ref, qemuPid)}`);
  } finally {
    await backend.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
