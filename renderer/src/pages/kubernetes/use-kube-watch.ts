import { useEffect, useState } from 'react';
import type { KubeKind, KubeRowOf, KubeWatchEvent } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { useApi, useKube } from '../../stores/context';

export interface WatchedList<K extends KubeKind> {
  rows: KubeRowOf<K>[];
  /** loading: before the first snapshot; live: current; relisting/reconnecting: getting back in step; failed: ended with `error`. */
  phase: 'loading' | 'live' | 'relisting' | 'reconnecting' | 'failed';
  error: RpcError | null;
  /** What the backend says while it reconnects. */
  message: string | null;
  retry(): void;
}

export interface WatchOptions {
  /** A namespace; null or absent: all namespaces (or a cluster-scoped kind). */
  namespace?: string | null | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  /** False: watch nothing (e.g. until the object the watch depends on is known). */
  enabled?: boolean;
}

/**
 * A list kept current by a `kube:watch` stream: the snapshot, then the changes, applied at most
 * once per animation frame. Rows that did not change keep their identity (memoised rows skip
 * rendering). Unmounting closes the stream, and with it the backend's watch.
 */
export function useKubeWatch<K extends KubeKind>(kind: K, options: WatchOptions = {}): WatchedList<K> {
  const api = useApi();
  const context = useKube((s) => s.context);
  const { namespace, labelSelector, fieldSelector, enabled = true } = options;
  const [attempt, setAttempt] = useState(0);
  // The state belongs to one stream (its key): a new stream starts from "loading" without a reset in the effect.
  const key = JSON.stringify([context, kind, namespace ?? null, labelSelector ?? null, fieldSelector ?? null, enabled, attempt]);
  const [state, setState] = useState<Omit<WatchedList<K>, 'retry'> & { key: string }>({ key: '', rows: [], phase: 'loading', error: null, message: null });

  useEffect(() => {
    if (!context || !enabled) return;
    const rows = new Map<string, KubeRowOf<K>>();
    let dirty = false;
    let frame = 0;
    let phase: WatchedList<K>['phase'] = 'loading';
    let message: string | null = null;
    const apply = (): void => {
      frame = 0;
      const list = dirty ? [...rows.values()] : null;
      dirty = false;
      setState((s) => ({ key, rows: list ?? (s.key === key ? s.rows : []), phase, error: null, message }));
    };
    const schedule = (): void => {
      if (!frame) frame = requestAnimationFrame(apply);
    };
    const onEvent = (e: KubeWatchEvent): void => {
      if (e.type === 'snapshot') {
        rows.clear();
        for (const r of e.rows) rows.set(r.uid, r as KubeRowOf<K>);
        phase = 'live';
        dirty = true;
      } else if (e.type === 'changes') {
        for (const r of e.upserts) rows.set(r.uid, r as KubeRowOf<K>);
        for (const uid of e.deletes) rows.delete(uid);
        dirty = true;
      } else {
        phase = e.state;
        message = e.message;
      }
      schedule();
    };
    const args: { context: string; kind: K; namespace?: string; labelSelector?: string; fieldSelector?: string } = { context, kind };
    if (namespace) args.namespace = namespace;
    if (labelSelector) args.labelSelector = labelSelector;
    if (fieldSelector) args.fieldSelector = fieldSelector;
    const handle = api.openStream('kube:watch', args, {
      onData: onEvent,
      onEnd: (error) => {
        if (frame) cancelAnimationFrame(frame);
        frame = 0;
        setState((s) => ({ key, rows: s.key === key ? s.rows : [], phase: 'failed', error: error ?? { code: 'cancelled', message: 'The list stopped updating.' }, message: null }));
      },
    });
    return () => {
      if (frame) cancelAnimationFrame(frame);
      handle.close();
    };
    // key stands for everything the stream depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);

  const retry = (): void => setAttempt((n) => n + 1);
  if (state.key !== key) return { rows: [], phase: 'loading', error: null, message: null, retry };
  return { rows: state.rows, phase: state.phase, error: state.error, message: state.message, retry };
}
