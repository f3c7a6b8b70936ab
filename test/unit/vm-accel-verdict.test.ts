import { describe, expect, it } from 'vitest';
import { cpuModel } from '../../electron/backend/vm/qemu';
import { hardwareAccelerator, noHardwareNotice, probeArgs, probeBootSector, probeMarker, verdict } from '../../electron/backend/vm/accel-probe';

describe('accelerator verdict', () => {
  const ran = { ran: true, ms: 180, detail: 'the guest ran' };
  const silent = { ran: false, ms: 6000, detail: 'the guest printed nothing within 6 s' };

  it('uses the hardware accelerator only when the probe guest ran under it', () => {
    expect(verdict('kvm', 'usable', ran)).toMatchObject({ accelerator: 'kvm', notice: null });
    expect(verdict('hvf', 'usable', ran).accelerator).toBe('hvf');
    expect(verdict('whpx', 'usable', ran).accelerator).toBe('whpx');
  });

  it('says that hardware virtualisation is present but does not run guests, and why', () => {
    const v = verdict('kvm', 'usable', silent);
    expect(v.accelerator).toBe('tcg');
    expect(v.notice).toMatch(/hardware virtualisation \(KVM\) is present but does not run guests.*software emulation/);
    expect(v.detail).toMatch(/printed nothing within 6 s/);
    expect(verdict('whpx', 'usable', { ran: false, ms: 40, detail: 'WHPX: No accelerator found' }).detail).toMatch(/WHPX: No accelerator found/);
  });

  it('tells a missing /dev/kvm from one this user may not open', () => {
    expect(verdict('kvm', 'absent', null)).toMatchObject({ accelerator: 'tcg', notice: noHardwareNotice });
    expect(verdict(null, 'absent', null)).toMatchObject({ accelerator: 'tcg', notice: noHardwareNotice });
    expect(verdict('kvm', 'denied', null).notice).toMatch(/may not use it.*kvm group/);
  });

  it('knows which accelerator each platform could have', () => {
    expect(hardwareAccelerator('linux')).toBe('kvm');
    expect(hardwareAccelerator('darwin')).toBe('hvf');
    expect(hardwareAccelerator('win32')).toBe('whpx');
    expect(hardwareAccelerator('freebsd')).toBeNull();
  });
});

describe('the probe guest', () => {
  it('is one boot sector that prints the marker on COM1 and exits through isa-debug-exit', () => {
    const s = probeBootSector();
    expect(s.length).toBe(512);
    expect([s[510], s[511]]).toEqual([0x55, 0xaa]);
    const msgAt = s.readUInt16LE(7) - 0x7c00; // the operand of `mov si, msg`
    expect(s.subarray(msgAt, msgAt + probeMarker.length).toString('latin1')).toBe(probeMarker);
    expect(s.includes(Buffer.from([0xba, 0xf8, 0x03]))).toBe(true); // mov dx, 0x3f8
    expect(s.includes(Buffer.from([0xe6, 0xf4]))).toBe(true); // out 0xf4, al
  });

  it('boots with the CPU model the VM itself uses under each accelerator', () => {
    expect(probeArgs('kvm', '/x')).toEqual(expect.arrayContaining(['-accel', 'kvm', '-cpu', 'host', '-M', 'q35', '-serial', 'stdio']));
    expect(probeArgs('tcg', '/x')).toEqual(expect.arrayContaining(['-accel', 'tcg', '-cpu', 'max']));
    expect(probeArgs('hvf', '/x')).toEqual(expect.arrayContaining(['-cpu', cpuModel('hvf')]));
  });
});
