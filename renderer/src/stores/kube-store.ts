import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DesktopApi } from '../../../shared/api';
import type { KubeConfigView, KubePortForward } from '../../../shared/models';
import type { RpcError } from '../../../shared/result';

/** Where the picked context and namespaces are kept between runs. */
const storageKey = 'berth.kube.selection';

interface Saved {
  context: string | null;
  /** Per context: a namespace, or '' for all namespaces. */
  namespaces: Record<string, string>;
}

function readSaved(): Saved {
  try {
    const raw = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as Partial<Saved> | null;
    return { context: typeof raw?.context === 'string' ? raw.context : null, namespaces: raw?.namespaces && typeof raw.namespaces === 'object' ? raw.namespaces : {} };
  } catch {
    return { context: null, namespaces: {} };
  }
}

function writeSaved(saved: Saved): void {
  try {
    localStorage.setItem(storageKey, JSON.stringify(saved));
  } catch {
    /* storage refused (private mode): the choice lasts this session */
  }
}

export interface KubeState {
  config: KubeConfigView | null;
  error: RpcError | null;
  /** The context the views look at. */
  context: string | null;
  /** A namespace, or null for all namespaces. */
  namespace: string | null;
  forwards: KubePortForward[];
  /** The Apply YAML editor's text, kept across navigation (and filled by "Edit YAML"). */
  applyText: string;
  loadContexts(): Promise<void>;
  setContext(name: string): void;
  setNamespace(namespace: string | null): void;
  setApplyText(text: string): void;
  dispose(): void;
}

/**
 * The Kubernetes views' shared state: which kubeconfig context and namespace (kept in
 * localStorage, per context), the port forwards (kept current by `kube:port-forwards` events), and
 * the Apply YAML draft. Lists themselves are not here: each view watches what it shows and stops
 * watching when it closes.
 */
export function createKubeStore(api: DesktopApi): StoreApi<KubeState> {
  let saved = readSaved();
  const namespaceFor = (config: KubeConfigView | null, context: string | null): string | null => {
    if (!context) return null;
    const kept = saved.namespaces[context];
    if (kept !== undefined) return kept === '' ? null : kept;
    return config?.contexts.find((c) => c.name === context)?.namespace ?? 'default';
  };
  const unsubscribers: (() => void)[] = [];
  let forwardsLoaded = false;

  const store = createStore<KubeState>()((set, get) => ({
    config: null,
    error: null,
    context: null,
    namespace: null,
    forwards: [],
    applyText: '',
    loadContexts: async () => {
      if (!forwardsLoaded) {
        forwardsLoaded = true;
        void api.invoke('kube:port-forwards', {}).then((r) => r.ok && set({ forwards: r.value }));
      }
      const r = await api.invoke('kube:contexts', {});
      if (!r.ok) {
        set({ error: r.error });
        return;
      }
      const config = r.value;
      const names = config.contexts.map((c) => c.name);
      const current = get().context;
      const context =
        current && names.includes(current)
          ? current
          : saved.context && names.includes(saved.context)
            ? saved.context
            : config.currentContext && names.includes(config.currentContext)
              ? config.currentContext
              : (names[0] ?? null);
      set({ config, error: null, context, namespace: context === current ? get().namespace : namespaceFor(config, context) });
    },
    setContext: (name) => {
      saved = { ...saved, context: name };
      writeSaved(saved);
      set({ context: name, namespace: namespaceFor(get().config, name) });
    },
    setNamespace: (namespace) => {
      const context = get().context;
      if (context) {
        saved = { ...saved, namespaces: { ...saved.namespaces, [context]: namespace ?? '' } };
        writeSaved(saved);
      }
      set({ namespace });
    },
    setApplyText: (applyText) => set({ applyText }),
    dispose: () => {
      for (const u of unsubscribers.splice(0)) u();
    },
  }));
  unsubscribers.push(api.on('kube:port-forwards', (forwards) => store.setState({ forwards })));
  return store;
}
