import { useMemo, useState } from 'react';
import type { ApplyDocumentResult, ApplyResult } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote } from '../../components/ErrorNote';
import { useApi, useKube, useStores } from '../../stores/context';
import { kubeHref, type KubeView } from './kube-route';
import type { LineMark } from './YamlEditor';
import { LazyYamlEditor as YamlEditor } from './LazyYamlEditor';

const example = `# One Deployment and its Service: edit, Validate (server-side dry run), then Apply.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
spec:
  replicas: 2
  selector:
    matchLabels: {app: hello}
  template:
    metadata:
      labels: {app: hello}
    spec:
      containers:
      - name: hello
        image: berth/probe:test
        imagePullPolicy: IfNotPresent
        args: ["serve", ":8080"]
        ports: [{containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata:
  name: hello
spec:
  selector: {app: hello}
  ports: [{port: 80, targetPort: 8080}]
`;

const outcomeText: Record<ApplyDocumentResult['outcome'], string> = {
  created: 'created',
  configured: 'configured',
  unchanged: 'unchanged',
  deleted: 'deleted',
  absent: 'not there',
  error: 'failed',
  skipped: 'not applied',
  empty: 'empty',
};

const views: Record<string, KubeView> = {
  Pod: 'pods',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  ReplicationController: 'replicationcontrollers',
  DaemonSet: 'daemonsets',
  Job: 'jobs',
};

function Results({ result, onLine }: { result: ApplyResult; onLine(line: number): void }) {
  const verb = result.mode === 'validate' ? 'Dry run' : result.mode === 'apply' ? 'Apply' : 'Delete';
  return (
    <div className="kube-results" data-apply-result={result.ok ? 'ok' : 'failed'} data-apply-mode={result.mode}>
      <p className={result.ok ? 'kube-ok' : 'kube-bad'} role="status">
        {verb}: {result.ok ? `every document ${result.mode === 'validate' ? 'passed' : 'went through'}.` : `${result.documents.filter((d) => d.outcome === 'error').length} of ${result.documents.length} failed${result.mode === 'apply' ? '; nothing was applied' : ''}.`}
      </p>
      <ol className="kube-doc-results">
        {result.documents.map((d, i) => {
          const view = d.kind ? views[d.kind] : undefined;
          const title = `${d.kind ?? 'Document'} ${d.name ?? ''}`.trim();
          return (
            <li key={`${d.index}-${i}`} className={`kube-doc kube-doc-${d.outcome}`} data-doc-index={d.index} data-outcome={d.outcome}>
              <div className="kube-doc-head">
                <span className={`kube-pill kube-pill-${d.outcome}`}>{result.mode === 'validate' && ['created', 'configured', 'unchanged'].includes(d.outcome) ? `would be ${outcomeText[d.outcome]}` : outcomeText[d.outcome]}</span>
                <span className="kube-doc-title">
                  {view && d.name && d.namespace && result.mode === 'apply' && d.outcome !== 'error' && d.outcome !== 'skipped' ? (
                    <a className="link name" href={kubeHref(view, d.namespace, d.name)}>
                      {title}
                    </a>
                  ) : (
                    <span className="name">{title}</span>
                  )}
                  {d.namespace && <span className="muted"> in {d.namespace}</span>}
                </span>
                <button type="button" className="link-button small" onClick={() => onLine(d.errorLine ?? d.line)}>
                  line {d.errorLine ?? d.line}
                </button>
              </div>
              {d.message && <div className={d.outcome === 'error' ? 'kube-doc-message kube-bad' : 'kube-doc-message muted'}>{d.message}</div>}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/**
 * Apply YAML: a real editor (CodeMirror) with the text kept across navigation. Validate runs a
 * server-side dry run of every document; Apply does the same first and applies (server-side apply)
 * only when all passed; Delete removes what the text describes. Results are per document.
 */
export function ApplyView() {
  const api = useApi();
  const kube = useStores().kube;
  const context = useKube((s) => s.context) ?? '';
  const namespace = useKube((s) => s.namespace) ?? 'default';
  const text = useKube((s) => s.applyText);
  const [busy, setBusy] = useState<ApplyResult['mode'] | null>(null);
  const [result, setResult] = useState<ApplyResult | null>(null);
  const [error, setError] = useState<RpcError | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [focus, setFocus] = useState<{ line: number; nonce: number } | null>(null);

  const run = async (mode: ApplyResult['mode']): Promise<void> => {
    setBusy(mode);
    setError(null);
    const r = await api.invoke('kube:apply', { context, yaml: text, mode, namespace });
    setBusy(null);
    if (r.ok) setResult(r.value);
    else {
      setResult(null);
      setError(r.error);
    }
  };

  const marks = useMemo<LineMark[]>(
    () => (result?.documents ?? []).filter((d) => d.outcome === 'error').map((d) => ({ line: d.errorLine ?? d.line, message: d.message ?? 'failed', severity: 'error' as const })),
    [result],
  );

  return (
    <div className="kube-apply" data-kube-list="apply">
      <div className="toolbar">
        <h2 className="kube-title">Apply YAML</h2>
        <span className="muted small">Documents without a namespace go to {namespace}.</span>
        <span className="spacer" />
        {!text.trim() && (
          <button type="button" onClick={() => kube.getState().setApplyText(example)}>
            Insert an example
          </button>
        )}
        <button type="button" disabled={!text.trim() || !!busy} onClick={() => void run('validate')} title="A server-side dry run of every document: nothing changes">
          {busy === 'validate' ? 'Validating…' : 'Validate'}
        </button>
        <button type="button" className="primary" disabled={!text.trim() || !!busy} onClick={() => void run('apply')} title="Dry run first; then server-side apply, only if every document passed">
          {busy === 'apply' ? 'Applying…' : 'Apply'}
        </button>
        <button type="button" className="danger-quiet" disabled={!text.trim() || !!busy} onClick={() => setConfirmDelete(true)} title="Delete every object the text describes">
          {busy === 'delete' ? 'Deleting…' : 'Delete…'}
        </button>
      </div>
      <div className="kube-apply-body">
        <div className="kube-apply-editor">
          <YamlEditor value={text} onChange={(t) => kube.getState().setApplyText(t)} marks={marks} label="YAML to apply" focusLine={focus} />
        </div>
        <div className="kube-apply-side">
          <ErrorNote error={error} onDismiss={() => setError(null)} />
          {result ? (
            <Results result={result} onLine={(line) => setFocus({ line, nonce: (focus?.nonce ?? 0) + 1 })} />
          ) : (
            <p className="muted">Validate or apply to see, per document, what the cluster says.</p>
          )}
        </div>
      </div>
      {confirmDelete && (
        <ConfirmDialog
          title="Delete what this YAML describes?"
          confirmLabel="Delete"
          danger
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => {
            setConfirmDelete(false);
            void run('delete');
          }}
        >
          <p>Every object named in the text is deleted from {context}, with what it owns (a Deployment's pods, a namespace's contents).</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
