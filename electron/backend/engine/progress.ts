import type { LayerProgress, TransferProgress } from '../../../shared/models';
import { BerthError, connectionFailure } from '../rpc/errors';
import { JsonLineSplitter } from './events';

interface ProgressLine {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** Statuses after which a layer's bytes are all there. */
const finished = /^(Download complete|Pull complete|Already exists|Pushed|Layer already exists|Mounted from)/;

/**
 * Folds the engine's pull/push progress lines into per-layer progress and a total. Extraction
 * progress is not counted as transfer: a layer's bytes are done once downloaded.
 */
export class TransferTracker {
  private readonly layers = new Map<string, LayerProgress>();
  private message = '';

  /** Returns the engine's error message when the line is an error. */
  push(line: ProgressLine): string | null {
    if (line.error || line.errorDetail?.message) return line.errorDetail?.message ?? line.error ?? 'unknown error';
    const status = line.status ?? '';
    const id = line.id;
    // Lines without a layer id ("Pulling from library/x", "Digest: …", "Status: …") are messages;
    // so is a line whose id is the tag being pulled.
    if (!id || !/^[a-f0-9]{12,64}$/.test(id)) {
      if (status) this.message = id && !status.startsWith(id) ? `${id}: ${status}` : status;
      return null;
    }
    const layer = this.layers.get(id) ?? { id, status, current: 0, total: 0 };
    layer.status = status;
    const detail = line.progressDetail;
    if (/^(Downloading|Pushing)/.test(status) && detail) {
      if (typeof detail.total === 'number' && detail.total > 0) layer.total = detail.total;
      if (typeof detail.current === 'number') layer.current = Math.min(detail.current, layer.total || detail.current);
    } else if (finished.test(status)) {
      layer.current = layer.total;
    }
    this.layers.set(id, layer);
    return null;
  }

  snapshot(): TransferProgress {
    const layers = [...this.layers.values()].map((l) => ({ ...l }));
    let current = 0;
    let total = 0;
    for (const l of layers) {
      current += l.current;
      total += l.total;
    }
    return { layers, current, total, message: this.message };
  }
}

/**
 * Reads an engine progress stream (pull, push) to its end, reporting progress at most every
 * `intervalMs` and once more at the end. Rejects with the engine's message when a line is an error.
 */
export function followProgress(
  stream: NodeJS.ReadableStream,
  onProgress: (p: TransferProgress) => void,
  options: { intervalMs?: number; signal?: AbortSignal; what: string } = { what: 'the transfer' },
): Promise<TransferProgress> {
  const tracker = new TransferTracker();
  const intervalMs = options.intervalMs ?? 100;
  let last = 0;
  let pending: NodeJS.Timeout | null = null;
  const emit = (): void => {
    pending = null;
    last = Date.now();
    onProgress(tracker.snapshot());
  };
  return new Promise((resolve, reject) => {
    let failed: string | null = null;
    const splitter = new JsonLineSplitter((value) => {
      if (failed) return;
      const error = tracker.push(value as ProgressLine);
      if (error) {
        failed = error;
        return;
      }
      const wait = intervalMs - (Date.now() - last);
      if (wait <= 0) emit();
      else pending ??= setTimeout(emit, wait);
    });
    stream.on('data', (chunk: Buffer) => splitter.push(chunk));
    let settled = false;
    const done = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      if (pending) clearTimeout(pending);
      pending = null;
      if (options.signal?.aborted) return reject(new BerthError('cancelled', `Cancelled ${options.what}.`));
      if (failed) return reject(new BerthError(classify(failed), `${capitalise(options.what)} failed: ${failed}`, failed));
      if (err) {
        const lost = connectionFailure(err);
        if (lost) return reject(new BerthError('engine-unavailable', `The engine went away during ${options.what} (${lost.reason}). Start it again and retry; Berth reconnects by itself.`, (err as Error).message));
        return reject(err);
      }
      const final = tracker.snapshot();
      onProgress(final);
      resolve(final);
    };
    stream.once('end', () => done());
    stream.once('error', (err) => done(err));
    stream.once('close', () => done(new BerthError('engine-unavailable', `The engine closed the connection during ${options.what}. Retry once it is back; Berth reconnects by itself.`)));
  });
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A transfer error's stable code, from the engine's words. */
function classify(message: string): 'not-found' | 'unauthorized' | 'engine-error' {
  if (/not found|manifest unknown|does not exist|no such/i.test(message)) return 'not-found';
  if (/unauthorized|authentication required|denied|incorrect username/i.test(message)) return 'unauthorized';
  return 'engine-error';
}
