import { useKube, useStores } from '../../stores/context';
import { byName } from './kube-format';
import { useKubeWatch } from './use-kube-watch';

/** The context and namespace pickers: the choice is kept (per context) for the next run. */
export function ContextBar() {
  const kube = useStores().kube;
  const config = useKube((s) => s.config);
  const context = useKube((s) => s.context);
  const namespace = useKube((s) => s.namespace);
  const namespaces = useKubeWatch('namespaces', { enabled: !!context });
  const names = [...namespaces.rows].sort(byName).map((n) => n.name);
  if (namespace && !names.includes(namespace)) names.unshift(namespace);
  const current = config?.contexts.find((c) => c.name === context);
  return (
    <div className="kube-contextbar">
      <label className="kube-picker">
        <span className="muted small">Context</span>
        <select aria-label="Kubernetes context" value={context ?? ''} onChange={(e) => kube.getState().setContext(e.target.value)} data-kube-context={context ?? ''}>
          {config?.contexts.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label className="kube-picker">
        <span className="muted small">Namespace</span>
        <select aria-label="Namespace" value={namespace ?? ''} onChange={(e) => kube.getState().setNamespace(e.target.value || null)} data-kube-namespace={namespace ?? ''}>
          <option value="">All namespaces</option>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <span className="muted small kube-server" title={current?.server ?? undefined}>
        {current?.server ?? ''}
      </span>
      {namespaces.phase === 'failed' && namespaces.error && (
        <span className="kube-conn bad" role="status" title={namespaces.error.message} data-kube-connection="failed">
          {namespaces.error.code === 'engine-unavailable' ? 'Unreachable' : namespaces.error.code === 'unauthorized' ? 'Cannot list namespaces' : 'Error'}
          <button type="button" className="link-button small" onClick={namespaces.retry}>
            Retry
          </button>
        </span>
      )}
      {namespaces.phase === 'reconnecting' && (
        <span className="kube-conn busy" role="status" title={namespaces.message ?? undefined}>
          Reconnecting…
        </span>
      )}
      <button type="button" className="link-button small" onClick={() => void kube.getState().loadContexts()} title="Read the kubeconfig again">
        Reload kubeconfig
      </button>
    </div>
  );
}
