import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import { BerthError } from '../rpc/errors';

import { helperLabel } from '../../../shared/labels';

export { helperLabel };

/** Which Berth process made a helper: a reconnect removes the helpers a crashed Berth left, never this one's live ones. */
export const helperOwnerLabel = 'io.berth.helper.owner';
const helperOwner = randomUUID();

/** The labels of a helper container this process makes for `role`. */
export function helperLabels(role: string): Record<string, string> {
  return { [helperLabel]: role, [helperOwnerLabel]: helperOwner };
}

/**
 * A container that is created but never started, so the engine's archive endpoint can read a
 * volume through it. Any local image will do (it need not have a shell): Berth picks the smallest.
 */
export async function withVolumeHelper<T>(docker: Docker, volume: string, use: (container: Docker.Container) => Promise<T>): Promise<T> {
  const images = await docker.listImages();
  const image = images.filter((i) => i.Id).sort((a, b) => a.Size - b.Size)[0];
  if (!image) {
    throw new BerthError('conflict', 'Browsing a volume needs any local image (Berth makes a container from it that never runs). Pull or build one first.');
  }
  const container = await docker.createContainer({
    Image: image.Id,
    // Never started; an entrypoint is set only because the engine wants one when the image has none.
    Entrypoint: ['/berth-volume-helper-never-started'],
    Labels: helperLabels('volume-browse'),
    NetworkDisabled: true,
    HostConfig: { Mounts: [{ Type: 'volume', Source: volume, Target: '/volume', ReadOnly: true }], NetworkMode: 'none' },
  });
  try {
    return await use(container);
  } finally {
    await container.remove({ force: true, v: false }).catch(() => undefined);
  }
}

/**
 * Removes helpers left behind by a crash: those another (earlier) Berth process made. This one's are
 * in use (a debug shell, a command in the VM, the cluster's watcher) and stay, however often the
 * engine reconnects.
 */
export async function removeStaleHelpers(docker: Docker): Promise<number> {
  const stale = (await docker.listContainers({ all: true, filters: JSON.stringify({ label: [helperLabel] }) })).filter((c) => c.Labels?.[helperOwnerLabel] !== helperOwner);
  await Promise.all(stale.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  return stale.length;
}
