import type Docker from 'dockerode';
import { helperLabels } from '../../engine/helper-container';
import { BerthError } from '../../rpc/errors';
import { FrameDemuxer } from '../../engine/log-stream';

/**
 * Commands in Berth's VM itself, through its authenticated engine: a short-lived privileged helper
 * container in the VM's host namespaces (pid, net, cgroup) that enters the VM's own mount, UTS and
 * IPC namespaces through PID 1 (so services it starts mount where dockerd sees: the kubelet's
 * volumes). The helper image is any local image (the cluster's pause image); the shell is the VM's
 * own static busybox, bound in. A script that starts services first moves itself to the root
 * cgroup, so they outlive the helper.
 */
export function inVm(image: string, script: string, role: string): Docker.ContainerCreateOptions {
  return {
    Image: image,
    Entrypoint: ['/busybox'],
    Cmd: ['nsenter', '-t', '1', '-m', '-u', '-i', '--', '/bin/sh', '-c', `export PATH=/usr/sbin:/usr/bin:/sbin:/bin; ${script}`],
    Labels: helperLabels(role),
    HostConfig: {
      Privileged: true,
      PidMode: 'host',
      NetworkMode: 'host',
      CgroupnsMode: 'host',
      Binds: ['/bin/busybox:/busybox:ro'],
    } as Docker.HostConfig,
  };
}

export async function execInVm(docker: Docker, image: string, script: string, timeoutMs = 120_000): Promise<{ code: number; output: string }> {
  const container = await docker.createContainer(inVm(image, script, 'vm-exec'));
  try {
    await container.start();
    let timer: NodeJS.Timeout | undefined;
    const result = (await Promise.race([
      container.wait(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new BerthError('engine-error', `A command in the VM did not finish within ${timeoutMs / 1000} s.`)), timeoutMs);
      }),
    ])) as { StatusCode: number };
    clearTimeout(timer);
    const raw = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    const parts: Buffer[] = [];
    new FrameDemuxer((_s, data) => parts.push(Buffer.from(data))).push(raw);
    return { code: result.StatusCode, output: Buffer.concat(parts).toString('utf8') };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/** Writes files (a tar) into a folder of the VM (its data disk), through a helper container that is never started. */
export async function putInVm(docker: Docker, image: string, guestDir: string, tar: Buffer): Promise<void> {
  const container = await docker.createContainer({
    Image: image,
    Entrypoint: ['/berth-never-started'],
    Labels: helperLabels('vm-files'),
    HostConfig: { Binds: [`${guestDir}:/target`], NetworkMode: 'none' },
  });
  try {
    await container.putArchive(tar, { path: '/target' });
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
