import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { clientMessage, type ServerMessage } from '../../../shared/protocol';
import type { Router } from '../rpc/router';
import type { Logger } from '../logger';
import { cookieName, hostAllowed, newToken, originAllowed, requestToken, sameToken } from './auth';
import { serveStatic } from './static-files';

export interface BrowserServerOptions {
  router: Router;
  log: Logger;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  /** Seconds between websocket heartbeats; a client that misses one is dropped and its streams closed. */
  heartbeatSeconds?: number;
}

export interface BrowserServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** The URL to open: it carries the token once, then the session cookie does. */
  readonly loginUrl: string;
  close(): Promise<void>;
}

const maxMessageBytes = 4 * 1024 * 1024;

function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(text);
}

/**
 * Browser mode: the backend over http + websocket on 127.0.0.1 only. Every request needs the
 * token (cookie, bearer header or ?token=), the Host header must be this loopback server, and a
 * websocket's Origin must be this server's own.
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const { router, log } = options;
  const token = options.token ?? newToken();
  let port = 0;
  let nextClient = 0;

  const http: Server = createServer((req, res) => {
    void handleHttp(req, res).catch((err: unknown) => {
      log.error('http request failed', err);
      if (!res.headersSent) refuse(res, 500, 'Internal error');
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req, port)) return refuse(res, 403, 'Forbidden: unexpected Host.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!sameToken(requestToken(req, url), token)) {
      return refuse(res, 401, 'This Berth session needs its token. Open the URL printed by "npm run serve" (it carries the token).');
    }
    if (url.searchParams.has('token')) {
      // Trade the token in the URL for an HttpOnly cookie and drop it from the address bar.
      url.searchParams.delete('token');
      res.writeHead(302, {
        'set-cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: url.pathname + url.search,
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }
    await serveStatic(options.staticDir, url.pathname, res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });

  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const allowed =
      url.pathname === '/rpc' && hostAllowed(req, port) && originAllowed(req, port) && sameToken(requestToken(req, url), token);
    if (!allowed) {
      log.warn(`refused a websocket from origin ${req.headers.origin ?? '(none)'}`);
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket): void {
    const send = (message: ServerMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const client = router.connect({
      id: `ws-${++nextClient}`,
      sendStream: send,
      sendEvent: (channel, payload) => send({ type: 'event', channel, payload }),
    });
    let alive = true;
    ws.on('pong', () => {
      alive = true;
    });
    const heartbeat = setInterval(() => {
      if (!alive) {
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
    }, (options.heartbeatSeconds ?? 30) * 1000);
    ws.on('close', () => {
      clearInterval(heartbeat);
      client.dispose();
    });
    ws.on('error', (err) => log.warn('websocket error', err));
    ws.on('message', (raw, isBinary) => {
      if (isBinary) {
        ws.close(1003, 'binary messages are not part of the protocol');
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(raw));
      } catch {
        ws.close(1007, 'not JSON');
        return;
      }
      const message = clientMessage.safeParse(parsed);
      if (!message.success) {
        const id = (parsed as { id?: unknown } | null)?.id;
        if (typeof id === 'number') {
          send({ type: 'result', id, result: { ok: false, error: { code: 'invalid-input', message: 'Malformed request.' } } });
        } else {
          ws.close(1008, 'malformed message');
        }
        return;
      }
      const m = message.data;
      if (m.type === 'invoke') {
        void router.invoke(m.channel, m.args).then((result) => send({ type: 'result', id: m.id, result }));
      } else {
        client.handle(m);
      }
    });
  }

  await new Promise<void>((resolveListen, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => {
      http.off('error', reject);
      resolveListen();
    });
  });
  port = (http.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;

  return {
    url,
    port,
    token,
    loginUrl: `${url}?token=${token}`,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise<void>((done) => http.close(() => done()));
      http.closeAllConnections();
    },
  };
}
