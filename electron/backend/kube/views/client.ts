import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import type { Agent } from 'node:http';
import WebSocket from 'ws';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError, kubeError, type KubeErrorContext } from './errors';

type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptionsLite {
  query?: Query;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  /** Whole-request timeout; default 30 s. Streams have none. */
  timeoutMs?: number;
}

/** The parts of https.RequestOptions the kubeconfig provides (client-node fills them). */
interface TlsAndAuth {
  ca?: Buffer | string;
  cert?: Buffer | string;
  key?: Buffer | string;
  pfx?: Buffer | string;
  passphrase?: string;
  rejectUnauthorized?: boolean;
  servername?: string;
  headers?: Record<string, string | string[] | number>;
  auth?: string;
  agent?: Agent;
}

const connectTimeoutMs = 10_000;

/** Reads a whole response body, at most `limit` bytes. */
function readBody(res: IncomingMessage, limit = 64 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        res.destroy(new Error(`the answer is larger than ${limit} bytes`));
        return;
      }
      chunks.push(c);
    });
    res.once('end', () => resolve(Buffer.concat(chunks)));
    res.once('error', reject);
    res.once('aborted', () => reject(Object.assign(new Error('the connection was closed'), { code: 'ECONNRESET' })));
  });
}

/** The apiserver's Status (or whatever it sent) as a KubeApiError. */
export function apiError(status: number, body: Buffer | string): KubeApiError {
  const text = body.toString().trim();
  try {
    const parsed = JSON.parse(text) as { kind?: string; message?: string; reason?: string; code?: number };
    if (parsed && typeof parsed.message === 'string') return new KubeApiError(parsed.code ?? status, parsed.message, parsed.reason ?? null, parsed);
  } catch {
    /* not JSON */
  }
  const statusText: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 410: 'Gone', 500: 'Internal server error', 503: 'Service unavailable' };
  return new KubeApiError(status, text.slice(0, 500) || statusText[status] || `HTTP ${status}`);
}

/**
 * One context's connection to its apiserver: JSON requests, streamed responses (watches, logs)
 * and channel websockets (exec, port-forward), over one keep-alive agent. Credentials come from
 * @kubernetes/client-node's KubeConfig, asked again for every request, so tokens from exec plugins
 * and token files are refreshed as they expire.
 */
export class KubeClient {
  readonly server: string;
  readonly user: string | null;
  readonly defaultNamespace: string | null;
  private agent: Agent | null = null;
  private readonly secure: boolean;

  constructor(
    private readonly kc: KubeConfig,
    readonly context: string,
  ) {
    const cluster = kc.getCurrentCluster();
    this.server = (cluster?.server ?? '').replace(/\/+$/, '');
    this.user = kc.getCurrentUser()?.name ?? null;
    this.defaultNamespace = kc.getContextObject(context)?.namespace ?? null;
    this.secure = !this.server.startsWith('http:');
  }

  get where(): KubeErrorContext {
    return { context: this.context, server: this.server || null, user: this.user };
  }

  /** TLS material and headers, fresh for this request; the agent is made once and kept. */
  private async prepare(): Promise<{ agent: Agent; headers: Record<string, string>; tls: TlsAndAuth }> {
    if (!this.server) throw kubeError(new KubeApiError(0, 'no server'), this.where);
    const opts: TlsAndAuth = {};
    try {
      await this.kc.applyToHTTPSOptions(opts as RequestOptions);
    } catch (err) {
      throw kubeError(err, this.where);
    }
    if (!this.agent) {
      const cluster = this.kc.getCurrentCluster();
      if (cluster?.proxyUrl && opts.agent) this.agent = opts.agent;
      else if (!this.secure) this.agent = new HttpAgent({ keepAlive: true });
      else {
        const tls: Record<string, unknown> = { keepAlive: true };
        for (const k of ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const) if (opts[k] !== undefined) tls[k] = opts[k];
        this.agent = new HttpsAgent(tls);
      }
    }
    // client-node made an agent of its own for this call: not used, and it holds no socket.
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    return { agent: this.agent, headers, tls: opts };
  }

  url(path: string, query?: Query): URL {
    const u = new URL(this.server + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u;
  }

  /** Opens a request and resolves with the response once its status is 2xx; else rejects with the apiserver's words. */
  async open(method: string, path: string, options: RequestOptionsLite = {}): Promise<IncomingMessage> {
    const { agent, headers } = await this.prepare();
    const url = this.url(path, options.query);
    const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const reqHeaders: Record<string, string> = { Accept: 'application/json', ...headers };
    if (body !== undefined) {
      reqHeaders['Content-Type'] = options.contentType ?? 'application/json';
      reqHeaders['Content-Length'] = String(Buffer.byteLength(body));
    }
    const send = this.secure ? httpsRequest : httpRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(url, { method, agent, headers: reqHeaders, ...(options.signal ? { signal: options.signal } : {}) }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          clearTimeout(connectTimer);
          resolve(res);
          return;
        }
        readBody(res, 1024 * 1024).then(
          (b) => reject(apiError(status, b)),
          (e: unknown) => reject(e),
        );
      });
      // Until the answer starts: a dead address must not hang the UI.
      const connectTimer = setTimeout(() => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), options.timeoutMs ?? connectTimeoutMs);
      req.once('error', (err) => {
        clearTimeout(connectTimer);
        reject(err);
      });
      req.once('close', () => clearTimeout(connectTimer));
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /** A JSON request; errors come as BerthError with clear words. */
  async request<T>(method: string, path: string, options: RequestOptionsLite = {}): Promise<T> {
    try {
      const res = await this.open(method, path, { timeoutMs: 30_000, ...options });
      const body = await readBody(res);
      return (body.length ? JSON.parse(body.toString()) : null) as T;
    } catch (err) {
      throw kubeError(err, this.where);
    }
  }

  /** Raw request for callers that handle KubeApiError themselves (404 as "absent", 410 as "re-list"). */
  async requestRaw<T>(method: string, path: string, options: RequestOptionsLite = {}): Promise<T> {
    const res = await this.open(method, path, { timeoutMs: 30_000, ...options });
    const body = await readBody(res);
    return (body.length ? JSON.parse(body.toString()) : null) as T;
  }

  /**
   * A channel websocket (exec, attach, port-forward): resolves once open; a refused upgrade
   * rejects with the apiserver's message. `onMessage` gets every frame, from the first.
   */
  async websocket(path: string, query: URLSearchParams, protocols: string[], onMessage: (data: Buffer) => void): Promise<WebSocket> {
    const { headers, tls } = await this.prepare();
    const url = new URL(this.server + path);
    url.search = query.toString();
    url.protocol = this.secure ? 'wss:' : 'ws:';
    const options: WebSocket.ClientOptions = { headers, handshakeTimeout: connectTimeoutMs, perMessageDeflate: false };
    for (const k of ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const) {
      if (tls[k] !== undefined) (options as Record<string, unknown>)[k] = tls[k];
    }
    const cluster = this.kc.getCurrentCluster();
    if (cluster?.proxyUrl && tls.agent) options.agent = tls.agent;
    return new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url, protocols, options);
      // From the start: frames that come with the upgrade answer are emitted before a caller
      // awaiting this promise could add a listener (the port-forward's port prefix, exec's status).
      ws.on('message', (data: Buffer) => onMessage(data));
      let settled = false;
      ws.once('open', () => {
        settled = true;
        resolve(ws);
      });
      ws.once('unexpected-response', (req, res) => {
        settled = true;
        readBody(res, 1024 * 1024)
          .then(
            (b) => reject(kubeError(apiError(res.statusCode ?? 0, b), this.where)),
            (e: unknown) => reject(kubeError(e, this.where)),
          )
          .finally(() => req.destroy());
      });
      ws.once('error', (err) => {
        if (!settled) {
          settled = true;
          reject(kubeError(err, this.where));
        }
      });
    });
  }

  dispose(): void {
    (this.agent as HttpsAgent | null)?.destroy();
    this.agent = null;
  }
}
