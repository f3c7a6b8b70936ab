import { useEffect, useMemo, useState } from 'react';
import type { ContainerSummary } from '../../../../shared/models';
import { useApi, useContainers, useEngine } from '../../stores/context';
import { sortContainers, type ContainerAction } from '../../stores/containers-store';
import { groupByProject, inTab, isKubernetesContainer, isUp, matches, type StateTab } from '../../lib/container-filter';
import { useNow } from '../../lib/use-now';
import { Tabs } from '../../components/Tabs';
import { ContainerRow } from './ContainerRow';
import { RemoveContainersDialog } from './RemoveContainersDialog';
import { RenameDialog } from './RenameDialog';
import { RunDialog } from './RunDialog';

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const bulkActions: { action: ContainerAction; label: string }[] = [
  { action: 'start', label: 'Start' },
  { action: 'stop', label: 'Stop' },
  { action: 'restart', label: 'Restart' },
  { action: 'pause', label: 'Pause' },
  { action: 'unpause', label: 'Resume' },
  { action: 'kill', label: 'Kill' },
];

export function ContainersPage() {
  const byId = useContainers((s) => s.byId);
  const phase = useContainers((s) => s.phase);
  const listError = useContainers((s) => s.listError);
  const load = useContainers((s) => s.load);
  const actMany = useContainers((s) => s.actMany);
  const engine = useEngine((s) => s.status);
  const retryNow = useEngine((s) => s.retryNow);
  const [query, setQuery] = useState('');
  const [tab, setTab] = useState<StateTab>('all');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [removing, setRemoving] = useState<ContainerSummary[] | null>(null);
  const [renaming, setRenaming] = useState<ContainerSummary | null>(null);
  const [running, setRunning] = useState(false);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const now = useNow();

  useEffect(() => {
    void load();
  }, [load]);

  // The cluster's pod containers are Kubernetes' to manage: hidden unless asked (Settings, or the note below the list).
  const api = useApi();
  const [showKube, setShowKube] = useState(false);
  useEffect(() => {
    void api.invoke('settings:get', {}).then((r) => r.ok && setShowKube(r.value.settings.kubernetes.showSystemContainers));
    return api.on('settings:changed', (v) => setShowKube(v.settings.kubernetes.showSystemContainers));
  }, [api]);
  const everything = useMemo(() => sortContainers(Object.values(byId)), [byId]);
  const all = useMemo(() => (showKube ? everything : everything.filter((c) => !isKubernetesContainer(c))), [everything, showKube]);
  const hiddenKube = everything.length - all.length;
  const visible = useMemo(() => all.filter((c) => inTab(c, tab) && matches(c, query)), [all, tab, query]);
  const groups = useMemo(() => groupByProject(visible), [visible]);
  const counts = { all: all.length, running: all.filter(isUp).length, stopped: all.filter((c) => !isUp(c)).length };
  // Selection only ever holds containers that still exist and are shown.
  const chosen = visible.filter((c) => selected.has(c.id));

  const select = (id: string, on: boolean): void => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const selectAll = (on: boolean): void => setSelected(on ? new Set(visible.map((c) => c.id)) : new Set());
  const bulk = (action: ContainerAction, targets: ContainerSummary[]): void => void actMany(targets.map((c) => c.id), action);

  let body;
  if (all.length === 0 && engine.state === 'disconnected') {
    body = (
      <div className="empty-state" role="alert">
        <p className="empty-title">Berth cannot reach the engine</p>
        <p>{capitalise(engine.reason)}.</p>
        {engine.hint && <p className="muted">{engine.hint}</p>}
        <button type="button" onClick={retryNow}>
          Retry now
        </button>
      </div>
    );
  } else if (all.length === 0 && listError) {
    body = (
      <div className="banner error" role="alert">
        {listError.message}
      </div>
    );
  } else if (phase !== 'ready' && all.length === 0) {
    body = <div className="empty-state">Loading containers…</div>;
  } else if (all.length === 0) {
    body = (
      <div className="empty-state">
        <p className="empty-title">No containers yet</p>
        <p>Run one with the button above, or from a terminal; it appears here at once.</p>
        <button type="button" className="primary" onClick={() => setRunning(true)}>
          Run a container
        </button>
      </div>
    );
  } else if (visible.length === 0) {
    body = <div className="empty-state">No container matches {query ? `“${query}”` : 'this tab'}.</div>;
  } else {
    body = (
      <table className="table" aria-label="Containers">
        <thead>
          <tr>
            <th className="select-col">
              <input type="checkbox" aria-label="Select all shown" checked={chosen.length > 0 && chosen.length === visible.length} onChange={(e) => selectAll(e.target.checked)} />
            </th>
            <th>Name</th>
            <th>Image</th>
            <th>State</th>
            <th>Ports</th>
            <th>Created</th>
            <th className="actions">Actions</th>
          </tr>
        </thead>
        {groups.map((g) => {
          const key = g.project ?? '';
          const folded = g.project !== null && collapsed.has(key);
          return (
            <tbody key={key} data-project={g.project ?? undefined}>
              {g.project !== null && (
                <tr className="group-row" data-group={g.project}>
                  <td className="select-col">
                    <button
                      type="button"
                      className="link-button"
                      aria-expanded={!folded}
                      aria-label={`${folded ? 'Expand' : 'Collapse'} project ${g.project}`}
                      onClick={() => {
                        const next = new Set(collapsed);
                        if (folded) next.delete(key);
                        else next.add(key);
                        setCollapsed(next);
                      }}
                    >
                      {folded ? '▸' : '▾'}
                    </button>
                  </td>
                  <td colSpan={5}>
                    {g.project} <span className="muted small">compose project · {g.containers.length} container{g.containers.length === 1 ? '' : 's'}, {g.containers.filter(isUp).length} running</span>
                  </td>
                  <td className="actions">
                    <button type="button" onClick={() => bulk('start', g.containers)} aria-label={`Start project ${g.project}`}>
                      Start
                    </button>
                    <button type="button" onClick={() => bulk('stop', g.containers.filter(isUp))} aria-label={`Stop project ${g.project}`}>
                      Stop
                    </button>
                    <button type="button" className="danger-quiet" onClick={() => setRemoving(g.containers)} aria-label={`Remove project ${g.project}`}>
                      Remove
                    </button>
                  </td>
                </tr>
              )}
              {!folded && g.containers.map((c) => <ContainerRow key={c.id} c={c} now={now} selected={selected.has(c.id)} onSelect={select} onRemove={(x) => setRemoving([x])} onRename={setRenaming} />)}
            </tbody>
          );
        })}
      </table>
    );
  }

  return (
    <section className="page">
      <header className="page-header">
        <h1>Containers</h1>
        <span className="muted">
          {counts.all} container{counts.all === 1 ? '' : 's'}, {counts.running} running
        </span>
        {phase === 'stale' && <span className="badge warn">Out of date: the engine is unreachable</span>}
      </header>
      <div className="toolbar">
        <input type="search" placeholder="Search name, image, label=value…" aria-label="Search containers" value={query} onChange={(e) => setQuery(e.target.value)} />
        <Tabs<StateTab>
          label="Container state"
          current={tab}
          onChange={setTab}
          tabs={[
            { id: 'all', label: `All (${counts.all})` },
            { id: 'running', label: `Running (${counts.running})` },
            { id: 'stopped', label: `Stopped (${counts.stopped})` },
          ]}
        />
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => setRunning(true)}>
          Run…
        </button>
      </div>
      {chosen.length > 0 && (
        <div className="bulk-bar" role="toolbar" aria-label="Selected containers">
          <strong>{chosen.length} selected</strong>
          {bulkActions.map(({ action, label }) => (
            <button key={action} type="button" onClick={() => bulk(action, chosen)}>
              {label}
            </button>
          ))}
          <button type="button" className="danger-quiet" onClick={() => setRemoving(chosen)}>
            Remove…
          </button>
          <button type="button" className="link-button" onClick={() => setSelected(new Set())}>
            Clear
          </button>
        </div>
      )}
      {body}
      {(hiddenKube > 0 || (showKube && everything.some(isKubernetesContainer))) && (
        <p className="muted small" data-testid="kube-containers-note">
          {showKube ? 'Showing the containers Kubernetes runs for its pods. ' : `${hiddenKube} container${hiddenKube === 1 ? '' : 's'} that Kubernetes runs for its pods ${hiddenKube === 1 ? 'is' : 'are'} hidden (see them on the Kubernetes page). `}
          <button type="button" className="link-button" onClick={() => setShowKube(!showKube)}>
            {showKube ? 'Hide them' : 'Show them'}
          </button>
        </p>
      )}
      {removing && (
        <RemoveContainersDialog
          targets={removing}
          onCancel={() => setRemoving(null)}
          onConfirm={(options) => {
            const targets = removing;
            setRemoving(null);
            setSelected(new Set());
            void actMany(
              targets.map((c) => c.id),
              'remove',
              options,
            );
          }}
        />
      )}
      {renaming && <RenameDialog target={renaming} onClose={() => setRenaming(null)} />}
      {running && <RunDialog onClose={() => setRunning(false)} />}
    </section>
  );
}
