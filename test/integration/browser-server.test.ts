import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { z } from 'zod';
import WebSocket from 'ws';
import { startBrowserServer, type BrowserServer } from '../../electron/backend/server/server';
import { silentLogger } from '../../electron/backend/logger';
import { backendOn, until } from './helpers';
import type { ServerMessage } from '../../shared/protocol';

const host = inject('engineHost');
let server: BrowserServer;
let t: ReturnType<typeof backendOn>;
let staticDir: string;
const liveTickers = new Set<number>();

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'berth-static-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Berth</title>');
  await mkdir(join(staticDir, 'assets'));
  await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(tmpdir(), 'berth-secret.txt'), 'secret');
  t = backendOn(host);
  // A stream channel standing in for logs/exec: the transport's disposal is under test.
  let n = 0;
  t.backend.router.streamRaw('test:ticker', z.strictObject({}), (_args, ctx) => {
    const id = ++n;
    liveTickers.add(id);
    const timer = setInterval(() => ctx.send(id), 10);
    return {
      close: () => {
        clearInterval(timer);
        liveTickers.delete(id);
      },
    };
  });
  t.backend.start();
  await until('connected', () => t.backend.engine.status.state === 'connected');
  server = await startBrowserServer({ router: t.backend.router, log: silentLogger, staticDir });
});

afterAll(async () => {
  await server?.close();
  t?.backend.stop();
  await rm(staticDir, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(headers: Record<string, string>, query = ''): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const origin = () => `http://127.0.0.1:${server.port}`;
const cookie = () => `berth_token=${server.token}`;

describe('browser mode server', () => {
  it('binds loopback only and prints a URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.loginUrl).toBe(`${server.url}?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses requests without the token or with a wrong one', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/', { cookie: 'berth_token=wrong' })).status).toBe(401);
    expect((await get('/', { authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('trades the token in the URL for an HttpOnly cookie, then serves the page with a strict CSP', async () => {
    const login = await get(`/?token=${server.token}`);
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe('/');
    expect(String(login.headers['set-cookie'])).toMatch(/berth_token=.*HttpOnly; SameSite=Strict/);
    const page = await get('/', { cookie: cookie() });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Berth</title>');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'; script-src 'self'/);
    expect((await get('/assets/app.js', { cookie: cookie() })).body).toBe('console.log(1)');
  });

  it('refuses a foreign Host header (DNS rebinding) and never serves files outside its folder', async () => {
    expect((await get('/', { cookie: cookie(), host: 'evil.example:80' })).status).toBe(403);
    for (const path of ['/../berth-secret.txt', '/%2e%2e/berth-secret.txt', '/assets/..%2f..%2fberth-secret.txt']) {
      const r = await get(path, { cookie: cookie() });
      expect(r.body).not.toContain('secret');
    }
  });

  it('refuses websockets without the token or from another origin', async () => {
    await expect(connect({ origin: origin() })).rejects.toThrow(/401/);
    await expect(connect({ origin: origin(), cookie: 'berth_token=wrong' })).rejects.toThrow(/401/);
    await expect(connect({ origin: 'http://evil.example', cookie: cookie() })).rejects.toThrow(/401/);
    await expect(connect({ origin: 'http://127.0.0.1:1', cookie: cookie() })).rejects.toThrow(/401/);
  });

  it('carries the contract over the websocket: invokes, validation errors, events', async () => {
    const ws = await connect({ origin: origin(), cookie: cookie() });
    const messages: ServerMessage[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d)) as ServerMessage));
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'containers:list', args: {} }));
    ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'containers:stop', args: { id: '; rm -rf /' } }));
    ws.send(JSON.stringify({ type: 'invoke', id: 3, channel: 'BAD CHANNEL', args: {} }));
    await until('three answers', () => messages.filter((m) => m.type === 'result').length === 3);
    const results = Object.fromEntries(messages.flatMap((m) => (m.type === 'result' ? [[m.id, m.result]] : [])));
    expect(results[1]).toMatchObject({ ok: true, value: expect.any(Array) });
    expect(results[2]).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(results[3]).toMatchObject({ ok: false, error: { code: 'invalid-input', message: 'Malformed request.' } });
    t.backend.router.broadcast('engine:status', t.backend.engine.status);
    await until('an event', () => messages.find((m) => m.type === 'event' && m.channel === 'engine:status'));
    ws.close();
  });

  it('closes every stream of a websocket that goes away', async () => {
    const ws = await connect({ origin: origin(), cookie: cookie() });
    let data = 0;
    ws.on('message', (d) => {
      if ((JSON.parse(String(d)) as ServerMessage).type === 'data') data++;
    });
    for (const sid of ['a', 'b', 'c']) ws.send(JSON.stringify({ type: 'open', sid, channel: 'test:ticker', args: {} }));
    await until('three open streams sending', () => t.backend.router.openStreamCount === 3 && data > 10);
    expect(liveTickers.size).toBe(3);
    ws.terminate(); // the tab crashed: no goodbye
    await until('streams disposed', () => t.backend.router.openStreamCount === 0 && liveTickers.size === 0);
    expect(t.backend.router.clientCount).toBe(1); // only the test's own recording client is left
  });

  it('drops a client that sends something that is not the protocol', async () => {
    const ws = await connect({ origin: origin(), cookie: cookie() });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('{"type":"nonsense"}');
    expect(await closed).toBe(1008);
  });
});
