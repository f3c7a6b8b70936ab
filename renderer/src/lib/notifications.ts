/**
 * Delivers what the rule in notification-rule.ts decides: under Electron the main process shows
 * the notification (desktop:notify), in browser mode the web Notification API does where the
 * user allowed it, and an in-app toast otherwise.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DesktopApi } from '../../../shared/api';
import type { ClusterStatus, VmStatus } from '../../../shared/models';
import type { TasksState } from '../stores/tasks-store';
import type { SettingsState } from '../stores/settings-store';
import { parseRoute } from './use-route';
import { clusterBecameReady, deliveryFor, describe, finishedTasks, vmStoppedUnexpectedly, type Attention, type BackgroundEvent } from './notification-rule';

// ---- toasts --------------------------------------------------------------------------------------

export interface Toast {
  id: number;
  title: string;
  body: string;
  route: string | null;
  tone: 'info' | 'error';
}

export interface ToastsState {
  toasts: Toast[];
  show(toast: Omit<Toast, 'id'>): void;
  dismiss(id: number): void;
}

export function createToastsStore(lingerMs = 8_000): StoreApi<ToastsState> {
  let next = 0;
  return createStore<ToastsState>()((set, get) => ({
    toasts: [],
    show: (toast) => {
      const id = ++next;
      set({ toasts: [...get().toasts.slice(-3), { ...toast, id }] });
      setTimeout(() => get().dismiss(id), lingerMs);
    },
    dismiss: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
  }));
}

// ---- wiring --------------------------------------------------------------------------------------

function currentAttention(): Attention {
  return {
    windowActive: document.visibilityState === 'visible' && document.hasFocus(),
    page: parseRoute(location.hash).page,
    // The panel is unfolded unless the user folded it; a folded panel still shows the running count.
    tasksPanelShown: !!document.querySelector('aside.tasks ul'),
  };
}

async function showOnDesktop(api: DesktopApi, n: { title: string; body: string; route: string }): Promise<boolean> {
  if (api.transport === 'ipc') {
    const r = await api.invoke('desktop:notify', n);
    return r.ok && r.value.shown;
  }
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return false;
  const shown = new Notification(n.title, { body: n.body });
  shown.onclick = () => {
    window.focus();
    location.hash = n.route;
  };
  return true;
}

/** Watches the tasks and the VM and delivers what the rule says. Returns the function that stops it. */
export function startNotifications(deps: { api: DesktopApi; tasks: StoreApi<TasksState>; settings: StoreApi<SettingsState>; toasts: StoreApi<ToastsState> }): () => void {
  const deliver = (event: BackgroundEvent): void => {
    const on = deps.settings.getState().view?.settings.general.notifications ?? true;
    const how = deliveryFor(event, currentAttention(), on);
    if (how === 'none') return;
    const n = describe(event);
    const toast = (): void => deps.toasts.getState().show({ title: n.title, body: n.body, route: n.route, tone: n.tone });
    if (how === 'toast') return toast();
    void showOnDesktop(deps.api, n).then((shown) => shown || toast());
  };
  let lastTasks = deps.tasks.getState().tasks;
  const unTasks = deps.tasks.subscribe((s) => {
    const events = finishedTasks(lastTasks, s.tasks);
    lastTasks = s.tasks;
    events.forEach(deliver);
  });
  let lastVm: VmStatus | null = null;
  const unVm = deps.api.on('vm:status', (status) => {
    const event = vmStoppedUnexpectedly(lastVm, status);
    lastVm = status;
    if (event) deliver(event);
  });
  let lastCluster: ClusterStatus | null = null;
  const unCluster = deps.api.on('cluster:status', (status) => {
    const event = clusterBecameReady(lastCluster, status);
    lastCluster = status;
    if (event) deliver(event);
  });
  return () => {
    unTasks();
    unVm();
    unCluster();
  };
}
