import type { ErrorCode, RpcError } from '../../../shared/result';

/** An error a service throws on purpose: it already carries the code and the words for the user. */
export class BerthError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: string,
    /** What the user can do about it, when that is worth saying apart from the message. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'BerthError';
  }
}

interface EngineErrorShape {
  statusCode?: number;
  reason?: string;
  json?: unknown;
  code?: string;
  address?: string;
  message?: string;
}

const connectionCodes: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOENT: 'no socket',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENOTFOUND: 'host not found',
  EACCES: 'permission denied',
};

export interface ConnectionFailure {
  /** Short, for a status bar: "connection refused at /var/run/docker.sock". */
  reason: string;
  /** What the user can do about it. */
  hint: string;
}

/** Describes a failure to reach the engine at all; null when the error is something else. */
export function connectionFailure(err: unknown): ConnectionFailure | null {
  if (!isConnectionError(err)) return null;
  const e = err as EngineErrorShape;
  const what = connectionCodes[e.code as string] ?? 'unreachable';
  const reason = e.address ? `${what} at ${e.address}` : what;
  const hint =
    e.code === 'EACCES'
      ? 'Give your user access to the socket (on Linux: the docker group), or choose another engine.'
      : 'Start the engine (on Linux, for example: sudo systemctl start docker) or choose another one; Berth reconnects by itself.';
  return { reason, hint };
}

/** The engine's own message from a dockerode error, when it sent one. */
export function engineMessage(err: EngineErrorShape): string | undefined {
  const json = err.json;
  if (json && typeof json === 'object' && 'message' in json && typeof json.message === 'string') return json.message;
  if (typeof json === 'string' && json.trim()) return json.trim();
  // Streaming endpoints (pull, push, build) carry the engine's words only in the message:
  // "(HTTP code 500) server error - <message> ".
  const m = /^\(HTTP code \d+\) [^-]*- ([\s\S]+?)\s*$/.exec(err.message ?? '');
  if (m?.[1] && m[1] !== '[object Object]') return m[1];
  return undefined;
}

function sentence(text: string): string {
  const t = text.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** Whether an error means the engine could not be reached at all (as opposed to refusing a request). */
export function isConnectionError(err: unknown): boolean {
  const e = err as EngineErrorShape | null;
  return !!e && typeof e === 'object' && typeof e.code === 'string' && e.code in connectionCodes && e.statusCode === undefined;
}

/**
 * Maps anything thrown by a service to the error envelope. Engine HTTP statuses become stable codes
 * with the engine's own message kept as detail; connection failures say how to get going again.
 */
export function toRpcError(err: unknown): RpcError {
  if (err instanceof BerthError) {
    return err.detail === undefined ? { code: err.code, message: err.message } : { code: err.code, message: err.message, detail: err.detail };
  }
  const e = (err && typeof err === 'object' ? err : { message: String(err) }) as EngineErrorShape;
  const failure = connectionFailure(e);
  if (failure) {
    return { code: 'engine-unavailable', message: `Cannot reach the engine: ${failure.reason}. ${failure.hint}`, detail: e.message ?? '' };
  }
  if (typeof e.statusCode === 'number') {
    const raw = engineMessage(e) ?? e.reason ?? e.message ?? `HTTP ${e.statusCode}`;
    const code: ErrorCode =
      e.statusCode === 404
        ? 'not-found'
        : e.statusCode === 409
          ? 'conflict'
          : e.statusCode === 304
            ? 'not-modified'
            : e.statusCode === 400
              ? 'invalid-input'
              : 'engine-error';
    const message =
      code === 'not-modified'
        ? 'Nothing to do: it is already in that state.'
        : code === 'not-found'
          ? `${sentence(raw)} It may have been removed already.`
          : code === 'engine-error'
            ? `The engine failed: ${sentence(raw)}`
            : sentence(raw);
    return { code, message, detail: raw };
  }
  const message = e.message ?? String(err);
  return { code: 'internal', message: `Berth hit an unexpected error: ${sentence(message)} Please report it.`, detail: message };
}
