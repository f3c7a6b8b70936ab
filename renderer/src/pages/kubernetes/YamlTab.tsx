import { useEffect, useState } from 'react';
import type { KubeKind } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { ErrorNote } from '../../components/ErrorNote';
import { useApi, useKube, useStores } from '../../stores/context';
import { kubeNavigate } from './kube-route';
import { LazyYamlEditor as YamlEditor } from './LazyYamlEditor';

/** An object's YAML, read-only, with "Edit in Apply YAML". Says when the object has changed since. */
export function YamlTab({ kind, namespace, name, version }: { kind: KubeKind; namespace: string | null; name: string; version: string }) {
  const api = useApi();
  const kube = useStores().kube;
  const context = useKube((s) => s.context) ?? '';
  const [loaded, setLoaded] = useState<{ text: string; version: string } | null>(null);
  const [error, setError] = useState<RpcError | null>(null);
  const [reads, setReads] = useState(0);
  useEffect(() => {
    let live = true;
    const at = version;
    void api.invoke('kube:get-yaml', { context, kind, name, ...(namespace ? { namespace } : {}) }).then((r) => {
      if (!live) return;
      if (r.ok) setLoaded({ text: r.value, version: at });
      else setError(r.error);
    });
    return () => {
      live = false;
    };
    // Read once per "reads": a newer version is offered, not forced on the reader.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, context, kind, namespace, name, reads]);
  // Strip what apply would refuse or ignore: status and server-set metadata.
  const editable = (text: string): string =>
    text
      .replace(/^status:[\s\S]*$/m, '')
      .replace(/^ {2}(resourceVersion|uid|creationTimestamp|generation):.*\n/gm, '')
      .trimEnd() + '\n';
  return (
    <div className="kube-yaml">
      <div className="toolbar">
        {loaded && loaded.version !== version && (
          <span className="badge warn" role="status">
            It has changed since this was read.
          </span>
        )}
        <button type="button" className="link-button" onClick={() => setReads((n) => n + 1)}>
          Read again
        </button>
        <span className="spacer" />
        <button
          type="button"
          disabled={!loaded}
          onClick={() => {
            if (!loaded) return;
            kube.getState().setApplyText(editable(loaded.text));
            kubeNavigate('apply');
          }}
        >
          Edit in Apply YAML
        </button>
      </div>
      <ErrorNote error={error} />
      {loaded ? <YamlEditor value={loaded.text} readOnly label={`YAML of ${name}`} /> : !error && <p className="muted">Reading…</p>}
    </div>
  );
}
