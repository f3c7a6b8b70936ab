import { describe, expect, it } from 'vitest';
import { createServer, connect, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { createTlsMaterial } from '../../electron/backend/vm/pki';

/** A real TLS handshake against a server that demands a client certificate, as dockerd --tlsverify does. */
async function handshake(server: { cert: string; key: string; ca: string }, client: { cert?: string; key?: string; ca: string }): Promise<'ok' | string> {
  const srv = createServer({ cert: server.cert, key: server.key, ca: server.ca, requestCert: true, rejectUnauthorized: true }, (s) => s.end('hello'));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as AddressInfo).port;
  try {
    return await new Promise((resolve) => {
      const socket: TLSSocket = connect({ host: '127.0.0.1', port, servername: 'localhost', ca: client.ca, ...(client.cert ? { cert: client.cert, key: client.key } : {}) });
      socket.once('data', () => {
        resolve('ok');
        socket.destroy();
      });
      socket.once('error', (err) => resolve(err.message));
      socket.once('end', () => resolve('closed without data'));
    });
  } finally {
    srv.close();
  }
}

describe('VM TLS material', () => {
  it('lets the client in with its certificate and refuses it without one or with a stranger’s', async () => {
    const mine = await createTlsMaterial();
    const other = await createTlsMaterial();
    const server = { cert: mine.serverCert, key: mine.serverKey, ca: mine.caCert };
    expect(await handshake(server, { cert: mine.clientCert, key: mine.clientKey, ca: mine.caCert })).toBe('ok');
    expect(await handshake(server, { ca: mine.caCert })).not.toBe('ok');
    expect(await handshake(server, { cert: other.clientCert, key: other.clientKey, ca: mine.caCert })).not.toBe('ok');
    // And the client refuses a server from another installation.
    expect(await handshake({ cert: other.serverCert, key: other.serverKey, ca: other.caCert }, { cert: mine.clientCert, key: mine.clientKey, ca: mine.caCert })).toMatch(/certificate/i);
  });

  it('makes distinct material each time, private keys in PKCS#8 PEM', async () => {
    const a = await createTlsMaterial();
    const b = await createTlsMaterial();
    expect(a.caCert).not.toBe(b.caCert);
    expect(a.clientKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });
});
