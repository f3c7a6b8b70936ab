/**
 * A unix-socket proxy in front of a test engine that records each HTTP request line the backend
 * sends ("GET /containers/json?all=1&size=0"). Lets tests and benches see exactly what Berth asks
 * the engine, and how often.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface RecordingProxy {
  readonly host: string;
  readonly requests: string[];
  close(): Promise<void>;
}

const requestLine = /^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r\n/;

export async function startRecordingProxy(targetSocket: string): Promise<RecordingProxy> {
  const dir = await mkdtemp('/tmp/berth-proxy-');
  const path = join(dir, 'proxy.sock');
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection(targetSocket);
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (chunk: Buffer) => {
      const m = requestLine.exec(chunk.subarray(0, 2048).toString('latin1'));
      if (m) requests.push(`${m[1]} ${m[2]}`);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => {
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    host: `unix://${path}`,
    requests,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // close() waits for open connections (the event stream): end them.
      for (const s of sockets) s.destroy();
      await closed;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
