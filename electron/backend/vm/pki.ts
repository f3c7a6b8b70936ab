/**
 * Per-installation TLS material for the VM's engine: a CA, a server certificate for dockerd in the
 * guest, and a client certificate for Berth and the user's docker CLI. Built with a maintained
 * library (@peculiar/x509 over the platform's WebCrypto), ECDSA P-256.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { request } from 'node:https';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as never);

type KeyPair = webcrypto.CryptoKeyPair;
type Key = webcrypto.CryptoKey;

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const day = 86_400_000;

export interface TlsMaterial {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

async function keys(): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as KeyPair;
}

async function pemKey(key: Key): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');
}

export interface PkiOptions {
  /** Names the server certificate is valid for (dockerd is reached on loopback through qemu). */
  serverNames?: string[];
  serverIps?: string[];
  validDays?: number;
}

export async function createTlsMaterial(options: PkiOptions = {}): Promise<TlsMaterial> {
  const validDays = options.validDays ?? 3650;
  const notBefore = new Date(Date.now() - day);
  const notAfter = new Date(Date.now() + validDays * day);
  const caKeys = await keys();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=Berth local CA',
    notBefore,
    notAfter,
    keys: caKeys as never,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey as never),
    ],
  });
  const issue = async (cn: string, usage: string, sans: x509.JsonGeneralName[]): Promise<{ cert: string; key: string }> => {
    const k = await keys();
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([usage], false),
      await x509.AuthorityKeyIdentifierExtension.create(ca, false),
    ];
    if (sans.length) extensions.push(new x509.SubjectAlternativeNameExtension(sans, false));
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: `CN=${cn}`,
      issuer: ca.subject,
      notBefore,
      notAfter,
      signingKey: caKeys.privateKey as never,
      publicKey: k.publicKey as never,
      signingAlgorithm: algorithm,
      extensions,
    });
    return { cert: cert.toString('pem'), key: await pemKey(k.privateKey) };
  };
  const names = options.serverNames ?? ['localhost', 'berth-vm'];
  const ips = options.serverIps ?? ['127.0.0.1', '::1', '10.0.2.15'];
  const server = await issue('Berth engine', x509.ExtendedKeyUsage.serverAuth, [...names.map((value) => ({ type: 'dns' as const, value })), ...ips.map((value) => ({ type: 'ip' as const, value }))]);
  const client = await issue('Berth client', x509.ExtendedKeyUsage.clientAuth, []);
  return {
    caCert: ca.toString('pem'),
    caKey: await pemKey(caKeys.privateKey),
    serverCert: server.cert,
    serverKey: server.key,
    clientCert: client.cert,
    clientKey: client.key,
  };
}

/** TLS `_ping` with the client certificate: the engine is there when it answers OK. */
export function pingTls(port: number, tls: TlsMaterial, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/_ping', ca: tls.caCert, cert: tls.clientCert, key: tls.clientKey, servername: 'localhost', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}
