/**
 * The accelerator probe with the real qemu: it boots a guest (one boot sector) and believes an
 * accelerator only when that guest prints. A /dev/kvm that opens but cannot run guests is made
 * here by a private mount namespace with /dev/null's device standing in for /dev/kvm; no mock.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chooseAccelerator, runGuestProbe } from '../../electron/backend/vm/accel-probe';
import { findQemu } from '../../electron/backend/vm/qemu';

const exec = promisify(execFile);
const fixture = resolve('test/vm/fixtures/choose-accelerator.ts');
const tsx = resolve('node_modules/.bin/tsx');

/** chooseAccelerator in a mount namespace of its own where /dev/kvm opens but is not KVM. */
async function withDeadKvm(qemu: string): Promise<{ accelerator: string; notice: string | null; detail: string }> {
  const script = [
    'set -e',
    // Where the host has /dev/kvm, cover it; where it has none, give this namespace a /dev with one.
    'if [ -e /dev/kvm ]; then mount --bind /dev/null /dev/kvm; else',
    '  d=$(mktemp -d); mount -t tmpfs -o mode=755 berth-dev "$d"; cp -a /dev/null /dev/zero /dev/full /dev/random /dev/urandom "$d"/',
    '  mknod -m 666 "$d/kvm" c 1 3; mount --bind "$d" /dev; fi',
    'exec "$0" "$@"',
  ].join('\n');
  const { stdout } = await exec('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, tsx, fixture, qemu], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('accelerator probe (real qemu)', () => {
  it('sees the probe guest run under software emulation, in well under the bound', async () => {
    const { qemu } = await findQemu([]);
    const run = await runGuestProbe(qemu, 'tcg', 10_000);
    expect(run).toMatchObject({ ran: true, detail: 'the guest ran' });
    expect(run.ms).toBeLessThan(10_000);
  });

  it('falls back to software emulation, and says why, where /dev/kvm opens but cannot run guests', async () => {
    const { qemu } = await findQemu([]);
    const started = Date.now();
    const v = await withDeadKvm(qemu);
    expect(v.accelerator).toBe('tcg');
    expect(v.notice).toMatch(/hardware virtualisation \(KVM\) is present but does not run guests here.*software emulation/);
    expect(v.detail).toMatch(/KVM did not run the probe guest: \S/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('keeps its verdict per host, and probes again when the host changed', async () => {
    const { qemu } = await findQemu([]);
    const dir = await mkdtemp('/tmp/berth-accel-');
    const cacheFile = join(dir, 'accelerator.json');
    try {
      const first = await chooseAccelerator(qemu, { cacheFile });
      expect(first.cached).toBe(false);
      const kept = JSON.parse(await readFile(cacheFile, 'utf8')) as { key: string; accelerator: string };
      expect(kept.accelerator).toBe(first.accelerator);
      expect(kept.key).toContain(JSON.stringify((await exec('uname', ['-r'])).stdout.trim()));
      expect(await chooseAccelerator(qemu, { cacheFile })).toMatchObject({ accelerator: first.accelerator, cached: true });
      // Another kernel (or qemu, or /dev/kvm) is another host: the verdict is made again.
      await writeFile(cacheFile, JSON.stringify({ ...kept, key: kept.key.replace(/"kernel":"[^"]*"/, '"kernel":"0.0.0-other"'), accelerator: first.accelerator === 'tcg' ? 'kvm' : 'tcg' }));
      const again = await chooseAccelerator(qemu, { cacheFile });
      expect(again).toMatchObject({ accelerator: first.accelerator, cached: false });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
