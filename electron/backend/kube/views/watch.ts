import type { IncomingMessage } from 'node:http';
import type { KubeKind, KubeRow, KubeWatchEvent } from '../../../../shared/models';
import { BerthError } from '../../rpc/errors';
import type { Logger } from '../../logger';
import type { KubeClient } from './client';
import { KubeApiError, isUnreachable, kubeError } from './errors';
import { listPath } from './resources';
import { toRow, type RawObject } from './rows';

export interface WatchKey {
  kind: KubeKind;
  /** Absent: all namespaces (or a cluster-scoped kind). */
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

export interface WatchSubscriber {
  send(event: KubeWatchEvent): void;
  /** The watch cannot go on (RBAC, the object kind gone): end the stream with this. */
  fail(error: BerthError): void;
}

/** What the API sends for a list, and on a watch. */
interface RawList {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: RawObject[];
}
interface RawWatchEvent {
  type?: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object?: RawObject & { code?: number; message?: string; reason?: string };
}

export interface ResourceWatchOptions {
  /** Changes are sent at most this often, batched (the UI draws once per frame anyway). */
  batchMs?: number;
  /** Page size of the list. */
  pageSize?: number;
  /** Tests: start watching from this resourceVersion instead of listing first (a stale one gets 410 Gone). */
  resumeFrom?: string;
  log?: Logger;
}

const maxBackoffMs = 30_000;

/**
 * One list+watch of a kind: lists (paged), then watches from the list's resourceVersion, tracking
 * the resourceVersion of every event and bookmark. When the apiserver ends the watch (its
 * timeoutSeconds) it is resumed from there; a 410 Gone (the version is too old to resume from)
 * triggers a re-list, which subscribers get as a fresh snapshot; a dropped connection is resumed
 * with backoff. Nothing polls: between events it only holds one open request.
 */
export class ResourceWatch {
  private readonly rows = new Map<string, KubeRow>();
  private resourceVersion = '';
  private ready = false;
  private stopped = false;
  private request: AbortController | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly upserts = new Map<string, KubeRow>();
  private readonly deletes = new Set<string>();
  private readonly subscribers = new Set<WatchSubscriber>();
  private backoffMs = 0;
  private degraded = false;
  readonly first: Promise<void>;
  /** For tests and the bench: how many lists and watch requests were made. */
  readonly counts = { lists: 0, watches: 0, gone: 0 };

  constructor(
    private readonly client: KubeClient,
    readonly key: WatchKey,
    private readonly options: ResourceWatchOptions = {},
  ) {
    if (options.resumeFrom) {
      this.resourceVersion = options.resumeFrom;
      this.ready = true;
      this.first = Promise.resolve();
      this.watch();
    } else {
      this.first = this.list(true);
    }
  }

  get isReady(): boolean {
    return this.ready;
  }

  get size(): number {
    return this.rows.size;
  }

  /** Adds a subscriber: it gets the snapshot at once (after the first list), then every change. */
  add(sub: WatchSubscriber): void {
    this.flush();
    this.subscribers.add(sub);
    if (this.ready) sub.send(this.snapshot());
  }

  remove(sub: WatchSubscriber): void {
    this.subscribers.delete(sub);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  private snapshot(): KubeWatchEvent {
    return { type: 'snapshot', rows: [...this.rows.values()], resourceVersion: this.resourceVersion };
  }

  private broadcast(event: KubeWatchEvent): void {
    for (const s of this.subscribers) s.send(event);
  }

  private query(extra: Record<string, string | number | boolean | undefined>): Record<string, string | number | boolean | undefined> {
    return { labelSelector: this.key.labelSelector || undefined, fieldSelector: this.key.fieldSelector || undefined, ...extra };
  }

  private async list(first: boolean): Promise<void> {
    if (!first) this.broadcast({ type: 'status', state: 'relisting', message: null });
    this.counts.lists++;
    const path = listPath(this.key.kind, this.key.namespace);
    const rows = new Map<string, KubeRow>();
    let token: string | undefined;
    let rv = '';
    try {
      do {
        const page = await this.client.requestRaw<RawList>('GET', path, { query: this.query({ limit: this.options.pageSize ?? 500, continue: token }) });
        for (const item of page.items ?? []) {
          const row = toRow(this.key.kind, item);
          rows.set(row.uid, row);
        }
        token = page.metadata?.continue || undefined;
        rv = page.metadata?.resourceVersion ?? rv;
        if (this.stopped) return;
      } while (token);
    } catch (err) {
      if (this.stopped) return;
      // A continue token can expire (410) between pages: list again from the start.
      if (err instanceof KubeApiError && err.status === 410) return this.list(first);
      if (first) throw kubeError(err, this.client.where);
      this.trouble(err, () => void this.list(false));
      return;
    }
    if (this.stopped) return;
    this.rows.clear();
    for (const [uid, row] of rows) this.rows.set(uid, row);
    this.upserts.clear();
    this.deletes.clear();
    this.resourceVersion = rv;
    this.ready = true;
    this.backoffMs = 0;
    this.broadcast(this.snapshot());
    if (this.degraded) {
      this.degraded = false;
      this.broadcast({ type: 'status', state: 'live', message: null });
    }
    this.watch();
  }

  /** After a failure: unreachable clusters are retried with backoff; refusals end the watch. */
  private trouble(err: unknown, retry: () => void): void {
    if (this.stopped) return;
    const unreachable = isUnreachable(err) || (err instanceof KubeApiError && (err.status >= 500 || err.status === 429));
    if (!unreachable) {
      const error = kubeError(err, this.client.where);
      for (const s of [...this.subscribers]) s.fail(error);
      this.stop();
      return;
    }
    this.backoffMs = Math.min(maxBackoffMs, this.backoffMs ? this.backoffMs * 2 : 1000);
    if (!this.degraded) {
      this.degraded = true;
      const message = kubeError(err, this.client.where).message;
      this.broadcast({ type: 'status', state: 'reconnecting', message: `${message} Trying again…` });
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      retry();
    }, this.backoffMs);
  }

  private watch(): void {
    if (this.stopped) return;
    const controller = new AbortController();
    this.request = controller;
    this.counts.watches++;
    // The apiserver ends a watch after timeoutSeconds; spread them so many watches do not renew at once.
    const timeoutSeconds = 240 + Math.floor(Math.random() * 120);
    const path = listPath(this.key.kind, this.key.namespace);
    let gone = false;
    let sawEvent = false;
    const armWatchdog = (): void => {
      // A silent connection (a cluster that vanished without closing it): give up on it and resume.
      if (this.watchdog) clearTimeout(this.watchdog);
      this.watchdog = setTimeout(() => controller.abort(), (timeoutSeconds + 90) * 1000);
    };
    const resume = (): void => {
      if (this.watchdog) clearTimeout(this.watchdog);
      this.watchdog = null;
      if (this.stopped || this.request !== controller) return;
      if (gone) {
        this.counts.gone++;
        void this.list(false);
      } else this.watch();
    };
    this.client
      .open('GET', path, {
        query: this.query({ watch: true, resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds }),
        signal: controller.signal,
      })
      .then(
        (res: IncomingMessage) => {
          if (this.stopped || controller.signal.aborted) {
            res.destroy();
            return;
          }
          res.socket?.setKeepAlive(true, 15_000);
          armWatchdog();
          const decoder = new TextDecoder();
          let buffer = '';
          res.on('data', (chunk: Buffer) => {
            buffer += decoder.decode(chunk, { stream: true });
            let nl: number;
            while ((nl = buffer.indexOf('\n')) !== -1) {
              const line = buffer.slice(0, nl);
              buffer = buffer.slice(nl + 1);
              if (!line.trim()) continue;
              let event: RawWatchEvent;
              try {
                event = JSON.parse(line) as RawWatchEvent;
              } catch {
                continue;
              }
              if (!sawEvent) {
                sawEvent = true;
                this.backoffMs = 0;
                if (this.degraded && event.type !== 'ERROR') {
                  this.degraded = false;
                  this.broadcast({ type: 'status', state: 'live', message: null });
                }
              }
              if (this.handle(event)) gone = true;
            }
          });
          res.once('end', resume);
          res.once('error', () => undefined);
          res.once('close', () => {
            if (!res.complete && !controller.signal.aborted && !this.stopped) {
              // Cut off mid-stream: the apiserver went away. Resume with backoff.
              this.request = null;
              if (this.watchdog) clearTimeout(this.watchdog);
              this.trouble(Object.assign(new Error('the watch connection was cut'), { code: 'ECONNRESET' }), () => this.watch());
            }
          });
        },
        (err: unknown) => {
          if (this.stopped || controller.signal.aborted) return;
          if (err instanceof KubeApiError && err.status === 410) {
            gone = true;
            resume();
            return;
          }
          this.trouble(err, () => this.watch());
        },
      );
  }

  /** Applies one watch event; returns true when it says the resourceVersion is gone (410). */
  private handle(event: RawWatchEvent): boolean {
    const o = event.object;
    if (!o) return false;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED': {
        const row = toRow(this.key.kind, o);
        this.rows.set(row.uid, row);
        this.deletes.delete(row.uid);
        this.upserts.set(row.uid, row);
        break;
      }
      case 'DELETED': {
        const uid = o.metadata?.uid ?? `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
        this.rows.delete(uid);
        this.upserts.delete(uid);
        this.deletes.add(uid);
        break;
      }
      case 'BOOKMARK':
        break;
      case 'ERROR':
        if (o.code === 410) return true;
        this.options.log?.warn(`watch of ${this.key.kind}: ${o.message ?? 'error event'}`);
        return false;
      default:
        return false;
    }
    if (o.metadata?.resourceVersion) this.resourceVersion = o.metadata.resourceVersion;
    if (event.type !== 'BOOKMARK') this.flushTimer ??= setTimeout(() => this.flush(), this.options.batchMs ?? 16);
    return false;
  }

  /** Sends the changes gathered since the last flush. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (!this.upserts.size && !this.deletes.size) return;
    const event: KubeWatchEvent = { type: 'changes', upserts: [...this.upserts.values()], deletes: [...this.deletes], resourceVersion: this.resourceVersion };
    this.upserts.clear();
    this.deletes.clear();
    this.broadcast(event);
  }

  stop(): void {
    this.stopped = true;
    this.request?.abort();
    this.request = null;
    for (const t of [this.retryTimer, this.watchdog, this.flushTimer]) if (t) clearTimeout(t);
    this.retryTimer = this.watchdog = this.flushTimer = null;
    this.subscribers.clear();
  }

  get isStopped(): boolean {
    return this.stopped;
  }
}

/**
 * The watches of the whole backend, shared: two views of the same list (the pods page and a
 * deployment's pods) ride on one watch. A watch stops when its last subscriber leaves.
 */
export class WatchHub {
  private readonly watches = new Map<string, { watch: ResourceWatch; refs: number }>();
  private readonly clientIds = new WeakMap<KubeClient, number>();
  private nextClientId = 0;

  constructor(private readonly options: ResourceWatchOptions = {}) {}

  private keyOf(client: KubeClient, key: WatchKey): string {
    let id = this.clientIds.get(client);
    if (id === undefined) {
      id = ++this.nextClientId;
      this.clientIds.set(client, id);
    }
    return JSON.stringify([id, key.kind, key.namespace ?? '', key.labelSelector ?? '', key.fieldSelector ?? '']);
  }

  /** Subscribes; resolves once the subscriber has its snapshot. Rejects (with clear words) when the first list fails. */
  async subscribe(client: KubeClient, key: WatchKey, sub: WatchSubscriber): Promise<() => void> {
    const id = this.keyOf(client, key);
    let entry = this.watches.get(id);
    if (!entry || entry.watch.isStopped) {
      entry = { watch: new ResourceWatch(client, key, this.options), refs: 0 };
      this.watches.set(id, entry);
    }
    const current = entry;
    current.refs++;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      current.watch.remove(sub);
      if (--current.refs <= 0) {
        current.watch.stop();
        if (this.watches.get(id) === current) this.watches.delete(id);
      }
    };
    try {
      await current.watch.first;
    } catch (err) {
      release();
      throw err instanceof BerthError ? err : kubeError(err, client.where);
    }
    if (!released) current.watch.add(sub);
    return release;
  }

  /** Watches running now (what the tests count: closing a view closes its watches). */
  get active(): number {
    let n = 0;
    for (const { watch } of this.watches.values()) if (!watch.isStopped) n++;
    return n;
  }

  dispose(): void {
    for (const { watch } of this.watches.values()) watch.stop();
    this.watches.clear();
  }
}
