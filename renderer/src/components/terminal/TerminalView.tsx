import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { StreamHandle, StreamHandlers } from '../../../../shared/api';
import type { StreamTypes } from '../../../../shared/channels';
import type { TerminalEvent } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { useApi, useStores } from '../../stores/context';
import type { TerminalTab } from '../../stores/terminals-store';
import { copyText } from './clipboard';
import { createXterm, type XtermParts } from './xterm-setup';
import { TerminalFindBar } from './TerminalFindBar';
import { screenCache } from './screen-cache';

export const debugExplanation =
  'This is a debug shell: a helper container from a local image with a shell, started in the PID and network namespaces of the container. Its processes show in ps, its network is this one, and its files are at /proc/1/root.';

/** How long a stream closed before its session was named may stay open to learn that name. */
const orphanWaitMs = 10_000;

/**
 * One terminal session on screen. Mounting attaches (a new session, or the tab's session with its
 * recent output replayed); unmounting only detaches: the shell keeps running in the backend until
 * the tab is closed.
 */
export function TerminalView({ tab, visible }: { tab: TerminalTab; visible: boolean }) {
  const api = useApi();
  const store = useStores().terminals;
  const host = useRef<HTMLDivElement>(null);
  const parts = useRef<XtermParts | null>(null);
  const handle = useRef<StreamHandle<string> | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [linkError, setLinkError] = useState<RpcError | null>(null);
  const [finding, setFinding] = useState(false);
  const [hadScreen] = useState(() => screenCache.get(tab.key) !== undefined);
  const tabRef = useRef(tab);
  useLayoutEffect(() => {
    tabRef.current = tab;
  });

  // The xterm: made once per mount, fitted to its pane as the pane changes size.
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const x = createXterm(el, (uri) => window.open(uri, '_blank', 'noopener,noreferrer'));
    parts.current = x;
    el.dataset.renderer = x.renderer;
    const key = tabRef.current.key;
    const cached = screenCache.get(key);
    if (cached) x.term.write(cached);
    const { term } = x;
    term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown') return true;
      const mod = e.ctrlKey && e.shiftKey && !e.altKey && !e.metaKey;
      if (mod && e.code === 'KeyC') {
        const selection = term.getSelection();
        if (selection) void copyText(selection);
        e.preventDefault();
        return false;
      }
      // Ctrl+Shift+V: left to the browser, whose paste event xterm turns into input (no clipboard permission needed).
      if (mod && e.code === 'KeyV') return false;
      if (mod && e.code === 'KeyF') {
        e.preventDefault();
        setFinding(true);
        return false;
      }
      return true;
    });
    const input = term.onData((data) => handle.current?.write(data));
    const resized = term.onResize(({ cols, rows }) => handle.current?.resize(cols, rows));
    let frame = 0;
    const fit = (): void => {
      frame = 0;
      if (el.clientWidth > 0 && el.clientHeight > 0) {
        try {
          x.fit.fit();
        } catch {
          /* not laid out yet */
        }
      }
    };
    const observer = new ResizeObserver(() => {
      if (!frame) frame = requestAnimationFrame(fit);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      if (frame) cancelAnimationFrame(frame);
      input.dispose();
      resized.dispose();
      parts.current = null;
      // Keep the screen for the next visit, unless the tab was closed.
      if (store.getState().tabs.some((t) => t.key === key)) screenCache.set(key, x.serialize.serialize({ scrollback: screenCache.scrollback }));
      else screenCache.delete(key);
      x.dispose();
    };
  }, [store]);

  useEffect(() => {
    if (visible) parts.current?.term.focus();
  }, [visible]);

  // The session: attached after the first fit, so the shell starts at the pane's size.
  const failed = tab.failure !== null;
  useEffect(() => {
    if (failed) return;
    let named = false;
    let unmounted = false;
    let stream: StreamHandle<string> | null = null;
    let orphanTimer: ReturnType<typeof setTimeout> | null = null;
    let reattaching = false;

    const handlers: StreamHandlers<TerminalEvent> = {
      onData: (event) => {
        const x = parts.current;
        const key = tabRef.current.key;
        if (event.kind === 'session') {
          named = true;
          const stillThere = store.getState().tabs.some((t) => t.key === key);
          if (unmounted) {
            // Closed (or left) before the backend named the session: keep it, or end it.
            if (stillThere) store.getState().attached(key, event.session, event.notice);
            else void api.invoke('terminals:close', { sessionId: event.session.sessionId });
            stream?.close();
            if (orphanTimer) clearTimeout(orphanTimer);
            return;
          }
          if (event.replay) x?.term.reset();
          store.getState().attached(key, event.session, event.notice);
        } else if (event.kind === 'output') {
          x?.term.write(event.data);
        } else {
          store.getState().exited(key, event.code);
          x?.term.write(`\r\n\x1b[2m[process exited${event.code === null ? '' : ` with code ${event.code}`}]\x1b[0m\r\n`);
        }
      },
      onEnd: (error) => {
        if (handle.current === stream) handle.current = null;
        if (unmounted || !error) return;
        if (!named) store.getState().failed(tabRef.current.key, error, reattaching);
        else setLinkError(error);
      },
    };

    const start = (): void => {
      const x = parts.current;
      if (!x) return;
      if (host.current && host.current.clientWidth > 0) {
        try {
          x.fit.fit();
        } catch {
          /* keep xterm's size */
        }
      }
      const t = tabRef.current;
      const size = { cols: Math.max(2, x.term.cols), rows: Math.max(2, x.term.rows) };
      const session = t.sessionId ? { sessionId: t.sessionId } : {};
      reattaching = !!t.sessionId;
      if (t.mode === 'host') stream = api.openStream('terminal:host', { ...session, ...size }, handlers);
      else if (t.mode === 'vm') stream = api.openStream('terminal:vm', { ...session, ...size }, handlers);
      else if (t.mode === 'pod') {
        const target = t.pod && !t.sessionId ? { context: t.pod.context, namespace: t.pod.namespace, pod: t.pod.name, container: t.pod.container } : {};
        const args: StreamTypes['kube:exec']['args'] = { ...session, ...target, ...size };
        if (t.command?.length && !t.sessionId) args.command = t.command;
        stream = api.openStream('kube:exec', args, handlers);
      } else {
        const args: StreamTypes['containers:exec']['args'] = { id: t.containerId ?? t.owner, mode: t.mode === 'debug' ? 'debug' : 'exec', ...session, ...size };
        if (t.command?.length && !t.sessionId) args.command = t.command;
        if (t.user && !t.sessionId) args.user = t.user;
        stream = api.openStream('containers:exec', args, handlers);
      }
      handle.current = stream;
    };
    // After layout (and not at all under StrictMode's mount-unmount-mount check).
    const frame = requestAnimationFrame(start);
    return () => {
      unmounted = true;
      cancelAnimationFrame(frame);
      if (handle.current === stream) handle.current = null;
      if (!stream) return;
      if (named) stream.close(); // detach: the shell keeps running
      else orphanTimer = setTimeout(() => stream?.close(), orphanWaitMs);
    };
  }, [api, store, failed, attempt]);

  /** A new session in this tab: the ended one is closed in the backend first. */
  const startAgain = (): void => {
    const old = tab.sessionId;
    if (old) void api.invoke('terminals:close', { sessionId: old });
    parts.current?.term.reset();
    store.getState().restart(tab.key);
    setAttempt((n) => n + 1);
  };

  const copyAll = async (): Promise<void> => {
    const x = parts.current;
    if (!x) return;
    await copyText(bufferText(x));
    x.term.focus();
  };

  return (
    <div className="term-pane" hidden={!visible} data-terminal-tab={tab.key} data-session-id={tab.sessionId ?? undefined}>
      {tab.mode === 'debug' && (
        <div className="term-debug-banner" role="note" data-debug-banner>
          <strong>Debug shell</strong>
          <span>{tab.notice ?? debugExplanation}</span>
        </div>
      )}
      {tab.failure && <FailurePanel tab={tab} onRetry={startAgain} />}
      {linkError && (
        <div className="banner error term-banner" role="alert">
          <span>Detached: {linkError.message}</span>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setLinkError(null);
              setAttempt((n) => n + 1);
            }}
          >
            Reattach
          </button>
        </div>
      )}
      <div className="term-tools" hidden={!!tab.failure && !hadScreen}>
        {!tab.alive && !tab.failure && (
          <span className="term-exited muted small" data-exited={tab.exitCode ?? ''}>
            The process exited{tab.exitCode === null ? '' : ` with code ${tab.exitCode}`}.
            <button type="button" className="link-button small" onClick={startAgain}>
              Start again
            </button>
          </span>
        )}
        <span className="spacer" />
        <button type="button" className="link-button small" onClick={() => setFinding(true)} title="Find in the output (Ctrl+Shift+F)">
          Find
        </button>
        <button type="button" className="link-button small" onClick={() => void copyAll()} title="Copy the whole output as text (Ctrl+Shift+C copies the selection)">
          Copy all
        </button>
      </div>
      <div className="term-body" hidden={!!tab.failure && !hadScreen}>
        {finding && (
          <TerminalFindBar
            parts={parts}
            onClose={() => {
              setFinding(false);
              parts.current?.term.focus();
            }}
          />
        )}
        <div className="term-frame">
          <div ref={host} className="term-host" data-terminal-host />
        </div>
      </div>
    </div>
  );
}

/** The whole buffer as plain text. (No HTML: the browser would parse it here, and the CSP refuses its inline styles.) */
function bufferText(x: XtermParts): string {
  const buffer = x.term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
  while (lines.length && !lines.at(-1)) lines.pop();
  return lines.join('\n');
}

function FailurePanel({ tab, onRetry }: { tab: TerminalTab; onRetry(): void }) {
  const store = useStores().terminals;
  const error = tab.failure;
  if (!error) return null;
  // 'not-found' from a new exec means no shell; from a reattach, that the session is gone.
  const noShell = error.code === 'not-found' && tab.mode === 'exec' && !tab.failedReattach;
  return (
    <div className="term-failure" role="alert" data-terminal-failure={error.code}>
      <p>{error.message}</p>
      <div className="term-failure-actions">
        {noShell && tab.containerId && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              // This tab never had a session: the debug shell takes its place.
              const spec = { mode: 'debug' as const, containerId: tab.containerId, ...(tab.containerName ? { containerName: tab.containerName } : {}) };
              store.getState().open(tab.owner, spec);
              void store.getState().close(tab.key);
            }}
          >
            Open a debug shell
          </button>
        )}
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      </div>
      {noShell && <p className="muted small">{debugExplanation}</p>}
    </div>
  );
}
