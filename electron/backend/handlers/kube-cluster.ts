import type { Router } from '../rpc/router';
import type { ClusterManager } from '../kube/cluster/cluster-manager';
import type { ClusterStatus } from '../../../shared/models';
import { BerthError } from '../rpc/errors';

const noCluster: ClusterStatus = {
  state: 'disabled',
  step: null,
  message: "Kubernetes runs in Berth's VM, and this Berth uses another engine",
  version: null,
  server: null,
  context: null,
  kubeconfig: null,
  notice: null,
  timings: [],
  components: [],
  error: null,
};

/** The local cluster's switch: status, enable, disable, reset (progress comes as cluster:status events). */
export function registerClusterHandlers(router: Router, cluster: () => ClusterManager | null): void {
  const need = (): ClusterManager => {
    const c = cluster();
    if (!c) throw new BerthError('conflict', "Kubernetes runs in Berth's VM, and this Berth uses another engine.", undefined, 'Choose "Berth\'s VM" as the engine in Settings to use the local cluster.');
    return c;
  };
  router
    .handle('cluster:get-status', () => cluster()?.status ?? noCluster)
    .handle('cluster:enable', () => need().enable())
    .handle('cluster:disable', () => need().disable())
    .handle('cluster:reset', () => need().reset());
}
