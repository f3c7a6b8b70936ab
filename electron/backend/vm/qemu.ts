import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { Accelerator } from '../../../shared/models';
import { BerthError } from '../rpc/errors';

const binary = process.platform === 'win32' ? 'qemu-system-x86_64.exe' : 'qemu-system-x86_64';

const installHints: Record<string, string> = {
  linux: 'Install it with your package manager (Debian/Ubuntu: sudo apt install qemu-system-x86 qemu-utils; Fedora: sudo dnf install qemu-kvm qemu-img).',
  darwin: 'Install it with Homebrew: brew install qemu.',
  win32: 'Install QEMU for Windows (qemu.org/download) and add its folder to PATH.',
};

async function executable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** qemu from the app's own resources first, then PATH; a clear message and the install hint when absent. */
export async function findQemu(resourceDirs: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ qemu: string; qemuImg: string | null }> {
  const dirs = [...resourceDirs, ...(env.PATH ?? '').split(delimiter).filter(Boolean)];
  let qemu: string | null = null;
  for (const dir of dirs) {
    if (await executable(join(dir, binary))) {
      qemu = join(dir, binary);
      break;
    }
  }
  if (!qemu) {
    throw new BerthError('not-found', `Berth's VM needs QEMU (${binary}), which is not installed. ${installHints[process.platform] ?? installHints.linux}`);
  }
  const imgName = process.platform === 'win32' ? 'qemu-img.exe' : 'qemu-img';
  let qemuImg: string | null = null;
  for (const dir of dirs) {
    if (await executable(join(dir, imgName))) {
      qemuImg = join(dir, imgName);
      break;
    }
  }
  return { qemu, qemuImg };
}

/** The CPU model the VM boots with under each accelerator (the probe uses the same, so its verdict holds). */
export function cpuModel(accelerator: Accelerator): string {
  return accelerator === 'kvm' ? 'host' : 'max';
}

export interface QemuConfig {
  kernel: string;
  initrd: string;
  rootfs: string;
  dataDisk: string;
  dataDiskFormat: 'qcow2' | 'raw';
  cmdline: string;
  accelerator: Accelerator;
  cpus: number;
  memoryMiB: number;
  /** Host loopback port forwarded to dockerd's 2376 in the guest. */
  enginePort: number;
  runDir: string;
  consoleLog: string;
  /** fw_cfg files: name (under opt/berth/) → host path. */
  files: Record<string, string>;
  /** Host folders shared with virtiofs (vhost-user sockets already served by virtiofsd). */
  shares?: { tag: string; socket: string }[];
  /** The Kubernetes bundle (a read-only squashfs the guest mounts at /opt/berth/kube), when there is one. */
  kubeBundle?: string;
}

/** The qemu command line for Berth's VM (resources/vm/README.md, "Guest contract"). */
export function qemuArgs(c: QemuConfig): string[] {
  const accel = c.accelerator === 'tcg' ? 'tcg,tb-size=256' : c.accelerator;
  const args = [
    '-name', 'berth-vm',
    '-M', 'q35',
    '-accel', accel,
    '-cpu', cpuModel(c.accelerator),
    '-smp', String(c.cpus),
    '-m', `${c.memoryMiB}`,
    '-nodefaults', '-no-user-config', '-display', 'none', '-no-reboot',
    '-kernel', c.kernel,
    '-initrd', c.initrd,
    '-append', c.cmdline,
    '-drive', `if=none,id=data,file=${c.dataDisk},format=${c.dataDiskFormat},discard=unmap`,
    '-device', 'virtio-blk-pci,drive=data,serial=berth-data',
    '-drive', `if=none,id=root,file=${c.rootfs},format=raw,readonly=on`,
    '-device', 'virtio-blk-pci,drive=root,serial=berth-root',
    '-netdev', `user,id=net0,hostfwd=tcp:127.0.0.1:${c.enginePort}-:2376`,
    '-device', 'virtio-net-pci,netdev=net0',
    '-device', 'virtio-rng-pci',
    '-device', 'virtio-balloon-pci,free-page-reporting=on',
    '-device', 'virtio-serial-pci',
    '-chardev', `socket,id=hvc,path=${join(c.runDir, 'hvc.sock')},server=on,wait=off`,
    '-device', 'virtconsole,chardev=hvc',
    '-serial', `file:${c.consoleLog}`,
    '-qmp', `unix:${join(c.runDir, 'qmp.sock')},server=on,wait=off`,
    '-pidfile', join(c.runDir, 'qemu.pid'),
  ];
  if (c.kubeBundle) args.push('-drive', `if=none,id=kube,file=${c.kubeBundle},format=raw,readonly=on`, '-device', 'virtio-blk-pci,drive=kube,serial=berth-kube');
  for (const [name, path] of Object.entries(c.files)) args.push('-fw_cfg', `name=opt/berth/${name},file=${path}`);
  if (c.shares?.length) {
    // virtiofs needs the guest's memory shared with virtiofsd.
    args.push('-object', `memory-backend-memfd,id=mem,size=${c.memoryMiB}M,share=on`, '-numa', 'node,memdev=mem');
    c.shares.forEach((s, i) => args.push('-chardev', `socket,id=fs${i},path=${s.socket}`, '-device', `vhost-user-fs-pci,chardev=fs${i},tag=${s.tag}`));
  }
  return args;
}
