import { useState } from 'react';
import type { ContainerSummary } from '../../../../shared/models';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { isUp } from '../../lib/container-filter';

/** Asks before removing one or several containers; force is preset when any of them runs. */
export function RemoveContainersDialog({ targets, onConfirm, onCancel }: { targets: ContainerSummary[]; onConfirm(options: { force: boolean; volumes: boolean }): void; onCancel(): void }) {
  const anyUp = targets.some(isUp);
  const [force, setForce] = useState(anyUp);
  const [volumes, setVolumes] = useState(false);
  const one = targets.length === 1 ? targets[0] : null;
  return (
    <ConfirmDialog
      title={one ? `Remove ${one.name}?` : `Remove ${targets.length} containers?`}
      confirmLabel="Remove"
      danger
      onCancel={onCancel}
      onConfirm={() => onConfirm({ force, volumes })}
    >
      {one ? (
        <p>
          The container and its writable layer (everything it changed on top of <code>{one.image}</code>) are deleted. Named volumes are kept.
        </p>
      ) : (
        <>
          <p>These containers and their writable layers are deleted. Named volumes are kept.</p>
          <ul className="small mono">
            {targets.map((t) => (
              <li key={t.id}>{t.name}</li>
            ))}
          </ul>
        </>
      )}
      <label className="check">
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
        Stop it first if it is running (force)
      </label>
      <label className="check">
        <input type="checkbox" checked={volumes} onChange={(e) => setVolumes(e.target.checked)} />
        Also remove its anonymous volumes
      </label>
    </ConfirmDialog>
  );
}
