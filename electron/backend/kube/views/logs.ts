import type { IncomingMessage } from 'node:http';
import type { KubeWatchEvent, LogEvent, PodRow } from '../../../../shared/models';
import { LineAssembler, LineBatcher } from '../../engine/log-stream';
import { timeKey } from '../../engine/logs';
import type { KubeClient } from './client';
import { kubeError } from './errors';
import { objectPath } from './resources';
import { toRow, type RawObject } from './rows';
import type { WatchHub } from './watch';

export interface PodLogOptions {
  follow: boolean;
  tail: number | 'all';
  previous: boolean;
  /** Unix seconds. */
  since?: number;
  until?: number;
  timestamps: boolean;
}

/**
 * A container's log from the apiserver, as the same LogEvent batches as container logs. The
 * apiserver is always asked for timestamps (shown only when wanted): they say where to resume.
 * Following, when the log ends because the container stopped, a note says so and the pod is
 * watched (no polling) until the container runs again; then the log resumes after the last line
 * delivered. The pod deleted, or finished for good, ends the stream.
 */
export class PodLogFollower {
  private request: AbortController | null = null;
  private lastTime: string | null = null;
  private unwatch: (() => void) | null = null;
  private closed = false;
  private readonly batcher: LineBatcher;

  constructor(
    private readonly client: KubeClient,
    private readonly hub: WatchHub,
    private readonly namespace: string,
    private readonly pod: string,
    private readonly container: string,
    private readonly options: PodLogOptions,
    private readonly send: (event: LogEvent) => void,
    private readonly end: (error?: unknown) => void,
  ) {
    this.batcher = new LineBatcher(options.timestamps, (b) => this.send({ kind: 'lines', ...b }));
  }

  async start(): Promise<void> {
    await this.read(true);
  }

  private async read(first: boolean): Promise<void> {
    const controller = new AbortController();
    this.request = controller;
    const follow = this.options.follow && this.options.until === undefined;
    const query: Record<string, string | number | boolean | undefined> = { container: this.container, follow, timestamps: true, previous: this.options.previous || undefined };
    if (first) {
      if (this.options.tail !== 'all') query.tailLines = this.options.tail;
      if (this.options.since !== undefined) query.sinceTime = new Date(this.options.since * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    } else if (this.lastTime) {
      query.sinceTime = this.lastTime.replace(/\.\d+Z$/, 'Z');
    }
    let res: IncomingMessage;
    try {
      res = await this.client.open('GET', `${objectPath('pods', this.namespace, this.pod)}/log`, { query, signal: controller.signal });
    } catch (err) {
      throw kubeError(err, this.client.where);
    }
    if (this.closed) {
      res.destroy();
      return;
    }
    const until = this.options.until !== undefined ? BigInt(this.options.until) * 1_000_000_000n + 999_999_999n : null;
    let skipUpTo = !first && this.lastTime ? timeKey(this.lastTime) : null;
    const lines = new LineAssembler(true, (line) => {
      if (line.time) {
        const key = timeKey(line.time);
        if (skipUpTo !== null) {
          if (key <= skipUpTo) return;
          skipUpTo = null;
        }
        if (until !== null && key > until) return;
        this.lastTime = line.time;
      }
      this.batcher.add(this.options.timestamps ? line : { stream: line.stream, text: line.text });
    });
    res.on('data', (chunk: Buffer) => lines.push('stdout', chunk));
    res.once('error', () => undefined);
    res.once('close', () => {
      if (this.closed || controller.signal.aborted) return;
      lines.flush();
      this.batcher.flush();
      if (follow) void this.stopped().catch((err: unknown) => this.end(kubeError(err, this.client.where)));
      else this.end();
    });
  }

  private containerOf(row: PodRow): PodRow['containers'][number] | undefined {
    return row.containers.find((c) => c.name === this.container) ?? row.initContainers.find((c) => c.name === this.container);
  }

  /** The followed log ended: the container stopped (or the connection dropped). Find out which, and wait. */
  private async stopped(): Promise<void> {
    const raw = await this.client.requestRaw<RawObject>('GET', objectPath('pods', this.namespace, this.pod)).catch(() => null);
    if (this.closed) return;
    if (!raw) {
      this.send({ kind: 'note', text: 'The pod was deleted.', level: 'warn' });
      this.end();
      return;
    }
    const row = toRow('pods', raw) as PodRow;
    const c = this.containerOf(row);
    if (c?.state === 'running') {
      // Still running: the connection dropped. Carry on after the last line.
      await this.read(false);
      return;
    }
    const finished = row.phase === 'Succeeded' || row.phase === 'Failed';
    const how = c?.state === 'terminated' ? `exited${c.exitCode !== null ? ` with code ${c.exitCode}` : ''}${c.reason ? ` (${c.reason})` : ''}` : 'stopped';
    if (finished) {
      this.send({ kind: 'note', text: `The container ${how}; the pod has finished.`, level: 'info' });
      this.end();
      return;
    }
    this.send({ kind: 'note', text: `The container ${how}. Waiting for it to start again…`, level: 'warn' });
    const restarts = c?.restarts ?? 0;
    const startedAt = c?.startedAt ?? null;
    let done = false;
    const finish = (): void => {
      done = true;
      this.unwatch?.();
      this.unwatch = null;
    };
    const onRow = (next: PodRow): void => {
      const nc = this.containerOf(next);
      if (nc?.state === 'running' && (nc.restarts > restarts || (nc.startedAt ?? 0) > (startedAt ?? 0))) {
        finish();
        this.send({ kind: 'note', text: 'The container started again.', level: 'info' });
        void this.read(false).catch((err: unknown) => this.end(err));
      }
    };
    const gone = (): void => {
      finish();
      this.send({ kind: 'note', text: 'The pod was deleted.', level: 'warn' });
      this.end();
    };
    const unwatch = await this.hub.subscribe(
      this.client,
      { kind: 'pods', namespace: this.namespace, fieldSelector: `metadata.name=${this.pod}` },
      {
        send: (e: KubeWatchEvent) => {
          if (this.closed || done) return;
          if (e.type === 'snapshot') {
            const mine = e.rows.find((r) => r.uid === row.uid) as PodRow | undefined;
            if (!mine) gone();
            else onRow(mine);
          } else if (e.type === 'changes') {
            if (e.deletes.includes(row.uid)) gone();
            else for (const r of e.upserts) if (r.uid === row.uid && !done) onRow(r as PodRow);
          }
        },
        fail: (error) => this.end(error),
      },
    );
    if (done || this.closed) unwatch();
    else this.unwatch = unwatch;
  }

  close(): void {
    this.closed = true;
    this.request?.abort();
    this.unwatch?.();
    this.unwatch = null;
    this.batcher.dispose();
  }
}
