import { useState } from 'react';
import type { ContainerDetails } from '../../../../shared/models';
import { formatBytes, formatPorts } from '../../lib/format';
import { href } from '../../lib/use-route';

function Env({ env }: { env: string[] }) {
  const [shown, setShown] = useState<Set<number>>(new Set());
  if (!env.length) return <span className="muted">none</span>;
  return (
    <ul className="plain mono small" aria-label="Environment">
      {env.map((line, i) => {
        const eq = line.indexOf('=');
        const name = eq === -1 ? line : line.slice(0, eq);
        const value = eq === -1 ? '' : line.slice(eq + 1);
        const visible = shown.has(i);
        return (
          <li key={i}>
            {name}=
            {visible ? (
              <span data-env-value={name}>{value}</span>
            ) : (
              <button type="button" className="link-button masked" aria-label={`Show the value of ${name}`} onClick={() => setShown(new Set(shown).add(i))}>
                ••••••
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function time(ms: number | null): string {
  return ms ? new Date(ms).toLocaleString() : '—';
}

export function ContainerOverview({ d }: { d: ContainerDetails }) {
  const ports = formatPorts(d.ports);
  return (
    <div className="overview">
      <dl className="kv">
        <dt>ID</dt>
        <dd className="mono">{d.id}</dd>
        <dt>Image</dt>
        <dd>
          <a className="link mono" href={href('images', d.imageId)}>
            {d.image}
          </a>
        </dd>
        <dt>Command</dt>
        <dd className="mono">{d.cmd.length ? JSON.stringify(d.cmd) : <span className="muted">none</span>}</dd>
        <dt>Entrypoint</dt>
        <dd className="mono">{d.entrypoint.length ? JSON.stringify(d.entrypoint) : <span className="muted">none</span>}</dd>
        <dt>Working folder</dt>
        <dd className="mono">{d.workingDir || '/'}</dd>
        <dt>User</dt>
        <dd className="mono">{d.user || 'root (image default)'}</dd>
        <dt>Created</dt>
        <dd>{time(d.created)}</dd>
        <dt>Started</dt>
        <dd>{time(d.startedAt)}</dd>
        {d.exitCode !== null && (
          <>
            <dt>Exited</dt>
            <dd>
              {time(d.finishedAt)} with code {d.exitCode}
              {d.error && <span className="field-error"> — {d.error}</span>}
            </dd>
          </>
        )}
        <dt>Restart policy</dt>
        <dd>
          {d.restartPolicy} · restarted {d.restartCount} time{d.restartCount === 1 ? '' : 's'}
        </dd>
        <dt>Health</dt>
        <dd>
          {d.health === 'none' ? <span className="muted">no health check</span> : <span className={`pill health-${d.health}`}>{d.health}</span>}
          {d.healthLog.length > 0 && <pre className="output small">{d.healthLog.join('\n')}</pre>}
        </dd>
        <dt>Limits</dt>
        <dd>
          memory {d.memoryLimit ? formatBytes(d.memoryLimit) : 'unlimited'} · CPUs {d.nanoCpus ? d.nanoCpus / 1e9 : 'unlimited'}
        </dd>
        <dt>Ports</dt>
        <dd className="mono">{ports.length ? ports.join(', ') : <span className="muted">none published</span>}</dd>
        <dt>Networks</dt>
        <dd>
          {d.networks.length ? (
            d.networks.map((n) => (
              <span key={n.name} className="chip">
                {n.name} <span className="mono">{n.ipAddress || 'no address'}</span>
              </span>
            ))
          ) : (
            <span className="muted">none</span>
          )}
        </dd>
        <dt>Environment</dt>
        <dd>
          <Env env={d.env} />
        </dd>
        <dt>Labels</dt>
        <dd>
          {Object.keys(d.labels).length ? (
            Object.entries(d.labels).map(([k, v]) => (
              <span key={k} className="chip mono">
                {k}={v}
              </span>
            ))
          ) : (
            <span className="muted">none</span>
          )}
        </dd>
      </dl>
      <h3>Mounts</h3>
      {d.mounts.length ? (
        <table className="table small">
          <thead>
            <tr>
              <th>Type</th>
              <th>Source</th>
              <th>In the container</th>
              <th>Mode</th>
            </tr>
          </thead>
          <tbody>
            {d.mounts.map((m) => (
              <tr key={m.destination}>
                <td>{m.type}</td>
                <td className="mono">
                  {m.type === 'volume' ? (
                    <a className="link" href={href('volumes', m.source)}>
                      {m.source}
                    </a>
                  ) : (
                    m.source
                  )}
                </td>
                <td className="mono">{m.destination}</td>
                <td>{m.readOnly ? 'read-only' : 'read-write'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No mounts: everything the container writes goes to its own writable layer.</p>
      )}
    </div>
  );
}
