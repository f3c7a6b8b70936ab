import { useEffect, useRef, useState } from 'react';
import type { DesktopApi } from '../../../../shared/api';
import type { RpcError } from '../../../../shared/result';
import { useApi } from '../../stores/context';

type Loaded = { ok: true; lines: string[] } | { ok: false; error: RpcError };
export type LogSource = 'vm-console' | 'backend';

async function read(api: DesktopApi, source: LogSource, lines: number): Promise<Loaded> {
  if (source === 'vm-console') {
    const r = await api.invoke('vm:console-log', { lines });
    return r.ok ? { ok: true, lines: r.value } : { ok: false, error: r.error };
  }
  const r = await api.invoke('diagnostics:backend-log', { lines });
  return r.ok ? { ok: true, lines: r.value.map((l) => `${new Date(l.time).toLocaleTimeString()} ${l.level.padEnd(5)} ${l.text}`) } : { ok: false, error: r.error };
}

/** The last lines of a log, read on demand (nothing polls): the VM console, the backend. */
export function LogTail({ title, empty, source }: { title: string; empty: string; source: LogSource }) {
  const api = useApi();
  const [lines, setLines] = useState(200);
  const [state, setState] = useState<Loaded | null>(null);
  const [busy, setBusy] = useState(false);
  const pre = useRef<HTMLPreElement>(null);

  useEffect(() => {
    let live = true;
    void read(api, source, lines).then((r) => live && setState(r));
    return () => {
      live = false;
    };
  }, [api, source, lines]);

  useEffect(() => {
    if (pre.current) pre.current.scrollTop = pre.current.scrollHeight;
  }, [state]);

  const refresh = async (): Promise<void> => {
    setBusy(true);
    setState(await read(api, source, lines));
    setBusy(false);
  };

  const id = title.toLowerCase().replace(/\W+/g, '-');
  return (
    <section className="card log-tail" aria-labelledby={`${id}-title`}>
      <div className="log-tail-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <span className="spacer" />
        <label className="small muted">
          Last{' '}
          <select value={lines} onChange={(e) => setLines(Number(e.target.value))} aria-label={`${title}: how many lines`}>
            {[100, 200, 500, 2000].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>{' '}
          lines
        </label>
        <button type="button" disabled={busy} onClick={() => void refresh()}>
          {busy ? 'Reading…' : 'Refresh'}
        </button>
      </div>
      {!state ? (
        <p className="muted">Reading…</p>
      ) : !state.ok ? (
        <p className="muted">{state.error.code === 'unknown-channel' ? `Not available in this build: ${state.error.message}` : state.error.message}</p>
      ) : state.lines.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <pre ref={pre} className="output" aria-label={title} tabIndex={0}>
          {state.lines.join('\n')}
        </pre>
      )}
    </section>
  );
}
