import { useEffect, useState } from 'react';
import { useApi } from '../../stores/context';
import type { DiagnosticsReport } from '../../../../shared/channels-desktop';
import type { RpcError } from '../../../../shared/result';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { copyText } from '../../components/terminal/clipboard';

/**
 * The diagnostics file, shown before it leaves: versions, states, settings and log tails in one
 * text, with secrets already replaced by [redacted]. Copy it, or save it as a file.
 */
export function DiagnosticsDialog({ onClose }: { onClose(): void }) {
  const api = useApi();
  const [report, setReport] = useState<DiagnosticsReport | null>(null);
  const [error, setError] = useState<RpcError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    void api.invoke('diagnostics:collect', {}).then((r) => {
      if (!live) return;
      if (r.ok) setReport(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [api]);

  const copy = async (): Promise<void> => {
    if (!report) return;
    setNote((await copyText(report.text)) ? 'Copied to the clipboard.' : 'The clipboard refused; select the text and copy it, or save it as a file.');
  };
  const save = async (): Promise<void> => {
    setSaving(true);
    const r = await api.invoke('diagnostics:save', {});
    setSaving(false);
    if (!r.ok) setError(r.error);
    else if (r.value.path) setNote(`Saved as ${r.value.path}.`);
  };

  return (
    <Dialog
      title="Diagnostics"
      wide
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button type="button" disabled={!report || saving} onClick={() => void save()}>
            {saving ? 'Saving…' : 'Save as file…'}
          </button>
          <button type="button" className="primary" disabled={!report} onClick={() => void copy()}>
            Copy to clipboard
          </button>
        </>
      }
    >
      {report ? (
        <>
          <p className="muted small">
            {report.fileName} · {report.text.split('\n').length} lines · {report.redactions} secret{report.redactions === 1 ? '' : 's'} redacted. Read it before you share it.
          </p>
          <pre className="output diagnostics-text" tabIndex={0} aria-label="Diagnostics report">
            {report.text}
          </pre>
        </>
      ) : !error ? (
        <p className="muted">Gathering versions, states and logs…</p>
      ) : null}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
      {note && (
        <p className="ok-note" role="status">
          {note}
        </p>
      )}
    </Dialog>
  );
}
