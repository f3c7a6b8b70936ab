import { describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, readdir, writeFile, rm } from 'node:fs/promises';
import { X509Certificate, createPublicKey, createPrivateKey, verify, sign } from 'node:crypto';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { mergeKubeconfig, userKubeconfigPath } from '../../electron/backend/kube/cluster/kubeconfig-merge';
import { createClusterPki } from '../../electron/backend/kube/cluster/kube-pki';
import { writeTar } from '../../electron/backend/archive/tar-writer';
import { readTar } from '../../electron/backend/archive/tar-reader';
import { findKubeBundle } from '../../electron/backend/vm/kube-bundle';
import { componentsMessage, parseComponents } from '../../electron/backend/kube/cluster/cluster-manager';

const ours = { server: 'https://127.0.0.1:6443', caData: 'Q0E=', certData: 'Q0VSVA==', keyData: 'S0VZ' };

async function temp(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'berth-kubeconfig-'));
}

describe('kubeconfig merge', () => {
  it('creates the file with the berth context current when there is none', async () => {
    const dir = await temp();
    const path = join(dir, '.kube', 'config');
    const r = await mergeKubeconfig(ours, { path });
    expect(r).toMatchObject({ path, notice: null, currentContextSet: true });
    const doc = parse(await readFile(path, 'utf8'));
    expect(doc['current-context']).toBe('berth');
    expect(doc.clusters).toEqual([{ name: 'berth', cluster: { server: ours.server, 'certificate-authority-data': 'Q0E=' } }]);
    await rm(dir, { recursive: true });
  });

  it('keeps the user’s clusters and current context, and replaces only its own entries on the next merge', async () => {
    const dir = await temp();
    const path = join(dir, 'config');
    await writeFile(path, 'apiVersion: v1\nkind: Config\ncurrent-context: work\npreferences: {colors: true}\nclusters:\n- name: work\n  cluster: {server: "https://10.0.0.1"}\ncontexts:\n- name: work\n  context: {cluster: work, user: me}\nusers:\n- name: me\n  user: {token: t}\n');
    await mergeKubeconfig(ours, { path });
    const second = await mergeKubeconfig({ ...ours, server: 'https://127.0.0.1:6444' }, { path });
    expect(second.currentContextSet).toBe(false);
    const doc = parse(await readFile(path, 'utf8'));
    expect(doc['current-context']).toBe('work');
    expect(doc.preferences).toEqual({ colors: true });
    expect(doc.clusters.map((c: { name: string }) => c.name)).toEqual(['work', 'berth']);
    expect(doc.clusters[1].cluster.server).toBe('https://127.0.0.1:6444');
    expect(doc.contexts).toHaveLength(2);
    expect(doc.users).toHaveLength(2);
    await rm(dir, { recursive: true });
  });

  it('never overwrites a file it cannot read as a kubeconfig: backs it up and writes its own beside it', async () => {
    const dir = await temp();
    const path = join(dir, 'config');
    const broken = 'clusters: [unclosed\n  : : :';
    await writeFile(path, broken);
    const r = await mergeKubeconfig(ours, { path });
    expect(await readFile(path, 'utf8')).toBe(broken);
    expect(r.path).toBe(join(dir, 'berth.config'));
    expect(r.notice).toMatch(/not a kubeconfig Berth can read/);
    const files = await readdir(dir);
    const backup = files.find((f) => f.startsWith('config.berth-backup-'));
    expect(backup).toBeTruthy();
    expect(await readFile(join(dir, backup!), 'utf8')).toBe(broken);
    expect(parse(await readFile(r.path, 'utf8'))['current-context']).toBe('berth');
    await rm(dir, { recursive: true });
  });

  it('finds the file kubectl reads first', () => {
    expect(userKubeconfigPath({ KUBECONFIG: '/a/one:/b/two' }, '/home/u')).toBe('/a/one');
    expect(userKubeconfigPath({}, '/home/u')).toBe('/home/u/.kube/config');
  });
});

describe('cluster PKI', () => {
  it('signs every certificate with its CA, with the names the components check', async () => {
    const pki = await createClusterPki({ nodeName: 'berth', nodeIp: '10.0.2.15', serviceIp: '10.96.0.1', domain: 'cluster.local' });
    const ca = new X509Certificate(pki.ca.cert);
    expect(ca.ca).toBe(true);
    for (const name of ['apiserver', 'admin', 'controllerManager', 'scheduler', 'kubelet', 'kubeletServing', 'kubeProxy', 'apiserverKubeletClient'] as const) {
      const cert = new X509Certificate(pki[name].cert);
      expect(cert.verify(ca.publicKey), name).toBe(true);
      expect(cert.checkPrivateKey(createPrivateKey(pki[name].key)), name).toBe(true);
    }
    const api = new X509Certificate(pki.apiserver.cert);
    expect(api.subjectAltName).toMatch(/IP Address:127\.0\.0\.1/);
    expect(api.subjectAltName).toMatch(/IP Address:10\.96\.0\.1/);
    expect(api.subjectAltName).toMatch(/DNS:kubernetes\.default\.svc\.cluster\.local/);
    expect(new X509Certificate(pki.admin.cert).subject).toMatch(/O=system:masters/);
    expect(new X509Certificate(pki.kubelet.cert).subject).toMatch(/CN=system:node:berth/);
    const data = Buffer.from('token');
    expect(verify('sha256', data, createPublicKey(pki.serviceAccount.pub), sign('sha256', data, createPrivateKey(pki.serviceAccount.key)))).toBe(true);
  });
});

describe('tar writer', () => {
  it('writes files and folders our own reader reads back, modes included', async () => {
    const tar = writeTar([{ path: 'kube/' }, { path: 'kube/pki/ca.key', content: 'secret', mode: 0o600 }, { path: 'kube/run.sh', content: Buffer.from('#!/bin/sh\n'), mode: 0o755 }]);
    expect(tar.length % 512).toBe(0);
    const seen: { path: string; type: string; mode: number; body: string }[] = [];
    await readTar(Readable.from([tar]), {
      entry: (h) => {
        seen.push({ path: h.path, type: h.type, mode: h.mode, body: '' });
        return h.size;
      },
      content: (_h, chunk) => {
        seen[seen.length - 1]!.body += chunk.toString();
      },
    });
    expect(seen).toEqual([
      { path: 'kube/', type: 'directory', mode: 0o755, body: '' },
      { path: 'kube/pki/ca.key', type: 'file', mode: 0o600, body: 'secret' },
      { path: 'kube/run.sh', type: 'file', mode: 0o755, body: '#!/bin/sh\n' },
    ]);
    expect(() => writeTar([{ path: `${'x'.repeat(101)}` }])).toThrow(/too long/);
  });
});

describe('Kubernetes bundle discovery', () => {
  it('takes the first complete bundle, and passes over one whose squashfs is cut short, saying so', async () => {
    const root = await temp();
    const make = async (name: string, size: number, written: number): Promise<string> => {
      const dir = join(root, name);
      await mkdir(join(dir), { recursive: true });
      await writeFile(join(dir, 'kube.squashfs'), Buffer.alloc(written));
      await writeFile(join(dir, 'bundle.json'), JSON.stringify({ kubernetes: 'v1.37.2', etcd: 'v3.7.3', coredns: 'v1.15.0', criDockerd: 'v0.4.0', pause: '3.10.2', squashfs: { file: 'kube.squashfs', size }, images: {} }));
      return dir;
    };
    const cut = await make('cut', 4096, 1000);
    const good = await make('good', 2048, 2048);
    const warnings: string[] = [];
    const found = await findKubeBundle([join(root, 'absent'), cut, good], (m) => warnings.push(m));
    expect(found).toMatchObject({ dir: good, squashfs: join(good, 'kube.squashfs'), versions: { kubernetes: 'v1.37.2' } });
    expect(warnings).toEqual([expect.stringMatching(/incomplete .*1000 bytes, not 4096.*npm run kube:bundle/)]);
    expect(await findKubeBundle([join(root, 'absent')])).toBeNull();
    await rm(root, { recursive: true });
  });
});

describe('the supervisor’s report of the cluster’s components', () => {
  it('reads svc status lines, restarts included, and says a crash and the restart', () => {
    const list = parseComponents('kube-etcd up pid 812;kube-scheduler up pid 990 restarts 2 exit 137;kube-proxy exited 1 restarts 1 exit 1;');
    expect(list).toEqual([
      { name: 'kube-etcd', state: 'up pid 812', restarts: 0, lastExit: null },
      { name: 'kube-scheduler', state: 'up pid 990', restarts: 2, lastExit: '137' },
      { name: 'kube-proxy', state: 'exited 1', restarts: 1, lastExit: '1' },
    ]);
    expect(componentsMessage(list, 'v1.37.2')).toBe("kube-proxy exited 1: the VM's supervisor is restarting it");
    expect(componentsMessage(list.slice(0, 2), 'v1.37.2')).toBe("Running Kubernetes v1.37.2 · kube-scheduler crashed (exit 137) and was restarted 2 times by the VM's supervisor");
    expect(componentsMessage(list.slice(0, 1), 'v1.37.2')).toBe('Running Kubernetes v1.37.2');
  });
});
