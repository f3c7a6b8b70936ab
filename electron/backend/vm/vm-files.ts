import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, stat, truncate, writeFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTlsMaterial, type TlsMaterial } from './pki';

const exec = promisify(execFile);

/** Where the VM keeps its things under Berth's data folder. */
export class VmFiles {
  readonly root: string;
  readonly runDir: string;
  readonly certDir: string;
  readonly consoleLog: string;
  readonly stateFile: string;
  /** The accelerator verdict for this host (accel-probe.ts), kept until the host changes. */
  readonly acceleratorFile: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'vm');
    this.runDir = join(this.root, 'run');
    this.certDir = join(this.root, 'certs');
    this.consoleLog = join(this.root, 'console.log');
    this.stateFile = join(this.root, 'state.json');
    this.acceleratorFile = join(this.root, 'accelerator.json');
  }

  async prepare(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    await mkdir(this.runDir, { recursive: true, mode: 0o700 });
    await mkdir(this.certDir, { recursive: true, mode: 0o700 });
  }

  /** The per-installation TLS material, created on first use and kept (private keys 0600). */
  async tls(): Promise<TlsMaterial> {
    const names: (keyof TlsMaterial)[] = ['caCert', 'caKey', 'serverCert', 'serverKey', 'clientCert', 'clientKey'];
    try {
      const values = await Promise.all(names.map((n) => readFile(join(this.certDir, `${n}.pem`), 'utf8')));
      return Object.fromEntries(names.map((n, i) => [n, values[i]])) as unknown as TlsMaterial;
    } catch {
      const material = await createTlsMaterial();
      for (const n of names) await writeFile(join(this.certDir, `${n}.pem`), material[n], { mode: n.endsWith('Key') ? 0o600 : 0o644 });
      return material;
    }
  }

  /** The guest's copies (fw_cfg files): CA, server certificate and key. */
  guestFiles(): Record<string, string> {
    return { 'ca.pem': join(this.certDir, 'caCert.pem'), 'server-cert.pem': join(this.certDir, 'serverCert.pem'), 'server-key.pem': join(this.certDir, 'serverKey.pem') };
  }

  /**
   * The data disk: qcow2 through qemu-img when there is one, else a sparse raw file. Grown when the
   * setting grew (the guest grows its filesystem at boot); never shrunk.
   */
  async dataDisk(sizeGiB: number, qemuImg: string | null): Promise<{ path: string; format: 'qcow2' | 'raw' }> {
    const qcow2 = join(this.root, 'data.qcow2');
    const raw = join(this.root, 'data.raw');
    const bytes = sizeGiB * 1024 ** 3;
    if (await exists(qcow2)) {
      if (qemuImg) {
        const { stdout } = await exec(qemuImg, ['info', '--output=json', qcow2]);
        const virtual = (JSON.parse(stdout) as { 'virtual-size': number })['virtual-size'];
        if (virtual < bytes) await exec(qemuImg, ['resize', qcow2, String(bytes)]);
      }
      return { path: qcow2, format: 'qcow2' };
    }
    if (await exists(raw)) {
      if ((await stat(raw)).size < bytes) await truncate(raw, bytes);
      return { path: raw, format: 'raw' };
    }
    if (qemuImg) {
      await exec(qemuImg, ['create', '-q', '-f', 'qcow2', qcow2, String(bytes)]);
      return { path: qcow2, format: 'qcow2' };
    }
    const handle = await open(raw, 'w', 0o600);
    await handle.truncate(bytes);
    await handle.close();
    return { path: raw, format: 'raw' };
  }

  async readState(): Promise<{ enginePort?: number }> {
    try {
      return JSON.parse(await readFile(this.stateFile, 'utf8')) as { enginePort?: number };
    } catch {
      return {};
    }
  }

  async writeState(state: { enginePort: number }): Promise<void> {
    await writeFile(this.stateFile, JSON.stringify(state));
  }

  /** Factory reset: the data disk, the certificates, the state and the accelerator verdict go; the console log stays for reference. */
  async wipe(): Promise<void> {
    for (const f of ['data.qcow2', 'data.raw', 'state.json', 'accelerator.json']) await rm(join(this.root, f), { force: true });
    await rm(this.certDir, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
