import { spawn } from 'node:child_process';
import { access, constants, mkdir, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { hostname, release, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Accelerator } from '../../../shared/models';
import { cpuModel } from './qemu';

/**
 * Whether hardware virtualisation really runs a guest. A /dev/kvm that opens, and a vCPU that qemu
 * creates, prove nothing: under nested virtualisation that does not work the guest never executes
 * an instruction. So the probe boots a guest: a 512-byte boot sector that writes a marker to the
 * first serial port and then asks qemu to exit (isa-debug-exit). Seeing the marker within the bound
 * is the proof; anything else is a verdict of software emulation with the reason said.
 */

/** The guest gave no sign of life under a hardware accelerator (its boot falls back to software emulation). */
export class HardwareStall extends Error {}

export const probeMarker = 'BERTH-PROBE-OK';
/** isa-debug-exit turns the byte written to its port into qemu's exit code: (v << 1) | 1. */
const exitByte = 0x21;
export const probeExitCode = (exitByte << 1) | 1;

/** A boot sector (real mode, loaded at 0x7c00): print the marker on COM1, then exit through port 0xf4. */
export function probeBootSector(): Buffer {
  const msg = Buffer.from(`${probeMarker}\r\n\0`, 'latin1');
  const code = [
    0xfa, //             cli
    0xfc, //             cld
    0x31, 0xc0, //       xor ax, ax
    0x8e, 0xd8, //       mov ds, ax
    0xbe, 0x00, 0x00, // mov si, msg (patched below)
    0xba, 0xf8, 0x03, // mov dx, 0x3f8
    0xac, //             next: lodsb
    0x84, 0xc0, //       test al, al
    0x74, 0x03, //       jz done
    0xee, //             out dx, al
    0xeb, 0xf8, //       jmp next
    0xb0, exitByte, //   done: mov al, exitByte
    0xe6, 0xf4, //       out 0xf4, al
    0xf4, //             halt: hlt
    0xeb, 0xfd, //       jmp halt
  ];
  const sector = Buffer.alloc(512);
  Buffer.from(code).copy(sector, 0);
  msg.copy(sector, code.length);
  sector.writeUInt16LE(0x7c00 + code.length, 7);
  sector[510] = 0x55;
  sector[511] = 0xaa;
  return sector;
}

export interface GuestRun {
  /** The guest printed the marker: the accelerator runs guests. */
  ran: boolean;
  ms: number;
  /** qemu's own words when it refused (the last lines of its stderr), or why the run ended. */
  detail: string;
}

/** The qemu arguments of one probe run (pure, for the tests). */
export function probeArgs(accel: Accelerator, disk: string): string[] {
  return [
    '-accel', accel,
    '-M', 'q35',
    '-cpu', cpuModel(accel),
    '-smp', '1', '-m', '32',
    '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot',
    '-drive', `if=none,id=probe,file=${disk},format=raw,readonly=on`,
    '-device', 'virtio-blk-pci,drive=probe,bootindex=0',
    '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
    '-serial', 'stdio',
  ];
}

/** Boots the probe guest under `accel` and waits at most `timeoutMs` for its marker. qemu is always ended. */
export async function runGuestProbe(qemu: string, accel: Accelerator, timeoutMs: number): Promise<GuestRun> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-probe-'));
  const disk = join(dir, 'probe.img');
  await writeFile(disk, probeBootSector());
  await truncate(disk, 1024 * 1024); // the firmware does not read a disk of one sector
  const started = Date.now();
  try {
    return await new Promise<GuestRun>((resolve) => {
      const child = spawn(qemu, probeArgs(accel, disk), { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      let settled = false;
      const done = (ran: boolean, detail: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        resolve({ ran, ms: Date.now() - started, detail });
      };
      const timer = setTimeout(() => done(false, `the guest printed nothing within ${Math.round(timeoutMs / 100) / 10} s`), timeoutMs);
      child.stdout.on('data', (d: Buffer) => {
        out = (out + d.toString('latin1')).slice(-4096);
        if (out.includes(probeMarker)) done(true, 'the guest ran');
      });
      child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4096)));
      child.once('error', (e) => done(false, `qemu could not be run: ${e.message}`));
      child.once('exit', (code, signal) => {
        if (out.includes(probeMarker)) return done(true, 'the guest ran');
        const said = err.trim().split('\n').slice(-2).join(' ').trim();
        done(false, said || `qemu ended (${signal ?? `code ${code}`}) before the guest printed anything`);
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** The hardware accelerator this platform could have, if any. */
export function hardwareAccelerator(platform: NodeJS.Platform): Exclude<Accelerator, 'tcg'> | null {
  return platform === 'linux' ? 'kvm' : platform === 'darwin' ? 'hvf' : platform === 'win32' ? 'whpx' : null;
}

export interface AccelVerdict {
  accelerator: Accelerator;
  /** What the status says when the VM runs under software emulation (null under hardware). */
  notice: string | null;
  /** How the verdict was reached, for the backend log and diagnostics. */
  detail: string;
}

const names: Record<Exclude<Accelerator, 'tcg'>, string> = { kvm: 'KVM', hvf: 'Hypervisor.framework', whpx: 'Windows Hypervisor Platform' };
export const noHardwareNotice = 'Slow: no hardware virtualisation here, so the VM runs under software emulation.';

/**
 * The verdict from what was found (pure). `device`: on Linux, whether /dev/kvm exists and whether
 * this user may open it; elsewhere always 'usable' (the probe tells). `run`: the probe's outcome,
 * null when it was not run.
 */
export function verdict(hw: Exclude<Accelerator, 'tcg'> | null, device: 'absent' | 'denied' | 'usable', run: GuestRun | null): AccelVerdict {
  if (!hw || device === 'absent') return { accelerator: 'tcg', notice: noHardwareNotice, detail: hw ? '/dev/kvm does not exist' : 'no hardware accelerator on this platform' };
  if (device === 'denied') {
    return { accelerator: 'tcg', notice: 'Slow: /dev/kvm exists but this user may not use it, so the VM runs under software emulation. Add yourself to the kvm group (sudo usermod -aG kvm $USER), log in again, and restart the VM.', detail: '/dev/kvm is not readable and writable' };
  }
  if (run?.ran) return { accelerator: hw, notice: null, detail: `${names[hw]} ran the probe guest in ${run.ms} ms` };
  return {
    accelerator: 'tcg',
    notice: `Slow: hardware virtualisation (${names[hw]}) is present but does not run guests here (nested virtualisation?), so the VM uses software emulation.`,
    detail: `${names[hw]} did not run the probe guest: ${run?.detail ?? 'not probed'}`,
  };
}

/** What the verdict depends on: when any of it changes (a new kernel, qemu, /dev/kvm), probe again. */
export async function hostKey(qemu: string, platform: NodeJS.Platform = process.platform): Promise<string> {
  const q = await stat(qemu).catch(() => null);
  const kvm = platform === 'linux' ? await stat('/dev/kvm').catch(() => null) : null;
  return JSON.stringify({ host: hostname(), kernel: release(), platform, arch: process.arch, qemu, qemuSize: q?.size ?? 0, qemuMtime: q?.mtimeMs ?? 0, kvm: kvm ? `${kvm.rdev}:${kvm.ino}` : null });
}

async function deviceState(platform: NodeJS.Platform): Promise<'absent' | 'denied' | 'usable'> {
  if (platform !== 'linux') return 'usable';
  if (!(await stat('/dev/kvm').catch(() => null))) return 'absent';
  return access('/dev/kvm', constants.R_OK | constants.W_OK).then(
    () => 'usable',
    () => 'denied',
  );
}

export interface ProbeOptions {
  /** The verdict cache (a JSON file in the VM's folder); none means always probe. */
  cacheFile?: string;
  platform?: NodeJS.Platform;
  /** Bound on the probe guest's marker; a working accelerator shows it in well under a second. */
  timeoutMs?: number;
}

interface CacheEntry extends AccelVerdict {
  key: string;
  at: string;
}

/** The accelerator to boot with: the cached verdict while the host is unchanged, else a fresh probe. */
export async function chooseAccelerator(qemu: string, o: ProbeOptions = {}): Promise<AccelVerdict & { cached: boolean }> {
  const platform = o.platform ?? process.platform;
  const key = await hostKey(qemu, platform);
  if (o.cacheFile) {
    const cached = await readFile(o.cacheFile, 'utf8').then((t) => JSON.parse(t) as CacheEntry, () => null);
    if (cached && cached.key === key && cached.accelerator) return { accelerator: cached.accelerator, notice: cached.notice, detail: cached.detail, cached: true };
  }
  const hw = hardwareAccelerator(platform);
  const device = hw ? await deviceState(platform) : 'absent';
  const run = hw && device === 'usable' ? await runGuestProbe(qemu, hw, o.timeoutMs ?? 6000) : null;
  const v = verdict(hw, device, run);
  if (o.cacheFile) await rememberVerdict(o.cacheFile, key, v);
  return { ...v, cached: false };
}

/** Keeps a verdict for this host (also when a real boot overturned the probe's). */
export async function rememberVerdict(cacheFile: string, key: string, v: AccelVerdict): Promise<void> {
  const entry: CacheEntry = { ...v, key, at: new Date().toISOString() };
  await mkdir(dirname(cacheFile), { recursive: true });
  await writeFile(cacheFile, JSON.stringify(entry, null, 2) + '\n').catch(() => undefined);
}
