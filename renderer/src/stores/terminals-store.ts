import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DesktopApi } from '../../../shared/api';
import type { TerminalSessionInfo } from '../../../shared/models';
import type { RpcError } from '../../../shared/result';

/** Whose terminals: the host's own shells, the VM's, or a container's (by its full ID). */
export const hostOwner = 'host';
export const vmOwner = 'vm';

export type TerminalMode = 'exec' | 'debug' | 'host' | 'vm' | 'pod';

export interface TerminalSpec {
  mode: TerminalMode;
  containerId?: string;
  containerName?: string;
  /** argv; absent means the backend picks the best shell. */
  command?: string[];
  user?: string;
  /** mode 'pod': the pod's container the shell runs in. */
  pod?: { context: string; namespace: string; name: string; container: string };
}

export interface TerminalTab extends TerminalSpec {
  /** Local to this window; stays the same across reattaches. */
  key: string;
  owner: string;
  /** The backend's session, once it has said which (first message of the stream). */
  sessionId: string | null;
  title: string;
  alive: boolean;
  exitCode: number | null;
  /** What the backend says about the session (the debug shell's explanation). */
  notice: string | null;
  /** Why no session could be started, kept so that coming back shows it instead of trying again. */
  failure: RpcError | null;
  /** The failure came when reattaching to a session (it ended, or the backend restarted), not when starting one. */
  failedReattach: boolean;
}

export interface TerminalsState {
  tabs: TerminalTab[];
  /** The tab shown, per owner. */
  active: Record<string, string>;
  /** True once the sessions the backend kept (terminals:list) are known: before that, no shell is opened by itself. */
  restored: boolean;
  restore(): Promise<void>;
  /** A new tab (and, once its view mounts, a new session). Returns its key. */
  open(owner: string, spec: TerminalSpec): string;
  /** Opens one tab for the owner if it has none. */
  ensure(owner: string, spec: TerminalSpec): void;
  select(owner: string, key: string): void;
  attached(key: string, session: TerminalSessionInfo, notice?: string): void;
  exited(key: string, code: number | null): void;
  failed(key: string, error: RpcError, reattaching?: boolean): void;
  /** Forget the session (ended, or failed) so the view starts a new one. */
  restart(key: string): void;
  /** Ends the session in the backend and removes the tab. */
  close(key: string): Promise<RpcError | null>;
}

/** Does a tab belong to this owner? Container IDs may come short from one side and full from the other. */
export function ownedBy(tab: Pick<TerminalTab, 'owner'>, owner: string): boolean {
  if (tab.owner === owner) return true;
  if (tab.owner === hostOwner || owner === hostOwner) return false;
  return tab.owner.startsWith(owner) || owner.startsWith(tab.owner);
}

export function defaultTitle(spec: TerminalSpec): string {
  const cmd = spec.command?.join(' ');
  if (spec.mode === 'host') return cmd ?? 'Shell';
  if (spec.mode === 'debug') return `Debug shell${spec.containerName ? ` for ${spec.containerName}` : ''}`;
  return cmd ?? 'Shell';
}

/**
 * Which terminal tabs exist, per container and for the host. The shells themselves live in the
 * backend: a tab is a session ID and what to show for it. Leaving a page keeps the tabs (and the
 * shells); a reload gets them back from `terminals:list`.
 */
export function createTerminalsStore(api: DesktopApi): StoreApi<TerminalsState> {
  let next = 0;
  const newKey = (): string => `t${++next}-${Date.now().toString(36)}`;

  const store = createStore<TerminalsState>()((set, get) => {
    const patch = (key: string, change: Partial<TerminalTab>): void =>
      set((s) => ({ tabs: s.tabs.map((t) => (t.key === key ? { ...t, ...change } : t)) }));

    const add = (owner: string, spec: TerminalSpec, extra: Partial<TerminalTab> = {}): string => {
      const key = newKey();
      const tab: TerminalTab = {
        ...spec,
        key,
        owner,
        sessionId: null,
        title: defaultTitle(spec),
        alive: true,
        exitCode: null,
        notice: null,
        failure: null,
        failedReattach: false,
        ...extra,
      };
      set((s) => ({ tabs: [...s.tabs, tab], active: { ...s.active, [owner]: key } }));
      return key;
    };

    return {
      tabs: [],
      active: {},
      restored: false,

      restore: async () => {
        const r = await api.invoke('terminals:list', {});
        if (r.ok) {
          const known = new Set(get().tabs.map((t) => t.sessionId));
          for (const s of [...r.value].sort((a, b) => a.started - b.started)) {
            if (known.has(s.sessionId)) continue;
            const owner = s.kind === 'host' ? hostOwner : s.kind === 'vm' ? vmOwner : (s.containerId ?? '');
            if (!owner) continue;
            const spec: TerminalSpec = { mode: s.kind, command: s.command };
            if (s.containerId) spec.containerId = s.containerId;
            if (s.containerName) spec.containerName = s.containerName;
            add(owner, spec, { sessionId: s.sessionId, title: s.title, alive: s.alive, exitCode: s.exitCode });
          }
        }
        set({ restored: true });
      },

      open: add,

      ensure: (owner, spec) => {
        if (!get().tabs.some((t) => ownedBy(t, owner))) add(owner, spec);
      },

      select: (owner, key) => set((s) => ({ active: { ...s.active, [owner]: key } })),

      attached: (key, session, notice) =>
        patch(key, {
          sessionId: session.sessionId,
          title: session.title || get().tabs.find((t) => t.key === key)?.title || 'Shell',
          alive: session.alive,
          exitCode: session.exitCode,
          notice: notice ?? null,
          failure: null,
          ...(session.containerName ? { containerName: session.containerName } : {}),
        }),

      exited: (key, code) => patch(key, { alive: false, exitCode: code }),

      failed: (key, error, reattaching = false) => patch(key, { failure: error, failedReattach: reattaching, sessionId: null }),

      restart: (key) => patch(key, { sessionId: null, failure: null, failedReattach: false, alive: true, exitCode: null }),

      close: async (key) => {
        const tab = get().tabs.find((t) => t.key === key);
        if (!tab) return null;
        set((s) => {
          const tabs = s.tabs.filter((t) => t.key !== key);
          const active = { ...s.active };
          if (active[tab.owner] === key) {
            const siblings = s.tabs.filter((t) => t.owner === tab.owner);
            const at = siblings.findIndex((t) => t.key === key);
            const neighbour = siblings[at + 1] ?? siblings[at - 1];
            if (neighbour && neighbour.key !== key) active[tab.owner] = neighbour.key;
            else delete active[tab.owner];
          }
          return { tabs, active };
        });
        if (!tab.sessionId) return null;
        const r = await api.invoke('terminals:close', { sessionId: tab.sessionId });
        // Already gone is what we wanted.
        return r.ok || r.error.code === 'not-found' ? null : r.error;
      },
    };
  });
  void store.getState().restore();
  return store;
}
