import { useState } from 'react';
import type { VmStatus } from '../../../shared/models';
import { useVm } from '../stores/vm-store';

const dots: Record<VmStatus['state'], string> = { running: 'ok', starting: 'busy', stopping: 'busy', stopped: 'idle', error: 'bad' };

/** The VM in the status bar: its state, what it is doing, start/stop, and why it failed. */
export function VmStatusItem() {
  const status = useVm((s) => s.status);
  const busy = useVm((s) => s.busy);
  const act = useVm((s) => s.act);
  const actionError = useVm((s) => s.actionError);
  const [open, setOpen] = useState(false);
  if (!status || (status.state === 'stopped' && status.message.startsWith('No VM'))) return null;
  const label =
    status.state === 'running'
      ? `VM running${status.accelerator ? ` (${status.accelerator})` : ''}`
      : status.state === 'starting'
        ? status.message
        : status.state === 'stopping'
          ? 'VM stopping…'
          : status.state === 'error'
            ? 'VM error'
            : 'VM stopped';
  return (
    <span className="status-item vm-item" data-vm-state={status.state}>
      <span className={`dot ${dots[status.state]}`} />
      <button type="button" className="link-button" onClick={() => setOpen(!open)} aria-expanded={open} title={status.warning ?? undefined}>
        {label}
        {status.warning ? ' ⚠' : ''}
        {status.pendingRestart ? ' · restart to apply settings' : ''}
      </button>
      {(status.state === 'stopped' || status.state === 'error') && (
        <button type="button" className="link-button" disabled={busy} onClick={() => void act('start')}>
          Start
        </button>
      )}
      {status.state === 'running' && status.pendingRestart && (
        <button type="button" className="link-button" disabled={busy} onClick={() => void act('restart')}>
          Restart
        </button>
      )}
      {open && (
        <div className="vm-popover" role="dialog" aria-label="Berth's VM">
          <p>
            <strong>{label}</strong>
          </p>
          {status.warning && <p className="warn-text">{status.warning}</p>}
          {status.image && (
            <p className="muted small">
              Kernel {status.image.kernel} · Docker {status.image.docker} · containerd {status.image.containerd}
            </p>
          )}
          {status.engineHost && <p className="mono small">{status.engineHost} · docker --context berth</p>}
          {status.error && (
            <>
              <p className="field-error" role="alert">
                {status.error.message}
              </p>
              {status.error.consoleTail.length > 0 && <pre className="output small">{status.error.consoleTail.join('\n')}</pre>}
            </>
          )}
          {actionError && (
            <p className="field-error" role="alert">
              {actionError.message}
            </p>
          )}
          <div className="dialog-actions">
            {status.state === 'running' && (
              <>
                <button type="button" disabled={busy} onClick={() => void act('restart')}>
                  Restart
                </button>
                <button type="button" disabled={busy} onClick={() => void act('stop')}>
                  Stop
                </button>
              </>
            )}
            {(status.state === 'stopped' || status.state === 'error') && (
              <button type="button" className="primary" disabled={busy} onClick={() => void act('start')}>
                Start
              </button>
            )}
            <button type="button" onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
        </div>
      )}
    </span>
  );
}
