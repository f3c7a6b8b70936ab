import { BerthError } from '../../rpc/errors';

/** What the apiserver answered when it said no: its Status object, with the HTTP status. */
export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason: string | null = null,
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/** Where a failure happened, for the words of the message. */
export interface KubeErrorContext {
  context: string;
  server: string | null;
  user?: string | null;
}

const connectionCodes: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'timed out',
  ESOCKETTIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'name lookup failed',
  ENOENT: 'no socket',
  EACCES: 'permission denied',
};

const tlsCodes = new Set([
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** Whether an error means the cluster could not be reached at all. */
export function isUnreachable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code in connectionCodes || tlsCodes.has(code) || code === 'ECONNABORTED');
}

/**
 * Any failure of a Kubernetes call as the error envelope: the apiserver's own message where it sent
 * one, and for the failures a person can act on (cluster down, credentials refused, RBAC) a
 * sentence that names the context and says what to do.
 */
export function kubeError(err: unknown, where: KubeErrorContext): BerthError {
  if (err instanceof BerthError) return err;
  const ctx = `context "${where.context}"`;
  if (err instanceof KubeApiError) {
    const raw = err.message;
    switch (err.status) {
      case 401:
        return new BerthError(
          'unauthorized',
          `The cluster of ${ctx}${where.server ? ` (${where.server})` : ''} refused its credentials${where.user ? ` (user "${where.user}")` : ''}: they may have expired. Log in again or refresh the kubeconfig, then retry.`,
          raw,
        );
      case 403:
        // The apiserver's words as they are ("pods is forbidden: User … cannot list …").
        return new BerthError('unauthorized', `Not allowed in ${ctx}: ${raw.trim()}${/[.!?]$/.test(raw.trim()) ? '' : '.'}`, raw);
      case 404:
        return new BerthError('not-found', sentence(raw), raw);
      case 409:
        return new BerthError('conflict', sentence(raw), raw);
      case 400:
      case 422:
        return new BerthError('invalid-input', sentence(raw), raw);
      default:
        // Server-side apply answers a field the schema does not have with a 500 ("Failed to create
        // typed patch object … .spec.replicass: field not declared in schema"): bad input, not a failure.
        if (/field not declared in schema|typed patch object/.test(raw)) return new BerthError('invalid-input', sentence(raw), raw);
        return new BerthError('engine-error', `The cluster of ${ctx} failed: ${sentence(raw)}`, raw);
    }
  }
  const e = (err ?? {}) as { code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const code = typeof e.code === 'string' ? e.code : '';
  const at = where.server ? ` at ${where.server}` : '';
  if (code in connectionCodes || code === 'ECONNABORTED') {
    return new BerthError('engine-unavailable', `Cannot reach the cluster of ${ctx}${at}: ${connectionCodes[code] ?? 'the connection failed'}. Is it running?`, message);
  }
  if (tlsCodes.has(code)) {
    return new BerthError('engine-unavailable', `Berth does not trust the cluster of ${ctx}${at}: ${message}. Check the certificate authority in the kubeconfig.`, message);
  }
  if (/exec|credential|token|oidc|auth/i.test(message) && /plugin|exec|refresh|expired|credential/i.test(message)) {
    return new BerthError('unauthorized', `Berth could not get credentials for ${ctx}: ${sentence(message)} Log in again or refresh the kubeconfig.`, message);
  }
  return new BerthError('internal', `Berth hit an unexpected error talking to ${ctx}: ${sentence(message)} Please report it.`, message);
}
