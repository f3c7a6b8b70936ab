import { useEffect, useState } from 'react';
import { useApi } from '../../stores/context';
import type { Settings } from '../../../../shared/settings';
import type { ClusterStatus } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { ErrorNote } from '../../components/ErrorNote';
import { Section, Toggle, useApply } from './settings-parts';

function describe(c: ClusterStatus): string {
  switch (c.state) {
    case 'running':
      return `Running${c.version ? ` Kubernetes ${c.version}` : ''}${c.server ? ` at ${c.server}` : ''}${c.context ? `; kubectl context “${c.context}”` : ''}.`;
    case 'starting':
      return `Starting${c.step ? ` (${c.step})` : ''}… ${c.message}`;
    case 'error':
      return c.error?.message ?? c.message;
    default:
      return c.message || (c.state === 'disabled' ? 'Off.' : `${c.state[0]!.toUpperCase()}${c.state.slice(1)}.`);
  }
}

/** The cluster's switch (cluster:enable / cluster:disable, which keep the setting in step) and its state. */
export function KubernetesSection({ settings }: { settings: Settings }) {
  const api = useApi();
  const apply = useApply();
  const [cluster, setCluster] = useState<ClusterStatus | null>(null);
  const [error, setError] = useState<RpcError | null>(null);

  useEffect(() => {
    let live = true;
    void api.invoke('cluster:get-status', {}).then((r) => live && r.ok && setCluster(r.value));
    const off = api.on('cluster:status', setCluster);
    return () => {
      live = false;
      off();
    };
  }, [api]);

  const toggle = async (on: boolean): Promise<void> => {
    setError(null);
    const r = await api.invoke(on ? 'cluster:enable' : 'cluster:disable', {});
    if (!r.ok) setError({ ...r.error, message: `Could not ${on ? 'start' : 'stop'} Kubernetes: ${r.error.message}` });
    else setCluster(r.value);
  };

  // Turning it off while it starts cancels the start.
  const busy = cluster?.state === 'stopping';
  return (
    <Section id="kubernetes" title="Kubernetes">
      <Toggle
        label="Run a local Kubernetes cluster"
        hint="A single-node cluster inside the VM; its kubeconfig is merged into yours as the context “berth”."
        checked={settings.kubernetes.enabled}
        disabled={busy || settings.engine.source === 'external'}
        onChange={toggle}
      />
      {cluster && (
        <p className={`small cluster-state cluster-${cluster.state}`} role="status" data-cluster-state={cluster.state}>
          {describe(cluster)}
        </p>
      )}
      {cluster?.notice && <p className="muted small">{cluster.notice}</p>}
      <Toggle
        label="Show the cluster’s own containers in Containers"
        checked={settings.kubernetes.showSystemContainers}
        onChange={(v) => apply.apply({ kubernetes: { showSystemContainers: v } })}
      />
      <ErrorNote error={error ?? apply.error} onDismiss={() => (setError(null), apply.clear())} />
    </Section>
  );
}
