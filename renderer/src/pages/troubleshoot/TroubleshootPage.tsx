import { useEffect, useState } from 'react';
import { useApi, useSettings } from '../../stores/context';
import type { Versions } from '../../../../shared/channels-desktop';
import type { RpcError } from '../../../../shared/result';
import { ErrorNote } from '../../components/ErrorNote';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DiagnosticsDialog } from './DiagnosticsDialog';
import { LogTail } from './LogTail';
import { navigate } from '../../lib/use-route';
import './troubleshoot.css';

function VersionList({ v }: { v: Versions }) {
  const rows: [string, string][] = [
    ['Berth', v.app],
    ['Runs on', v.electron ? `Electron ${v.electron} (Chromium ${v.chrome ?? '?'}), Node ${v.node}` : `browser mode, Node ${v.node}`],
    ['Platform', `${v.platform}/${v.arch}`],
    ['Engine', v.engine ? `Docker ${v.engine.version} (API ${v.engine.apiVersion}, ${v.engine.os}/${v.engine.arch}) at ${v.engine.host}` : 'not connected'],
    ['VM image', v.vmImage ? `kernel ${v.vmImage.kernel}, docker ${v.vmImage.docker}, containerd ${v.vmImage.containerd}` : 'not known (the VM is not running, or not in use)'],
    ['Kubernetes', v.kubernetes ?? 'not running'],
  ];
  return (
    <dl className="kv versions" aria-label="Versions">
      {rows.map(([k, val]) => (
        <div key={k} className="kv-row">
          <dt>{k}</dt>
          <dd>{val}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Versions, the VM console and backend logs, diagnostics for a bug report, restart and factory reset. */
export function TroubleshootPage({ openDiagnostics = false }: { openDiagnostics?: boolean }) {
  const api = useApi();
  const usesVm = useSettings((s) => s.view?.settings.engine.source !== 'external');
  const [versions, setVersions] = useState<Versions | null>(null);
  const [versionsError, setVersionsError] = useState<RpcError | null>(null);
  const [diagnostics, setDiagnostics] = useState(false);
  const [confirmReset, setConfirmReset] = useState(false);
  const [busy, setBusy] = useState<'restart' | 'reset' | null>(null);
  const [actionError, setActionError] = useState<RpcError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = (): void =>
      void api.invoke('diagnostics:versions', {}).then((r) => {
        if (!live) return;
        if (r.ok) {
          setVersions(r.value);
          setVersionsError(null);
        } else setVersionsError(r.error);
      });
    load();
    // Versions change when the engine or the VM comes and goes.
    const offEngine = api.on('engine:status', load);
    const offVm = api.on('vm:status', load);
    return () => {
      live = false;
      offEngine();
      offVm();
    };
  }, [api]);

  const closeDiagnostics = (): void => {
    setDiagnostics(false);
    if (openDiagnostics) navigate('troubleshoot'); // drop ?diagnostics=1, or the dialog would open again
  };

  const restart = async (): Promise<void> => {
    setBusy('restart');
    setActionError(null);
    setDone(null);
    const r = usesVm ? await api.invoke('vm:restart', {}) : await api.invoke('engine:reconnect', {});
    setBusy(null);
    if (!r.ok) setActionError({ ...r.error, message: `${usesVm ? 'The engine’s VM could not restart' : 'Could not reconnect'}: ${r.error.message}` });
    else setDone(usesVm ? 'The VM restarted.' : 'Reconnecting to the engine.');
  };

  const reset = async (): Promise<void> => {
    setBusy('reset');
    setActionError(null);
    setDone(null);
    const r = await api.invoke('diagnostics:factory-reset', { confirm: true });
    setBusy(null);
    setConfirmReset(false);
    if (!r.ok) setActionError(r.error);
    else setDone(`Berth was reset to its factory settings.${r.value.note ? ` ${r.value.note}` : ''}`);
  };

  return (
    <section className="page troubleshoot-page">
      <header className="page-header">
        <h1>Troubleshoot</h1>
      </header>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setDiagnostics(true)}>
          Copy diagnostics…
        </button>
        <button type="button" disabled={busy !== null} onClick={() => void restart()}>
          {busy === 'restart' ? 'Restarting…' : usesVm ? 'Restart engine' : 'Reconnect to engine'}
        </button>
        <span className="spacer" />
        <button type="button" className="danger-quiet" disabled={busy !== null} onClick={() => setConfirmReset(true)}>
          Reset to factory…
        </button>
      </div>
      <ErrorNote error={actionError} onDismiss={() => setActionError(null)} />
      {done && (
        <p className="ok-note" role="status">
          {done}
        </p>
      )}

      <section className="card" aria-labelledby="versions-title">
        <h2 id="versions-title">Versions</h2>
        {versions ? <VersionList v={versions} /> : versionsError ? <ErrorNote error={versionsError} /> : <p className="muted">Asking…</p>}
      </section>

      <LogTail title="VM console" empty="The VM has written nothing to its console yet." source="vm-console" />
      <LogTail title="Backend log" empty="Nothing logged yet." source="backend" />

      {(diagnostics || openDiagnostics) && <DiagnosticsDialog onClose={closeDiagnostics} />}
      {confirmReset && (
        <ConfirmDialog title="Reset Berth to factory settings?" confirmLabel={busy === 'reset' ? 'Resetting…' : 'Reset'} danger busy={busy === 'reset'} onConfirm={() => void reset()} onCancel={() => setConfirmReset(false)}>
          <p>This stops Berth’s VM and deletes its disk — every container, image and volume inside it — and its certificates.</p>
          <p>Every setting goes back to its default, and the first-run flow starts again. An engine Berth did not create is not touched.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
