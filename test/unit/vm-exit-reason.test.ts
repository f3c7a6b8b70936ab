import { describe, expect, it } from 'vitest';
import { exitReason, guestReason } from '../../electron/backend/vm/console-watch';

describe('why a VM ended, from qemu and the console', () => {
  it('names a clean qemu exit as the guest ending itself, and a signal as a kill', () => {
    expect(exitReason(0, null)).toMatch(/guest powered off or reset itself/);
    expect(exitReason(1, null)).toBe('exited with code 1');
    expect(exitReason(null, 'SIGKILL')).toBe('was killed by SIGKILL');
  });

  it('prefers a panic over Berth errors and power-off lines, and falls back to the last line', () => {
    const panic = ['BERTH-INIT', 'BERTH-ERROR stage1: insmod virtio_blk', 'Kernel panic - not syncing: Attempted to kill init!', 'reboot: Restarting system'];
    expect(guestReason(panic)).toMatch(/Kernel panic - not syncing/);
    expect(guestReason(['BERTH-INIT', 'BERTH-ERROR stage1: no root disk', 'reboot: Power down'])).toMatch(/BERTH-ERROR stage1: no root disk/);
    expect(guestReason(['BERTH-STAGE2 t=3.1', 'BERTH-READY', '  '])).toBe('The console\'s last line: "BERTH-READY".');
    expect(guestReason([])).toBe('The console is empty.');
  });
});
