/**
 * Electron's binary cannot run on the build machines, so this test replaces the `electron` module
 * with a recording double and checks what Berth's desktop shell asks of it: the tray's menu and
 * what its items do, the application menu, notifications, closing to the tray, and quitting that
 * stops the VM first. The router behind them is the real one.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import type { ShellState } from '../../electron/main/shell-state';
import type { VmStatus } from '../../shared/models';

const h = vi.hoisted(() => ({
  trays: [] as { image: unknown; tooltip: string; menu: unknown; listeners: Map<string, () => void>; destroyed: boolean }[],
  notifications: [] as { options: { title: string; body: string }; shown: boolean; emit(e: string): void }[],
  supported: true,
  appMenu: null as unknown,
}));

vi.mock('electron', () => {
  class Tray {
    record = { image: null as unknown, tooltip: '', menu: null as unknown, listeners: new Map<string, () => void>(), destroyed: false };
    constructor(image: unknown) {
      this.record.image = image;
      h.trays.push(this.record);
    }
    setToolTip(t: string) {
      this.record.tooltip = t;
    }
    setContextMenu(m: unknown) {
      this.record.menu = m;
    }
    on(event: string, fn: () => void) {
      this.record.listeners.set(event, fn);
    }
    destroy() {
      this.record.destroyed = true;
    }
  }
  class Notification {
    static isSupported = () => h.supported;
    private handlers = new Map<string, () => void>();
    record: { options: { title: string; body: string }; shown: boolean; emit(e: string): void };
    constructor(options: { title: string; body: string }) {
      this.record = { options, shown: false, emit: (e) => this.handlers.get(e)?.() };
      h.notifications.push(this.record);
    }
    on(e: string, fn: () => void) {
      this.handlers.set(e, fn);
    }
    show() {
      this.record.shown = true;
    }
  }
  return {
    Tray,
    Notification,
    Menu: { buildFromTemplate: (template: unknown) => ({ template }), setApplicationMenu: (m: unknown) => (h.appMenu = m) },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
  };
});

const { trayModel, menuTemplate, createTray, iconsDir } = await import('../../electron/main/tray');
const { appMenuTemplate, menuPages } = await import('../../electron/main/menu');
const { createNotifier, registerNotifyHandler } = await import('../../electron/main/notifications');
const { installQuitFlow, keepInTrayOnClose, stopVmGracefully } = await import('../../electron/main/shell');
const { watchShellState } = await import('../../electron/main/shell-state');
const { Router } = await import('../../electron/backend/rpc/router');
const { silentLogger } = await import('../../electron/backend/logger');
const { pageShortcuts, accelerator } = await import('../../renderer/src/lib/shortcuts');
const { defaultSettings } = await import('../../shared/settings');

const vm = (state: VmStatus['state']): VmStatus => ({ state, step: state === 'starting' ? 'boot' : null, message: '', accelerator: 'kvm', warning: null, error: null, engineHost: null, startedAt: null, image: null, pendingRestart: false });
const connected = { state: 'connected' as const, endpoint: { host: 'tcp://127.0.0.1:2376', source: 'setting' as const, tls: true }, version: '27.5.1', apiVersion: '1.47', os: 'linux', arch: 'amd64' };
const state = (patch: Partial<ShellState> = {}): ShellState => ({ engine: connected, vm: vm('running'), settings: defaultSettings('/home/me'), ...patch });
const labels = (s: ShellState) => trayModel(s).items.map((i) => (i.type === 'separator' ? '---' : i.label));

beforeEach(() => {
  h.trays.length = 0;
  h.notifications.length = 0;
  h.supported = true;
});

describe('tray', () => {
  it('shows the engine, VM and cluster state, then the actions', () => {
    expect(labels(state())).toEqual([
      'Engine: running · Docker 27.5.1',
      'VM: running',
      'Kubernetes: off',
      '---',
      'Open Dashboard',
      'Stop VM',
      'Kubernetes',
      'Use Berth as docker’s context',
      '---',
      'Quit Berth',
    ]);
    expect(trayModel(state()).tooltip).toBe('Berth — engine running · Docker 27.5.1, VM running');
    const status = trayModel(state()).items.slice(0, 3);
    expect(status.every((i) => i.enabled === false)).toBe(true);
  });

  it('offers Start or Stop as the VM allows, and none with an existing engine', () => {
    expect(labels(state({ vm: vm('stopped') }))).toContain('Start VM');
    expect(trayModel(state({ vm: vm('starting') })).items.find((i) => i.label === 'Starting VM…')?.enabled).toBe(false);
    expect(labels(state({ vm: vm('starting') }))[1]).toBe('VM: starting (boot)…');
    const external = state({ settings: { ...defaultSettings('/h'), engine: { source: 'external', host: null, useBerthContext: false } } });
    expect(labels(external)).not.toContain('Start VM');
    expect(labels(external)).not.toContain('Stop VM');
    expect(labels(external)[1]).toBe('VM: not used (existing engine)');
    expect(trayModel(external).items.find((i) => i.action === 'context-toggle')?.enabled).toBe(false);
    // No VM manager answered: nothing to start.
    expect(trayModel(state({ vm: null })).items.find((i) => i.action === 'vm-start')?.enabled).toBe(false);
  });

  it('binds the Kubernetes and docker-context switches to the settings', () => {
    const on = { ...defaultSettings('/h'), kubernetes: { enabled: true, showSystemContainers: false }, engine: { source: 'vm' as const, host: null, useBerthContext: true } };
    const items = trayModel(state({ settings: on })).items;
    expect(items.find((i) => i.action === 'kube-toggle')).toMatchObject({ type: 'checkbox', checked: true });
    expect(items.find((i) => i.action === 'context-toggle')).toMatchObject({ type: 'checkbox', checked: true });
    expect(labels(state({ settings: on }))[2]).toBe('Kubernetes: on');
    const cluster = { state: 'starting' as const, step: 'apiserver' as const, message: '', version: 'v1.37.2', server: null, context: null, kubeconfig: null, notice: null, timings: [], components: [], error: null };
    expect(labels(state({ settings: on, cluster }))[2]).toBe('Kubernetes: starting (apiserver)…');
    expect(trayModel(state({ settings: on, cluster })).items.find((i) => i.action === 'kube-toggle')?.enabled).toBe(false); // wait for it
    expect(labels(state({ settings: on, cluster: { ...cluster, state: 'running' } }))[2]).toBe('Kubernetes: running · v1.37.2');
  });

  it('builds Electron’s menu whose items run their actions, and skips rebuilding an unchanged one', () => {
    const run = vi.fn();
    const tray = createTray({ iconsDir: '/app/resources/icons', platform: 'linux', run, onClick: () => run('clicked') })!;
    tray.update(state());
    const record = h.trays[0]!;
    expect(record.image).toEqual({ path: '/app/resources/icons/tray.png' });
    const template = (record.menu as { template: { label?: string; click?: () => void; checked?: boolean }[] }).template;
    template.find((i) => i.label === 'Stop VM')!.click!();
    template.find((i) => i.label === 'Quit Berth')!.click!();
    template.find((i) => i.label === 'Kubernetes')!.click!();
    expect(run.mock.calls.map((c) => c[0])).toEqual(['vm-stop', 'quit', 'kube-toggle']);
    record.listeners.get('click')!();
    expect(run).toHaveBeenLastCalledWith('clicked');
    const menu = record.menu;
    tray.update(state());
    expect(record.menu).toBe(menu);
    tray.update(state({ vm: vm('stopped') }));
    expect(record.menu).not.toBe(menu);
    expect(menuTemplate(trayModel(state()), run)[3]).toEqual({ type: 'separator' });
  });

  it('uses a template image on macOS and finds the icons packaged or in the source tree', () => {
    createTray({ iconsDir: '/icons', platform: 'darwin', run: () => undefined });
    expect(h.trays[0]!.image).toEqual({ path: '/icons/trayTemplate.png' });
    expect(h.trays[0]!.listeners.has('click')).toBe(false); // macOS opens the menu on click
    expect(iconsDir(true, '/opt/Berth/resources', '/opt/Berth/resources/app.asar')).toBe('/opt/Berth/resources/icons');
    expect(iconsDir(false, '/x', '/src/berth')).toBe('/src/berth/resources/icons');
  });

  it('follows the router’s broadcasts like a window does', async () => {
    const router = new Router(silentLogger);
    router.handle('engine:get-status', () => connected);
    const seen: ShellState[] = [];
    const watch = watchShellState(router, (s) => seen.push(s));
    await new Promise((r) => setTimeout(r, 0));
    expect(watch.state.engine).toEqual(connected);
    router.broadcast('vm:status', vm('starting'));
    expect(watch.state.vm?.state).toBe('starting');
    router.broadcast('settings:changed', { settings: defaultSettings('/h'), path: '/p', notice: null, writable: true });
    expect(seen.at(-1)?.settings?.kubernetes.enabled).toBe(false);
    watch.dispose();
    expect(router.clientCount).toBe(0);
  });
});

describe('application menu', () => {
  const actions = { navigate: vi.fn(), palette: vi.fn(), quit: vi.fn() };
  type Item = { label?: string; role?: string; accelerator?: string; registerAccelerator?: boolean; click?: () => void; submenu?: Item[] };

  it('shows the same page shortcuts the renderer acts on, without registering them twice', () => {
    expect(menuPages.map((p) => [p.page, p.accelerator])).toEqual(pageShortcuts.map((s) => [s.page, accelerator(s.key)]));
    const go = (appMenuTemplate('linux', actions) as Item[]).find((m) => m.label === 'Go')!;
    for (const item of go.submenu!.filter((i) => i.accelerator)) expect(item.registerAccelerator).toBe(false);
    go.submenu!.find((i) => i.label === 'Troubleshoot')!.click!();
    expect(actions.navigate).toHaveBeenCalledWith('#/troubleshoot');
    go.submenu!.find((i) => i.label === 'Command Palette…')!.click!();
    expect(actions.palette).toHaveBeenCalled();
  });

  it('has the app menu on macOS, a File menu elsewhere, and an Edit menu for the clipboard keys', () => {
    const mac = appMenuTemplate('darwin', actions) as Item[];
    expect(mac[0]!.label).toBe('Berth');
    expect(mac.some((m) => m.role === 'editMenu')).toBe(true);
    const linux = appMenuTemplate('linux', actions) as Item[];
    expect(linux[0]!.label).toBe('File');
    linux[0]!.submenu!.find((i) => i.label === 'Quit Berth')!.click!();
    expect(actions.quit).toHaveBeenCalled();
    const view = (dev: boolean) => (appMenuTemplate('linux', actions, { dev }) as Item[]).find((m) => m.label === 'View')!.submenu!.map((i) => i.role);
    expect(view(false)).not.toContain('toggleDevTools');
    expect(view(true)).toContain('toggleDevTools');
  });
});

describe('notifications', () => {
  it('shows what the renderer asks for, and a click opens the window at the page', async () => {
    const router = new Router(silentLogger);
    const events: unknown[] = [];
    router.connect({ id: 'w', sendStream: () => undefined, sendEvent: (c, p) => events.push([c, p]) });
    const show = vi.fn();
    let enabled = true;
    registerNotifyHandler(router, createNotifier(router, show, () => enabled));
    expect(await router.invoke('desktop:notify', { title: 'Pull finished', body: 'nginx:latest', route: '#/images' })).toEqual({ ok: true, value: { shown: true } });
    const n = h.notifications[0]!;
    expect(n).toMatchObject({ options: { title: 'Pull finished', body: 'nginx:latest' }, shown: true });
    n.emit('click');
    expect(show).toHaveBeenCalled();
    expect(events).toContainEqual(['desktop:navigate', { hash: '#/images' }]);

    enabled = false;
    expect(await router.invoke('desktop:notify', { title: 'x', body: '' })).toEqual({ ok: true, value: { shown: false } });
    enabled = true;
    h.supported = false;
    expect(await router.invoke('desktop:notify', { title: 'x', body: '' })).toEqual({ ok: true, value: { shown: false } });
    expect(h.notifications).toHaveLength(1);
    expect((await router.invoke('desktop:notify', { title: 'x', body: '', route: 'javascript:alert(1)' })).ok).toBe(false);
  });
});

class FakeWindow extends EventEmitter {
  hidden = false;
  hide() {
    this.hidden = true;
  }
  close(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    return !prevented;
  }
}

describe('closing the window and quitting', () => {
  it('keeps Berth in the tray when the window closes, if set and there is a tray', () => {
    let closeToTray = true;
    let hasTray = true;
    let quitting = false;
    const win = new FakeWindow();
    keepInTrayOnClose(win, { closeToTray: () => closeToTray, hasTray: () => hasTray, quitting: () => quitting });
    expect(win.close()).toBe(false);
    expect(win.hidden).toBe(true);
    closeToTray = false;
    expect(win.close()).toBe(true);
    closeToTray = true;
    hasTray = false; // no tray to come back from: really close
    expect(win.close()).toBe(true);
    hasTray = true;
    quitting = true;
    expect(win.close()).toBe(true);
  });

  function vmRouter(initial: VmStatus['state'], stop: () => Promise<void> = async () => undefined) {
    const router = new Router(silentLogger);
    let current = initial;
    const stops = vi.fn(async () => {
      await stop();
      current = 'stopped';
      return vm(current);
    });
    router.handle('vm:get-status', () => vm(current)).handle('vm:stop', stops);
    return { router, stops };
  }

  it('quit stops a running VM gracefully through the backend, then lets the app go', async () => {
    let release = (): void => undefined;
    const { router, stops } = vmRouter('running', () => new Promise<void>((r) => (release = r)));
    const app = Object.assign(new EventEmitter(), { quit: vi.fn() });
    const steps = { beforeStop: vi.fn(), cleanup: vi.fn(), stopVm: () => stopVmGracefully(router, silentLogger), log: silentLogger };
    const flow = installQuitFlow(app, steps);
    expect(flow.quitting).toBe(false);

    const first = { preventDefault: vi.fn() };
    app.emit('before-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(flow.quitting).toBe(true);
    expect(steps.beforeStop).toHaveBeenCalled();
    await vi.waitFor(() => expect(stops).toHaveBeenCalledTimes(1));
    // Asked again while the VM stops: nothing new starts, and the app still waits.
    const again = { preventDefault: vi.fn() };
    app.emit('before-quit', again);
    expect(again.preventDefault).toHaveBeenCalled();
    expect(app.quit).not.toHaveBeenCalled();

    release();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    expect(steps.cleanup).toHaveBeenCalledTimes(1);
    expect(stops).toHaveBeenCalledTimes(1);
    // The quit that follows goes through.
    const last = { preventDefault: vi.fn() };
    app.emit('before-quit', last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });

  it('does not stop a VM that is not running, nor wait for one that hangs', async () => {
    const stopped = vmRouter('stopped');
    await stopVmGracefully(stopped.router, silentLogger);
    expect(stopped.stops).not.toHaveBeenCalled();
    // A build without the VM manager: vm:get-status is an unknown channel.
    await expect(stopVmGracefully(new Router(silentLogger), silentLogger)).resolves.toBeUndefined();

    const app = Object.assign(new EventEmitter(), { quit: vi.fn() });
    installQuitFlow(app, { stopVm: () => new Promise<void>(() => undefined), cleanup: vi.fn(), log: silentLogger, timeoutMs: 20 });
    app.emit('before-quit', { preventDefault: () => undefined });
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
  });
});
