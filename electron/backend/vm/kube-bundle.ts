import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The Kubernetes bundle (resources/kube/vm-bundle.sh): the cluster's binaries as a squashfs the VM mounts, and its images. */
export interface KubeBundle {
  dir: string;
  squashfs: string;
  versions: { kubernetes: string; etcd: string; coredns: string; criDockerd: string; pause: string };
  images: Record<'pause' | 'coredns' | 'probe', { ref: string; file: string }>;
}

interface BundleJson {
  kubernetes: string;
  etcd: string;
  coredns: string;
  criDockerd: string;
  pause: string;
  squashfs: { file: string; size: number };
  images: KubeBundle['images'];
}

/**
 * The first bundle found in these folders (the package's resources, then the user's data folder).
 * One whose squashfs is missing or not the size bundle.json says (a copy cut short) is passed
 * over with a warning rather than attached; the full sha256 is the build's to record.
 */
export async function findKubeBundle(dirs: string[], warn: (message: string) => void = () => undefined): Promise<KubeBundle | null> {
  for (const dir of dirs) {
    let b: BundleJson;
    try {
      b = JSON.parse(await readFile(join(dir, 'bundle.json'), 'utf8')) as BundleJson;
    } catch {
      continue; // not here
    }
    const squashfs = join(dir, b.squashfs.file);
    const size = await stat(squashfs).then((s) => s.size, () => -1);
    if (size !== b.squashfs.size) {
      warn(`The Kubernetes bundle in ${dir} is incomplete (${squashfs} is ${size < 0 ? 'missing' : `${size} bytes, not ${b.squashfs.size}`}): rebuild it with "npm run kube:bundle".`);
      continue;
    }
    return { dir, squashfs, versions: { kubernetes: b.kubernetes, etcd: b.etcd, coredns: b.coredns, criDockerd: b.criDockerd, pause: b.pause }, images: b.images };
  }
  return null;
}
