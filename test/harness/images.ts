/**
 * Base images made locally: nothing is ever pulled. The busybox image is Debian's busybox-static
 * binary with a link per applet, imported with `docker import`.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, mkdir, copyFile, symlink, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestEngine } from './dockerd';

const exec = promisify(execFile);
export const busyboxImage = 'berth-test/busybox:latest';
const busyboxBinary = '/bin/busybox';

export async function importBusybox(engine: TestEngine, tag = busyboxImage): Promise<string> {
  const root = await mkdtemp('/tmp/berth-busybox-');
  try {
    await mkdir(join(root, 'bin'));
    await mkdir(join(root, 'tmp'));
    await copyFile(busyboxBinary, join(root, 'bin', 'busybox'));
    const { stdout } = await exec(busyboxBinary, ['--list']);
    for (const applet of stdout.split('\n').map((s) => s.trim())) {
      if (applet && applet !== 'busybox') await symlink('busybox', join(root, 'bin', applet));
    }
    // tar streams straight into `docker import`: argv only, no shell.
    const env = { ...process.env, DOCKER_HOST: engine.host };
    const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const imp = spawn('docker', ['import', '--change', 'CMD ["sh"]', '-', tag], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    tar.stdout.pipe(imp.stdin);
    let out = '';
    let err = '';
    imp.stdout.on('data', (d: Buffer) => (out += d.toString()));
    imp.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => imp.on('close', resolve));
    if (code !== 0) throw new Error(`docker import failed: ${err.trim()}. Is busybox-static installed (${busyboxBinary})?`);
    return out.trim();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
