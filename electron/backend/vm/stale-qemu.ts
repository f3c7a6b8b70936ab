import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger';
import { QmpClient } from './qmp';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A qemu left running by a Berth that crashed: found by its pidfile in `runDir`, asked to quit, else killed. */
export async function stopStaleQemu(runDir: string, log: Logger): Promise<void> {
  const pidfile = join(runDir, 'qemu.pid');
  const pid = Number((await readFile(pidfile, 'utf8').catch(() => '')).trim());
  if (!pid || !alive(pid)) {
    await rm(pidfile, { force: true });
    return;
  }
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (cmdline && !cmdline.includes(runDir)) return; // a pid reused by something else
  log.warn(`stopping a VM left running by an earlier Berth (pid ${pid})`);
  const stale = await QmpClient.connect(join(runDir, 'qmp.sock'), 2000).catch(() => null);
  await stale?.command('quit').catch(() => undefined);
  stale?.close();
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  await rm(pidfile, { force: true });
}
