import { useState } from 'react';
import { useEngine } from '../../stores/context';
import type { Settings } from '../../../../shared/settings';
import { ErrorNote } from '../../components/ErrorNote';
import { Section, Toggle, useApply, useOptimistic } from './settings-parts';

/** What an engine address may look like (the same schemes the backend connects to). */
export function engineHostError(host: string): string | null {
  const h = host.trim();
  if (!h) return null; // empty: as the docker CLI would choose
  if (h.length > 1024) return 'That address is too long.';
  if (/^ssh:\/\//.test(h)) return 'ssh:// is not supported yet: use a docker context with a tcp:// or unix:// endpoint.';
  if (!/^(unix:\/\/\/.+|npipe:\/\/.+|tcp:\/\/[^/\s]+|https?:\/\/[^/\s]+)$/.test(h)) return 'Use unix:///path, npipe:////./pipe/name, tcp://host:port or https://host:port.';
  return null;
}

export function EngineSection({ settings }: { settings: Settings }) {
  const status = useEngine((s) => s.status);
  const apply = useApply();
  const [host, setHost] = useState(settings.engine.host ?? '');
  const hostError = engineHostError(host);
  const hostChanged = (host.trim() || null) !== settings.engine.host;
  const [source, chooseSource] = useOptimistic(settings.engine.source);
  const external = source === 'external';

  return (
    <Section id="engine" title="Engine">
      <fieldset className="engine-choice" aria-label="Which engine Berth uses">
        <label className="setting-toggle">
          <input type="radio" name="engine-source" checked={!external} onChange={() => chooseSource('vm', () => apply.apply({ engine: { source: 'vm' } }))} />
          <span>
            Berth’s own VM
            <span className="muted small setting-hint">A small Linux VM with dockerd, sized below.</span>
          </span>
        </label>
        <label className="setting-toggle">
          <input type="radio" name="engine-source" checked={external} onChange={() => chooseSource('external', () => apply.apply({ engine: { source: 'external' } }))} />
          <span>
            An engine that already runs
            <span className="muted small setting-hint">
              Docker Engine, another desktop app, a remote host.
              {status.endpoint ? ` Now: ${status.endpoint.host}.` : ''}
            </span>
          </span>
        </label>
      </fieldset>
      {external && (
        <div className="row-fields engine-host">
          <label className="field grow">
            <span>Address (empty: as the docker CLI would choose — DOCKER_HOST, the current context, the default socket)</span>
            <input type="text" value={host} placeholder="unix:///var/run/docker.sock" aria-invalid={!!hostError} onChange={(e) => setHost(e.target.value)} />
            {hostError && <span className="field-error">{hostError}</span>}
          </label>
          <button type="button" className="primary" disabled={!hostChanged || !!hostError || apply.busy} onClick={() => void apply.apply({ engine: { host: host.trim() || null } })}>
            Apply
          </button>
        </div>
      )}
      <Toggle
        label="Make “berth” docker’s current context"
        hint="So docker and kubectl in your own terminals use Berth’s engine. Berth never changes your context unless this is on."
        checked={settings.engine.useBerthContext}
        disabled={external}
        onChange={(v) => apply.apply({ engine: { useBerthContext: v } })}
      />
      <ErrorNote error={apply.error} onDismiss={apply.clear} />
    </Section>
  );
}
