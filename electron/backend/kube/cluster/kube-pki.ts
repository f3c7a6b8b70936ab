/**
 * The cluster's PKI, made by the backend on first enable and kept with Berth's data: a CA, the API
 * server's serving certificate, client certificates for the admin and each component, the
 * kubelet's serving certificate, and the service-account key pair. ECDSA P-256 via WebCrypto.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as never);
const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
type KeyPair = webcrypto.CryptoKeyPair;

export interface CertPair {
  cert: string;
  key: string;
}

export interface ClusterPki {
  ca: CertPair;
  apiserver: CertPair;
  apiserverKubeletClient: CertPair;
  admin: CertPair;
  controllerManager: CertPair;
  scheduler: CertPair;
  kubelet: CertPair;
  kubeletServing: CertPair;
  kubeProxy: CertPair;
  serviceAccount: { key: string; pub: string };
}

async function keys(): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as KeyPair;
}

function pem(label: string, der: ArrayBuffer): string {
  return `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;
}

const serial = (): string => Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');

export async function createClusterPki(o: { nodeName: string; nodeIp: string; serviceIp: string; domain: string }): Promise<ClusterPki> {
  const notBefore = new Date(Date.now() - 86_400_000);
  const notAfter = new Date(Date.now() + 3650 * 86_400_000);
  const caKeys = await keys();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=berth-kubernetes-ca',
    notBefore,
    notAfter,
    keys: caKeys as never,
    signingAlgorithm: algorithm,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true)],
  });
  const issue = async (subject: string, sans: x509.JsonGeneralName[] = []): Promise<CertPair> => {
    const k = await keys();
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth], false),
    ];
    if (sans.length) extensions.push(new x509.SubjectAlternativeNameExtension(sans, false));
    const cert = await x509.X509CertificateGenerator.create({ serialNumber: serial(), subject, issuer: ca.subject, notBefore, notAfter, signingKey: caKeys.privateKey as never, publicKey: k.publicKey as never, signingAlgorithm: algorithm, extensions });
    return { cert: cert.toString('pem'), key: pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', k.privateKey)) };
  };
  const dns = (value: string): x509.JsonGeneralName => ({ type: 'dns', value });
  const ip = (value: string): x509.JsonGeneralName => ({ type: 'ip', value });
  const sa = await keys();
  return {
    ca: { cert: ca.toString('pem'), key: pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', caKeys.privateKey)) },
    apiserver: await issue('CN=kube-apiserver', [
      dns('kubernetes'),
      dns('kubernetes.default'),
      dns('kubernetes.default.svc'),
      dns(`kubernetes.default.svc.${o.domain}`),
      dns('localhost'),
      dns(o.nodeName),
      ip('127.0.0.1'),
      ip(o.nodeIp),
      ip(o.serviceIp),
    ]),
    apiserverKubeletClient: await issue('O=system:masters, CN=kube-apiserver-kubelet-client'),
    admin: await issue('O=system:masters, CN=berth-admin'),
    controllerManager: await issue('CN=system:kube-controller-manager'),
    scheduler: await issue('CN=system:kube-scheduler'),
    kubelet: await issue(`O=system:nodes, CN=system:node:${o.nodeName}`),
    kubeletServing: await issue(`CN=${o.nodeName}`, [dns(o.nodeName), dns('localhost'), ip(o.nodeIp), ip('127.0.0.1')]),
    kubeProxy: await issue('CN=system:kube-proxy'),
    serviceAccount: { key: pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', sa.privateKey)), pub: pem('PUBLIC KEY', await webcrypto.subtle.exportKey('spki', sa.publicKey)) },
  };
}

export function kubeconfig(server: string, ca: string, user: CertPair, name = 'berth'): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server, 'certificate-authority-data': b64(ca) } }],
    users: [{ name, user: { 'client-certificate-data': b64(user.cert), 'client-key-data': b64(user.key) } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
  });
}
