import { spawn, type ChildProcess } from 'node:child_process';
import { access, constants, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger';

export interface ShareServers {
  list: { tag: string; path: string; socket: string }[];
  stop(): void;
}

const candidates = ['/usr/libexec/virtiofsd', '/usr/lib/qemu/virtiofsd', '/usr/bin/virtiofsd'];

/**
 * Host folders shared into the VM with virtiofs: one virtiofsd per folder, serving a vhost-user
 * socket qemu connects to; the guest mounts each at the same path (its boot hook 20-shares).
 * Folders that do not exist, or a host without virtiofsd, are skipped with a warning.
 */
export async function startShares(folders: string[], runDir: string, log: Logger): Promise<ShareServers> {
  let daemon: string | null = null;
  for (const c of candidates) {
    if (await access(c, constants.X_OK).then(() => true, () => false)) {
      daemon = c;
      break;
    }
  }
  if (!daemon) {
    log.warn('virtiofsd is not installed: host folders are not shared with the VM');
    return { list: [], stop: () => undefined };
  }
  const children: ChildProcess[] = [];
  const list: ShareServers['list'] = [];
  for (const [i, path] of folders.entries()) {
    if (!(await stat(path).then((s) => s.isDirectory(), () => false))) {
      log.warn(`shared folder ${path} does not exist: skipped`);
      continue;
    }
    const socket = join(runDir, `fs${i}.sock`);
    const tag = `berth${i}`;
    const child = spawn(daemon, [`--socket-path=${socket}`, '-o', `source=${path}`, '-o', 'cache=auto'], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => log.debug(`virtiofsd ${tag}: ${d.toString().trim()}`));
    children.push(child);
    // virtiofsd creates its socket when it is ready for qemu.
    for (let t = 0; t < 50 && !(await stat(socket).then(() => true, () => false)); t++) await new Promise((r) => setTimeout(r, 50));
    list.push({ tag, path, socket });
  }
  return {
    list,
    stop: () => {
      for (const c of children) if (c.exitCode === null) c.kill();
    },
  };
}
