/**
 * The envelope every invoke returns. Errors are data: a stable `code` the UI can branch on and a
 * `message` written for a person, saying what happened and, where there is one, what to do next.
 */
export const errorCodes = [
  'invalid-input', // the arguments failed validation; the service was never called
  'unknown-channel', // no such channel in the contract
  'not-found', // engine 404: the object does not exist (any more)
  'conflict', // engine 409: name in use, container running, image in use, ...
  'not-modified', // engine 304: already started / already stopped
  'engine-unavailable', // the engine cannot be reached (refused, socket missing, timed out)
  'engine-error', // the engine answered with a failure we have no better code for
  'unauthorized', // the transport refused the caller (browser mode token, IPC sender)
  'cancelled', // the caller or the window went away
  'internal', // a bug in Berth: the message says so
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface RpcError {
  code: ErrorCode;
  /** For a person: what happened and what to do next. */
  message: string;
  /** The raw message from the engine or the library, when there was one. */
  detail?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: RpcError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string, detail?: string): Result<T> {
  return detail === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, detail } };
}
