import { useState } from 'react';
import { useCluster } from '../../stores/cluster-store';
import { ClusterPanel, clusterDots } from './ClusterPanel';

/** Kubernetes in the status bar, once it has been turned on: state, progress, and the panel on click. */
export function ClusterStatusItem() {
  const status = useCluster((s) => s.status);
  const [open, setOpen] = useState(false);
  if (!status || (status.state === 'disabled' && status.timings.length === 0 && !status.error && !open)) return null;
  const label = status.state === 'running' ? 'Kubernetes running' : status.state === 'starting' ? `Kubernetes: ${status.message}` : status.state === 'error' ? 'Kubernetes error' : status.state === 'stopping' ? 'Kubernetes stopping…' : 'Kubernetes off';
  return (
    <span className="status-item vm-item" data-cluster-state={status.state}>
      <span className={`dot ${clusterDots[status.state]}`} />
      <button type="button" className="link-button" onClick={() => setOpen(!open)} aria-expanded={open}>
        {label}
      </button>
      {open && (
        <div className="vm-popover" role="dialog" aria-label="Kubernetes">
          <ClusterPanel />
          <div className="dialog-actions">
            <button type="button" onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
        </div>
      )}
    </span>
  );
}
