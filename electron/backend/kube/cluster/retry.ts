import { BerthError, isConnectionError } from '../../rpc/errors';

export interface RetryOptions {
  /** Epoch ms after which a drop is no longer retried (the step's bound). */
  until: number;
  /** Waits until the engine answers again (at most the given ms). */
  ready: (timeoutMs: number) => Promise<void>;
  onRetry: (attempt: number, err: Error) => void;
  /** The first pause; it doubles, capped at 5 s. */
  initialMs?: number;
}

/** Whether an error is the connection going away (a reset, a hang-up, an engine reconnecting), not a refusal. */
export function isDrop(err: unknown): boolean {
  return isConnectionError(err) || (err instanceof BerthError && err.code === 'engine-unavailable');
}

/**
 * Runs `call`, and again when its connection dropped (the VM's forwarded port under load, the
 * engine reconnecting), with backoff, until `until`. Only for calls that are safe to repeat.
 * Anything else, or a drop past the bound, is thrown as it came.
 */
export async function retryOnDrop<T>(call: () => Promise<T>, o: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const left = o.until - Date.now();
      if (!isDrop(err) || left <= 0) throw err;
      o.onRetry(attempt + 1, err as Error);
      await new Promise((r) => setTimeout(r, Math.min(5000, (o.initialMs ?? 250) * 2 ** (attempt - 1))));
      await o.ready(Math.max(5000, o.until - Date.now()));
    }
  }
}
