import { useEffect, useId, useState, type FormEvent } from 'react';
import type { RpcError } from '../../../../shared/result';
import { ErrorNote } from '../../components/ErrorNote';
import { useApi, useImages, useKube } from '../../stores/context';
import { kubeNavigate } from './kube-route';

const nameRule = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** "nginx:latest"-style names of the engine's local images (the ones a pod can run without a pull). */
function useLocalImages(): string[] {
  const items = useImages((s) => s.items);
  const load = useImages((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);
  return [...new Set(items.flatMap((i) => i.repoTags.filter((t) => !t.endsWith('<none>'))))].sort();
}

/**
 * Quick deploy: a Deployment of a local image (imagePullPolicy IfNotPresent: the node's image is
 * used, nothing is pulled when it is there), optionally a Service for its port; then shows it.
 */
export function QuickDeployView() {
  const api = useApi();
  const id = useId();
  const context = useKube((s) => s.context) ?? '';
  const picked = useKube((s) => s.namespace);
  const images = useLocalImages();
  const [name, setName] = useState('');
  const [image, setImage] = useState('');
  const [namespace, setNamespace] = useState(picked ?? 'default');
  const [replicas, setReplicas] = useState('1');
  const [port, setPort] = useState('');
  const [service, setService] = useState<'' | 'ClusterIP' | 'NodePort'>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcError | null>(null);

  const n = Number(replicas);
  const p = port.trim() ? Number(port) : undefined;
  const problems = {
    name: name && !(nameRule.test(name) && name.length <= 63) ? "Lowercase letters, digits and '-', starting and ending with a letter or digit." : null,
    namespace: namespace && !nameRule.test(namespace) ? 'Not a namespace name.' : null,
    replicas: !(Number.isInteger(n) && n >= 0 && n <= 100) ? 'From 0 to 100.' : null,
    port: p !== undefined && !(Number.isInteger(p) && p >= 1 && p <= 65535) ? 'A port from 1 to 65535.' : null,
    service: service && p === undefined ? 'A Service needs the container port.' : null,
  };
  const ready = !!name && !!image.trim() && !!namespace && Object.values(problems).every((x) => !x);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    const args = { context, namespace, name, image: image.trim(), replicas: n, ...(p !== undefined ? { containerPort: p } : {}), ...(service ? { service } : {}) };
    const r = await api.invoke('kube:quick-deploy', args);
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    kubeNavigate('deployments', r.value.namespace, r.value.deployment);
  };

  return (
    <form className="kube-quick card" onSubmit={(e) => void submit(e)} aria-label="Quick deploy">
      <h2 className="kube-title">Quick deploy</h2>
      <p className="muted">A Deployment of a local image, and a Service if you want one. The image is used as the node has it: nothing is pulled when it is there.</p>
      <div className="form-grid">
        <label className="field" htmlFor={`${id}-name`}>
          <span>Name</span>
          <input id={`${id}-name`} type="text" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!problems.name || undefined} spellCheck={false} placeholder="web" />
          {problems.name && <span className="field-error">{problems.name}</span>}
        </label>
        <label className="field" htmlFor={`${id}-image`}>
          <span>Image (local)</span>
          <input id={`${id}-image`} type="text" list={`${id}-images`} value={image} onChange={(e) => setImage(e.target.value)} spellCheck={false} placeholder="berth/probe:test" className="mono" />
          <datalist id={`${id}-images`}>
            {images.map((i) => (
              <option key={i} value={i} />
            ))}
          </datalist>
        </label>
        <label className="field" htmlFor={`${id}-ns`}>
          <span>Namespace</span>
          <input id={`${id}-ns`} type="text" value={namespace} onChange={(e) => setNamespace(e.target.value)} aria-invalid={!!problems.namespace || undefined} spellCheck={false} />
          {problems.namespace && <span className="field-error">{problems.namespace}</span>}
        </label>
        <label className="field" htmlFor={`${id}-replicas`}>
          <span>Replicas</span>
          <input id={`${id}-replicas`} type="number" min={0} max={100} value={replicas} onChange={(e) => setReplicas(e.target.value)} aria-invalid={!!problems.replicas || undefined} />
          {problems.replicas && <span className="field-error">{problems.replicas}</span>}
        </label>
        <label className="field" htmlFor={`${id}-port`}>
          <span>Container port (optional)</span>
          <input id={`${id}-port`} type="number" min={1} max={65535} value={port} onChange={(e) => setPort(e.target.value)} aria-invalid={!!problems.port || undefined} placeholder="8080" />
          {problems.port && <span className="field-error">{problems.port}</span>}
        </label>
        <label className="field" htmlFor={`${id}-service`}>
          <span>Service</span>
          <select id={`${id}-service`} value={service} onChange={(e) => setService(e.target.value as typeof service)}>
            <option value="">None</option>
            <option value="ClusterIP">ClusterIP (inside the cluster)</option>
            <option value="NodePort">NodePort (on the node's address)</option>
          </select>
          {problems.service && <span className="field-error">{problems.service}</span>}
        </label>
      </div>
      <ErrorNote error={error} onDismiss={() => setError(null)} />
      <div className="dialog-actions">
        <button type="submit" className="primary" disabled={!ready || busy}>
          {busy ? 'Deploying…' : 'Deploy'}
        </button>
      </div>
    </form>
  );
}
