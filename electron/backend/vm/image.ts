import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BerthError } from '../rpc/errors';

export interface VmImage {
  dir: string;
  kernel: string;
  initrd: string;
  rootfs: string;
  cmdline: { kvm: string; tcg: string };
  versions: { kernel: string; docker: string; containerd: string };
}

interface Manifest {
  kernel_version?: string;
  kernel_cmdline?: string;
  kernel_cmdline_tcg?: string;
  components?: Record<string, string>;
  artefacts?: Record<string, { file: string; size: number; sha256: string }>;
}

const buildHint = 'Build it with "npm run vm:build" (it assembles the image from Debian packages), or reinstall Berth.';

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The VM image: the first of `dirs` that has a manifest.json, with every artefact checked against
 * the manifest's size and sha256 (a damaged or half-copied image says so instead of booting badly).
 */
export async function loadImage(dirs: string[], verify = true): Promise<VmImage> {
  for (const dir of dirs) {
    let manifest: Manifest;
    try {
      manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    } catch {
      continue;
    }
    const artefacts = manifest.artefacts ?? {};
    const needed = ['kernel', 'initrd', 'rootfs'] as const;
    const paths: Record<string, string> = {};
    for (const name of needed) {
      const a = artefacts[name];
      if (!a) throw new BerthError('not-found', `The VM image in ${dir} has no ${name} in its manifest. ${buildHint}`);
      const path = join(dir, a.file);
      const info = await stat(path).catch(() => null);
      if (!info) throw new BerthError('not-found', `The VM image in ${dir} is missing ${a.file}. ${buildHint}`);
      if (info.size !== a.size) throw new BerthError('engine-error', `The VM image's ${a.file} has ${info.size} bytes, not the ${a.size} its manifest says: it is damaged or was not copied whole. ${buildHint}`);
      if (verify && (await sha256(path)) !== a.sha256) throw new BerthError('engine-error', `The VM image's ${a.file} does not match its checksum: it is damaged. ${buildHint}`);
      paths[name] = path;
    }
    const base = manifest.kernel_cmdline ?? 'console=ttyS0 apparmor=0 quiet panic=-1';
    return {
      dir,
      kernel: paths.kernel!,
      initrd: paths.initrd!,
      rootfs: paths.rootfs!,
      cmdline: { kvm: base, tcg: manifest.kernel_cmdline_tcg ?? `${base} norandmaps` },
      versions: { kernel: manifest.kernel_version ?? '', docker: manifest.components?.docker ?? '', containerd: manifest.components?.containerd ?? '' },
    };
  }
  throw new BerthError('not-found', `Berth's VM image was not found (looked in ${dirs.join(', ')}). ${buildHint}`);
}
