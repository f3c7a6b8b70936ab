import { useEffect, useId, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RpcError } from '../../../../shared/result';
import { useStores, useTerminals } from '../../stores/context';
import { ownedBy, type TerminalSpec } from '../../stores/terminals-store';
import { ErrorNote } from '../ErrorNote';
import { splitCommand } from './argv';
import { TerminalView } from './TerminalView';
import './terminal.css';

interface Props {
  /** 'host', or the container's full ID. */
  owner: string;
  /** What a new tab runs (mode, container); the user may add a command and a user. */
  spec: TerminalSpec;
  /** Open a first shell when there is none (once the sessions the backend kept are known). */
  autoOpen?: boolean;
  label: string;
}

/**
 * Terminals in tabs, for one owner. Every tab's view stays mounted while this is on screen (the
 * hidden ones keep their output flowing); leaving unmounts them all, which only detaches.
 */
export function TerminalTabs({ owner, spec, autoOpen = true, label }: Props) {
  const store = useStores().terminals;
  const tabs = useTerminals(useShallow((s) => s.tabs.filter((t) => ownedBy(t, owner))));
  const activeKey = useTerminals((s) => s.active[owner]);
  const restored = useTerminals((s) => s.restored);
  const [error, setError] = useState<RpcError | null>(null);
  const [options, setOptions] = useState(false);
  const active = tabs.find((t) => t.key === activeKey) ?? tabs.at(-1);

  useEffect(() => {
    if (autoOpen && restored) store.getState().ensure(owner, spec);
    // The spec is read when the first tab is made; a new spec object each render must not matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [autoOpen, restored, owner, store]);

  const close = async (key: string): Promise<void> => {
    const failure = await store.getState().close(key);
    setError(failure);
  };

  return (
    <div className="term-tabs" data-terminal-owner={owner}>
      <div className="term-tabbar">
        <div className="term-tablist" role="tablist" aria-label={label}>
          {tabs.map((t) => (
            <div key={t.key} className={t.key === active?.key ? 'term-tab active' : 'term-tab'}>
              <button type="button" role="tab" aria-selected={t.key === active?.key} className="term-tab-label" onClick={() => store.getState().select(owner, t.key)} title={t.command?.join(' ') ?? t.title}>
                {t.mode === 'debug' && <span className="term-chip">debug</span>}
                {t.title}
                {t.failure ? ' (failed)' : !t.alive ? ' (exited)' : ''}
              </button>
              <button type="button" className="term-tab-close" aria-label={`Close ${t.title}`} title="Close: ends the shell" onClick={() => void close(t.key)}>
                ×
              </button>
            </div>
          ))}
        </div>
        <button type="button" className="term-add" aria-label="New terminal" title="New terminal" onClick={() => store.getState().open(owner, spec)}>
          +
        </button>
        <button type="button" className="link-button small" aria-expanded={options} onClick={() => setOptions(!options)}>
          {spec.mode === 'host' || spec.mode === 'pod' ? 'Command…' : 'Command and user…'}
        </button>
      </div>
      {options && (
        <NewTerminalForm
          withUser={spec.mode !== 'host' && spec.mode !== 'pod'}
          onOpen={(command, user) => {
            const next: TerminalSpec = { ...spec };
            if (command.length) next.command = command;
            if (user) next.user = user;
            store.getState().open(owner, next);
            setOptions(false);
          }}
          onCancel={() => setOptions(false)}
        />
      )}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
      {tabs.length === 0 && (
        <div className="empty-state term-empty">
          <p className="empty-title">No terminal open</p>
          <button type="button" className="primary" onClick={() => store.getState().open(owner, spec)}>
            Open a shell
          </button>
        </div>
      )}
      <div className="term-views">
        {tabs.map((t) => (
          <TerminalView key={t.key} tab={t} visible={t.key === active?.key} />
        ))}
      </div>
    </div>
  );
}

function NewTerminalForm({ withUser, onOpen, onCancel }: { withUser: boolean; onOpen(command: string[], user: string): void; onCancel(): void }) {
  const id = useId();
  const [command, setCommand] = useState('');
  const [user, setUser] = useState('');
  const parsed = splitCommand(command);
  const userOk = !user || /^[a-zA-Z0-9_.-]+(:[a-zA-Z0-9_.-]+)?$/.test(user);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (parsed.ok && userOk) onOpen(parsed.argv, user);
  };
  return (
    <form className="term-new" onSubmit={submit}>
      <label className="field" htmlFor={`${id}-cmd`}>
        <span>Command (empty: the best shell there is)</span>
        <input id={`${id}-cmd`} type="text" placeholder="e.g. sh -c 'top'" value={command} onChange={(e) => setCommand(e.target.value)} aria-invalid={!parsed.ok || undefined} spellCheck={false} />
        {!parsed.ok && <span className="field-error">{parsed.error}</span>}
      </label>
      {withUser && (
        <label className="field" htmlFor={`${id}-user`}>
          <span>User (empty: the container’s)</span>
          <input id={`${id}-user`} type="text" placeholder="root, 1000 or 1000:1000" value={user} onChange={(e) => setUser(e.target.value)} aria-invalid={!userOk || undefined} spellCheck={false} />
          {!userOk && <span className="field-error">A user is a name or a uid, optionally :group.</span>}
        </label>
      )}
      <div className="term-new-actions">
        <button type="submit" className="primary" disabled={!parsed.ok || !userOk}>
          Open
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
