import { Router } from '../../electron/backend/rpc/router';
import { silentLogger } from '../../electron/backend/logger';
import { registerKubeViewHandlers, type KubeViewDeps } from '../../electron/backend/handlers/kube-views';
import { TerminalSessions } from '../../electron/backend/terminals/session';
import type { StreamServerMessage } from '../../shared/protocol';
import type { RpcError, Result } from '../../shared/result';
import type { InvokeArgs, InvokeChannel, InvokeResult, StreamChannel, StreamTypes } from '../../shared/channels';
import type { KubeRow, KubeWatchEvent } from '../../shared/models';

/** The Kubernetes views' handlers on a router of their own, with one client attached (as a window). */
export function kubeViewsOn(kubeconfig: string, extra: Partial<KubeViewDeps> = {}) {
  const router = new Router(silentLogger);
  const terminals = new TerminalSessions();
  const views = registerKubeViewHandlers(router, { log: silentLogger, kubeconfigPath: () => kubeconfig, terminals, ...extra });
  const listeners = new Map<string, (m: StreamServerMessage) => void>();
  const events: { channel: string; payload: unknown }[] = [];
  const client = router.connect({
    id: 'test',
    sendStream: (m) => listeners.get(m.sid)?.(m),
    sendEvent: (channel, payload) => events.push({ channel, payload }),
  });
  let counter = 0;
  const invoke = <C extends InvokeChannel>(channel: C, args: InvokeArgs<C>) => router.invoke(channel, args) as Promise<Result<InvokeResult<C>>>;
  /** Invokes and returns the value, or throws with the error's message. */
  const call = async <C extends InvokeChannel>(channel: C, args: InvokeArgs<C>): Promise<InvokeResult<C>> => {
    const r = await invoke(channel, args);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
    return r.value;
  };
  const open = <C extends StreamChannel>(channel: C, args: StreamTypes[C]['args']) => {
    const sid = `s${++counter}`;
    const data: StreamTypes[C]['data'][] = [];
    let onData: ((d: StreamTypes[C]['data']) => void) | null = null;
    const ended = new Promise<RpcError | undefined>((resolve) => {
      listeners.set(sid, (m) => {
        if (m.type === 'data') {
          data.push(m.data as StreamTypes[C]['data']);
          onData?.(m.data as StreamTypes[C]['data']);
        } else {
          listeners.delete(sid);
          resolve(m.error);
        }
      });
    });
    client.handle({ type: 'open', sid, channel, args });
    return {
      data,
      ended,
      set onData(f: ((d: StreamTypes[C]['data']) => void) | null) {
        onData = f;
      },
      write: (text: string) => client.handle({ type: 'write', sid, data: text }),
      resize: (cols: number, rows: number) => client.handle({ type: 'resize', sid, cols, rows }),
      close: () => client.handle({ type: 'close', sid }),
    };
  };
  return {
    router,
    views,
    terminals,
    events,
    invoke,
    call,
    open,
    dispose: () => {
      client.dispose();
      views.dispose();
      terminals.closeAll();
    },
  };
}

/** Keeps the rows of a kube:watch stream as the renderer does. */
export function watchRows(events: KubeWatchEvent[]): Map<string, KubeRow> {
  const rows = new Map<string, KubeRow>();
  for (const e of events) {
    if (e.type === 'snapshot') {
      rows.clear();
      for (const r of e.rows) rows.set(r.uid, r);
    } else if (e.type === 'changes') {
      for (const r of e.upserts) rows.set(r.uid, r);
      for (const uid of e.deletes) rows.delete(uid);
    }
  }
  return rows;
}

export async function until<T>(what: string, check: () => T | undefined | false | null | Promise<T | undefined | false | null>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

let n = 0;
/** A namespace name unique to this run. */
export function uniqueNamespace(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${++n}`;
}
