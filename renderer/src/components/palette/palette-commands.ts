import type { Stores } from '../../stores/context';
import type { PaletteEntry } from './palette-search';
import { navigate } from '../../lib/use-route';
import { pageShortcuts, shortcutLabel } from '../../lib/shortcuts';
import type { ThemePreference } from '../../lib/theme';

export interface PaletteCommand extends PaletteEntry {
  shortcut?: string;
  run(): void;
}

const shortId = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12);

/** Everything the palette can find right now: pages, actions, and the engine's objects the stores hold. */
export function paletteCommands(stores: Stores, mac: boolean): PaletteCommand[] {
  const toastError = (what: string, message: string): void => stores.toasts.getState().show({ title: `Could not ${what}`, body: message, route: null, tone: 'error' });
  const invokeVm = (channel: 'vm:start' | 'vm:stop' | 'vm:restart', what: string) => () =>
    void stores.api.invoke(channel, {}).then((r) => {
      if (!r.ok) toastError(what, r.error.message);
    });
  const setTheme = (theme: ThemePreference) => () =>
    void stores.settings
      .getState()
      .update({ appearance: { theme } })
      .then((e) => e && toastError('change the theme', e.message));
  const settings = stores.settings.getState().view?.settings;

  const commands: PaletteCommand[] = pageShortcuts.map((p) => ({
    id: `page:${p.page}`,
    kind: 'page',
    label: p.label,
    keywords: ['go to', p.page],
    shortcut: shortcutLabel(p.key, mac),
    run: () => navigate(p.page),
  }));

  commands.push(
    { id: 'action:theme-light', kind: 'action', label: 'Theme: Light', keywords: ['appearance', 'colour', 'color'], run: setTheme('light') },
    { id: 'action:theme-dark', kind: 'action', label: 'Theme: Dark', keywords: ['appearance', 'colour', 'color'], run: setTheme('dark') },
    { id: 'action:theme-system', kind: 'action', label: 'Theme: Follow the system', keywords: ['appearance', 'auto'], run: setTheme('system') },
    { id: 'action:vm-start', kind: 'action', label: 'Start the VM', keywords: ['virtual machine', 'engine'], run: invokeVm('vm:start', 'start the VM') },
    { id: 'action:vm-stop', kind: 'action', label: 'Stop the VM', keywords: ['virtual machine', 'engine'], run: invokeVm('vm:stop', 'stop the VM') },
    { id: 'action:vm-restart', kind: 'action', label: 'Restart the VM', keywords: ['virtual machine', 'engine', 'reboot'], run: invokeVm('vm:restart', 'restart the VM') },
    { id: 'action:engine-reconnect', kind: 'action', label: 'Reconnect to the engine', keywords: ['retry', 'docker'], run: () => stores.engine.getState().retryNow() },
    { id: 'action:diagnostics', kind: 'action', label: 'Copy diagnostics', keywords: ['troubleshoot', 'support', 'bug report'], run: () => navigate('troubleshoot', null, { diagnostics: '1' }) },
    {
      id: 'action:kubernetes',
      kind: 'action',
      label: settings?.kubernetes.enabled ? 'Disable Kubernetes' : 'Enable Kubernetes',
      keywords: ['cluster', 'k8s'],
      // The cluster's manager keeps settings.kubernetes.enabled in step.
      run: () =>
        void stores.api.invoke(settings?.kubernetes.enabled ? 'cluster:disable' : 'cluster:enable', {}).then((r) => {
          if (!r.ok) toastError(settings?.kubernetes.enabled ? 'stop Kubernetes' : 'start Kubernetes', r.error.message);
        }),
    },
  );

  for (const c of Object.values(stores.containers.getState().byId)) {
    commands.push({ id: `container:${c.id}`, kind: 'container', label: c.name, detail: `${c.image} · ${c.state}`, keywords: [shortId(c.id)], run: () => navigate('containers', c.id) });
  }
  for (const i of stores.images.getState().items) {
    const tags = i.repoTags.length ? i.repoTags : [`<none> ${shortId(i.id)}`];
    commands.push({ id: `image:${i.id}`, kind: 'image', label: tags[0]!, detail: shortId(i.id), keywords: [...tags.slice(1), shortId(i.id)], run: () => navigate('images', i.id) });
  }
  for (const v of stores.volumes.getState().items) {
    commands.push({ id: `volume:${v.name}`, kind: 'volume', label: v.name, detail: v.driver, run: () => navigate('volumes', v.name) });
  }
  for (const n of stores.networks.getState().items) {
    commands.push({ id: `network:${n.id}`, kind: 'network', label: n.name, detail: n.driver, run: () => navigate('networks') });
  }
  // TODO(kubernetes views): add pods here ({ kind: 'pod', label: name, detail: namespace }) once a pods store exists.
  return commands;
}

/** The lists the palette searches: loaded when it opens if no page has asked for them yet. */
export function loadPaletteSources(stores: Stores): void {
  if (stores.containers.getState().phase === 'idle') void stores.containers.getState().load();
  for (const list of [stores.images, stores.volumes, stores.networks]) if (list.getState().phase === 'idle') void list.getState().load();
}
