import type { Router } from '../rpc/router';
import type { Logger } from '../logger';

/**
 * The Kubernetes views' channels (shared/channels-kube.ts). Filled by the Kubernetes views work;
 * the backend calls this once at start.
 */
export function registerKubeViewHandlers(_router: Router, _deps: { log: Logger; kubeconfigPath: () => string | null }): { dispose(): void } {
  return { dispose: () => undefined };
}
