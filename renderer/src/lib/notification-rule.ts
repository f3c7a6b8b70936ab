/**
 * The notification rule, pure (tested without a browser; the wiring is in notifications.ts).
 * Notifications for work that finished in the background: a pull or build done or failed, the VM
 * stopped unexpectedly, the cluster ready. Never for what the user is watching. The renderer
 * decides, because only it knows what is on screen; under Electron the main process shows the
 * notification (desktop:notify), in browser mode the web Notification API does where the user
 * allowed it, and an in-app toast otherwise.
 */
import type { ClusterStatus, VmStatus } from '../../../shared/models';
import type { Task } from '../stores/tasks-store';

export type BackgroundEvent =
  | { kind: 'task'; task: 'pull' | 'push' | 'build'; outcome: 'done' | 'failed'; title: string; detail: string | null }
  | { kind: 'vm-stopped'; message: string }
  | { kind: 'cluster-ready' };

export interface Attention {
  /** The window is on screen (not hidden in the tray, not minimised, not behind another tab) and focused. */
  windowActive: boolean;
  /** The page in front of the user ('containers', 'kubernetes', …). */
  page: string;
  /** The tasks panel lists pulls and builds on every page while it is unfolded. */
  tasksPanelShown: boolean;
}

export type Delivery = 'desktop' | 'toast' | 'none';

/** Is the thing this event is about on the user's screen right now? */
function watching(event: BackgroundEvent, a: Attention): boolean {
  switch (event.kind) {
    case 'task':
      return a.tasksPanelShown;
    case 'vm-stopped':
      return a.page === 'troubleshoot' || a.page === 'settings';
    case 'cluster-ready':
      return a.page === 'kubernetes';
  }
}

/**
 * The rule: nothing the user is watching; a desktop notification when they are away from the
 * window (and allow them); an in-app toast when they are in Berth but looking elsewhere.
 */
export function deliveryFor(event: BackgroundEvent, attention: Attention, desktopNotificationsOn: boolean): Delivery {
  if (!attention.windowActive) return desktopNotificationsOn ? 'desktop' : 'none';
  return watching(event, attention) ? 'none' : 'toast';
}

/** Pulls, pushes and builds that ended between two snapshots of the tasks. Cancelled ones were the user's own doing. */
export function finishedTasks(before: readonly Task[], after: readonly Task[]): BackgroundEvent[] {
  const wasRunning = new Set(before.filter((t) => t.status === 'running').map((t) => t.id));
  const out: BackgroundEvent[] = [];
  for (const t of after) {
    if (!wasRunning.has(t.id) || t.kind === 'run') continue;
    if (t.status === 'done' || t.status === 'failed') out.push({ kind: 'task', task: t.kind, outcome: t.status, title: t.title, detail: t.status === 'failed' ? (t.error?.message ?? null) : null });
  }
  return out;
}

/** The VM went from running to stopped or failed without anyone asking it to stop (that passes through "stopping"). */
export function vmStoppedUnexpectedly(before: VmStatus | null, after: VmStatus): BackgroundEvent | null {
  if (before?.state !== 'running' || (after.state !== 'stopped' && after.state !== 'error')) return null;
  return { kind: 'vm-stopped', message: after.error?.message ?? after.message ?? 'The VM stopped.' };
}

/** The cluster came up after starting (not merely reported running when Berth started). */
export function clusterBecameReady(before: ClusterStatus | null, after: ClusterStatus): BackgroundEvent | null {
  return before?.state === 'starting' && after.state === 'running' ? { kind: 'cluster-ready' } : null;
}

const verbs = { pull: 'Pull', push: 'Push', build: 'Build' } as const;

export function describe(event: BackgroundEvent): { title: string; body: string; route: string; tone: 'info' | 'error' } {
  switch (event.kind) {
    case 'task':
      return {
        title: `${verbs[event.task]} ${event.outcome === 'done' ? 'finished' : 'failed'}`,
        body: event.outcome === 'done' ? event.title : `${event.title}: ${event.detail ?? 'failed'}`,
        route: '#/images',
        tone: event.outcome === 'done' ? 'info' : 'error',
      };
    case 'vm-stopped':
      return { title: 'The VM stopped unexpectedly', body: event.message, route: '#/troubleshoot', tone: 'error' };
    case 'cluster-ready':
      return { title: 'Kubernetes is ready', body: 'The local cluster is up; kubectl works against it.', route: '#/kubernetes', tone: 'info' };
  }
}
