import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DesktopApi, StreamHandle } from '../../../shared/api';
import type { StreamChannel, StreamTypes } from '../../../shared/channels';
import type { BuildEvent, RunEvent, TransferProgress } from '../../../shared/models';
import type { RpcError } from '../../../shared/result';

export type TaskKind = 'pull' | 'push' | 'build' | 'run';
export type TaskStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface Task {
  id: string;
  kind: TaskKind;
  title: string;
  status: TaskStatus;
  started: number;
  finished: number | null;
  /** Pull and push (and a run's pull): per-layer and total progress. */
  progress: TransferProgress | null;
  /** Build output, bounded to the last `maxLogLines` lines. */
  log: string[];
  /** Build: the step running now. */
  step: { index: number; total: number; instruction: string } | null;
  /** Build: where it failed. */
  failedStep: { index: number | null; instruction: string | null } | null;
  error: RpcError | null;
  /** A run's container, a build's image. */
  result: { id: string; name?: string; tags?: string[] } | null;
}

export interface TasksState {
  tasks: Task[];
  start<C extends Extract<StreamChannel, 'images:pull' | 'images:push' | 'images:build' | 'containers:run'>>(channel: C, args: StreamTypes[C]['args'], title: string): string;
  cancel(id: string): void;
  dismiss(id: string): void;
  /** Resolves when the task ends. */
  settled(id: string): Promise<Task>;
}

const maxLogLines = 5000;
const doneLingerMs = 15_000;
const kinds: Record<string, TaskKind> = { 'images:pull': 'pull', 'images:push': 'push', 'images:build': 'build', 'containers:run': 'run' };

/**
 * Long work (pulls, pushes, builds, runs) lives here, not in a dialog: it keeps going, with its
 * progress, when the user closes the dialog or changes page, and can be cancelled from anywhere.
 */
export function createTasksStore(api: DesktopApi): StoreApi<TasksState> {
  let next = 0;
  const handles = new Map<string, StreamHandle<never>>();
  const waiters = new Map<string, ((t: Task) => void)[]>();

  const store = createStore<TasksState>()((set, get) => {
    const patch = (id: string, change: Partial<Task> | ((t: Task) => Partial<Task>)): void =>
      set((s) => ({ tasks: s.tasks.map((t) => (t.id === id ? { ...t, ...(typeof change === 'function' ? change(t) : change) } : t)) }));

    const finish = (id: string, status: TaskStatus, error: RpcError | null): void => {
      handles.delete(id);
      patch(id, (t) => (t.status === 'running' ? { status, error, finished: Date.now() } : {}));
      const task = get().tasks.find((t) => t.id === id);
      if (task) for (const w of waiters.get(id) ?? []) w(task);
      waiters.delete(id);
      // Successes leave the panel by themselves after a while; failures stay until dismissed.
      if (task?.status === 'done' || task?.status === 'cancelled') setTimeout(() => get().dismiss(id), doneLingerMs);
    };

    const onData = (id: string, kind: TaskKind, data: TransferProgress | BuildEvent | RunEvent): void => {
      if (kind === 'pull' || kind === 'push') return patch(id, { progress: data as TransferProgress });
      if (kind === 'run') {
        const e = data as RunEvent;
        if (e.phase === 'pull') patch(id, { progress: e.progress });
        else if (e.phase === 'done') patch(id, { result: { id: e.id, name: e.name } });
        return;
      }
      const e = data as BuildEvent;
      if (e.kind === 'output') {
        patch(id, (t) => {
          const lines = e.text.replace(/\n$/, '').split('\n');
          const log = t.log.concat(lines);
          return { log: log.length > maxLogLines ? log.slice(-maxLogLines) : log };
        });
      } else if (e.kind === 'step') patch(id, { step: { index: e.index, total: e.total, instruction: e.instruction } });
      else if (e.kind === 'error') patch(id, { failedStep: { index: e.step, instruction: e.instruction } });
      else patch(id, { result: { id: e.imageId, tags: e.tags } });
    };

    return {
      tasks: [],
      start: (channel, args, title) => {
        const id = `task-${++next}`;
        const kind = kinds[channel]!;
        const task: Task = { id, kind, title, status: 'running', started: Date.now(), finished: null, progress: null, log: [], step: null, failedStep: null, error: null, result: null };
        set((s) => ({ tasks: [task, ...s.tasks] }));
        const handle = api.openStream(channel, args as never, {
          onData: (data) => onData(id, kind, data as TransferProgress | BuildEvent | RunEvent),
          onEnd: (error) => finish(id, error ? (error.code === 'cancelled' ? 'cancelled' : 'failed') : 'done', error ?? null),
        });
        handles.set(id, handle as StreamHandle<never>);
        return id;
      },
      cancel: (id) => {
        handles.get(id)?.close();
        finish(id, 'cancelled', null);
      },
      dismiss: (id) => {
        if (handles.has(id)) return;
        set((s) => ({ tasks: s.tasks.filter((t) => t.id !== id) }));
      },
      settled: (id) => {
        const task = get().tasks.find((t) => t.id === id);
        if (task && task.status !== 'running') return Promise.resolve(task);
        return new Promise((resolve) => waiters.set(id, [...(waiters.get(id) ?? []), resolve]));
      },
    };
  });
  return store;
}
