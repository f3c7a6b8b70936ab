import { createConnection, type Socket } from 'node:net';
import { JsonLineSplitter } from '../engine/events';

export interface QmpEvent {
  event: string;
  data?: unknown;
}

/**
 * A client for qemu's machine protocol (QMP) on a unix socket: newline-delimited JSON, one command
 * at a time, asynchronous events in between.
 */
export class QmpClient {
  private socket: Socket | null = null;
  private queue: { resolve: (v: unknown) => void; reject: (e: Error) => void }[] = [];
  private readonly eventListeners = new Set<(e: QmpEvent) => void>();
  private closedListeners = new Set<() => void>();

  static async connect(path: string, timeoutMs = 5000): Promise<QmpClient> {
    const client = new QmpClient();
    await client.open(path, timeoutMs);
    return client;
  }

  private open(path: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(path);
      this.socket = socket;
      let greeted = false;
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no QMP greeting within ${timeoutMs} ms`));
      }, timeoutMs);
      const splitter = new JsonLineSplitter((value) => {
        const msg = value as { QMP?: unknown; return?: unknown; error?: { desc?: string }; event?: string; data?: unknown };
        if (msg.QMP && !greeted) {
          greeted = true;
          this.command('qmp_capabilities').then(
            () => {
              clearTimeout(timer);
              resolve();
            },
            (err: Error) => {
              clearTimeout(timer);
              reject(err);
            },
          );
          return;
        }
        if (msg.event) {
          for (const l of this.eventListeners) l({ event: msg.event, data: msg.data });
          return;
        }
        const waiting = this.queue.shift();
        if (!waiting) return;
        if (msg.error) waiting.reject(new Error(msg.error.desc ?? 'QMP error'));
        else waiting.resolve(msg.return);
      });
      socket.on('data', (chunk: Buffer) => splitter.push(chunk));
      socket.once('error', (err) => {
        clearTimeout(timer);
        if (!greeted) reject(err);
      });
      socket.once('close', () => {
        for (const w of this.queue.splice(0)) w.reject(new Error('QMP connection closed'));
        for (const l of this.closedListeners) l();
        this.socket = null;
      });
    });
  }

  command<T = unknown>(execute: string, args?: Record<string, unknown>): Promise<T> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('QMP is not connected'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ resolve: resolve as (v: unknown) => void, reject });
      socket.write(`${JSON.stringify(args ? { execute, arguments: args } : { execute })}\n`);
    });
  }

  /** A human monitor command (hostfwd_add, info usernet): its text output. */
  hmp(commandLine: string): Promise<string> {
    return this.command<string>('human-monitor-command', { 'command-line': commandLine });
  }

  onEvent(listener: (e: QmpEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onClose(listener: () => void): void {
    this.closedListeners.add(listener);
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}
