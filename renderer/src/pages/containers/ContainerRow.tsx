import { useMemo, useState } from 'react';
import type { ContainerSummary } from '../../../../shared/models';
import { useContainers } from '../../stores/context';
import type { ContainerAction } from '../../stores/containers-store';
import { formatPorts, relativeTime, shortId } from '../../lib/format';
import { href } from '../../lib/use-route';
import { isUp } from '../../lib/container-filter';
import { useVm } from '../../stores/vm-store';

const pendingLabel: Record<ContainerAction, string> = {
  start: 'Starting…',
  stop: 'Stopping…',
  restart: 'Restarting…',
  pause: 'Pausing…',
  unpause: 'Resuming…',
  kill: 'Killing…',
  remove: 'Removing…',
};

/** Published ports as links that open in the browser (Electron hands them to the OS browser). */
function PortLinks({ c }: { c: ContainerSummary }) {
  const ports = formatPorts(c.ports);
  if (!ports.length) return <span className="muted">—</span>;
  return (
    <>
      {ports.map((p) => {
        const published = /:(\d+)->\d+\/tcp$/.exec(p);
        return (
          <div key={p}>
            {published && c.state === 'running' ? (
              <a className="link" href={`http://localhost:${published[1]}/`} target="_blank" rel="noreferrer" title={`Open http://localhost:${published[1]}/ in the browser`}>
                {p}
              </a>
            ) : (
              p
            )}
          </div>
        );
      })}
    </>
  );
}

export interface ContainerRowProps {
  c: ContainerSummary;
  now: number;
  selected: boolean;
  onSelect(id: string, on: boolean): void;
  onRemove(c: ContainerSummary): void;
  onRename(c: ContainerSummary): void;
}

export function ContainerRow({ c, now, selected, onSelect, onRemove, onRename }: ContainerRowProps) {
  const pending = useContainers((s) => s.pending[c.id]);
  const rowError = useContainers((s) => s.rowErrors[c.id]);
  const act = useContainers((s) => s.act);
  const dismiss = useContainers((s) => s.dismissError);
  const [menu, setMenu] = useState(false);
  const forwards = useVm((s) => s.forwards);
  const failedForwards = useMemo(() => forwards.filter((f) => f.containerId === c.id && f.state === 'failed'), [forwards, c.id]);
  const up = isUp(c);
  const run = (action: ContainerAction) => {
    setMenu(false);
    void act(c.id, action);
  };
  return (
    <>
      <tr data-container-id={c.id} data-container-name={c.name} data-state={c.state} aria-busy={!!pending} aria-selected={selected}>
        <td className="select-col">
          <input type="checkbox" checked={selected} onChange={(e) => onSelect(c.id, e.target.checked)} aria-label={`Select ${c.name}`} />
        </td>
        <td>
          <a className="name link" href={href('containers', c.id)}>
            {c.name}
          </a>
          <div className="muted mono">{shortId(c.id)}</div>
        </td>
        <td className="mono ellipsis" title={c.image}>
          {c.image}
        </td>
        <td>
          <span className={`pill state-${c.state}`} title={c.status}>
            {c.state}
          </span>
          <div className="muted small">{pending ? pendingLabel[pending] : c.status}</div>
        </td>
        <td className="mono small nowrap">
          <PortLinks c={c} />
          {failedForwards.map((f) => (
            <div key={`${f.protocol}${f.hostPort}`} className="forward-warning" role="note" title={f.error}>
              ⚠ {f.hostPort} not reachable from this machine
            </div>
          ))}
        </td>
        <td title={new Date(c.created).toLocaleString()}>{relativeTime(c.created, now)}</td>
        <td className="actions">
          {up ? (
            <button type="button" disabled={!!pending} onClick={() => run('stop')} aria-label={`Stop ${c.name}`}>
              Stop
            </button>
          ) : (
            <button type="button" disabled={!!pending} onClick={() => run('start')} aria-label={`Start ${c.name}`}>
              Start
            </button>
          )}
          <button type="button" disabled={!!pending} onClick={() => run('restart')} aria-label={`Restart ${c.name}`}>
            Restart
          </button>
          <span className="menu">
            <button type="button" aria-haspopup="menu" aria-expanded={menu} aria-label={`More actions for ${c.name}`} onClick={() => setMenu(!menu)} disabled={!!pending}>
              ⋯
            </button>
            {menu && (
              <span className="menu-list" role="menu" onMouseLeave={() => setMenu(false)}>
                {c.state === 'paused' ? (
                  <button type="button" role="menuitem" onClick={() => run('unpause')}>
                    Resume
                  </button>
                ) : (
                  <button type="button" role="menuitem" disabled={c.state !== 'running'} onClick={() => run('pause')}>
                    Pause
                  </button>
                )}
                <button type="button" role="menuitem" disabled={!up} onClick={() => run('kill')}>
                  Kill
                </button>
                <button
                  type="button"
                  role="menuitem"
                  onClick={() => {
                    setMenu(false);
                    onRename(c);
                  }}
                >
                  Rename…
                </button>
              </span>
            )}
          </span>
          <button type="button" className="danger-quiet" disabled={!!pending} onClick={() => onRemove(c)} aria-label={`Remove ${c.name}`}>
            Remove
          </button>
        </td>
      </tr>
      {rowError && (
        <tr className="row-error" data-error-for={c.id}>
          <td colSpan={7}>
            <span role="alert">
              Could not {rowError.action} {c.name}: {rowError.error.message}
            </span>
            <button type="button" className="link-button" onClick={() => dismiss(c.id)} aria-label="Dismiss">
              Dismiss
            </button>
          </td>
        </tr>
      )}
    </>
  );
}
