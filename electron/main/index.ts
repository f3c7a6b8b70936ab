/**
 * Electron's main process: thin. It builds the same Backend as browser mode, binds it to IPC, and
 * owns app lifecycle and the window. Everything that can be tested without a display lives in
 * electron/backend.
 */
import { app, BrowserWindow, nativeTheme } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Backend } from '../backend/backend';
import { bindIpc } from './ipc';
import { electronHost } from './host';
import { SettingsStore } from '../backend/settings/settings-store';
import { hardenSession, installGlobalGuards, registerRendererScheme, serveRenderer } from './security';
import { createMainWindow, preloadPathFrom } from './window';
import { watchShellState, type ShellState } from './shell-state';
import { createTray, iconsDir, type BerthTray, type TrayAction } from './tray';
import { createNotifier, registerNotifyHandler } from './notifications';
import { installAppMenu } from './menu';
import { installQuitFlow, keepInTrayOnClose, stopVmGracefully } from './shell';
import type { Settings } from '../../shared/settings';

const mainDir = dirname(fileURLToPath(import.meta.url));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerRendererScheme();
  installGlobalGuards();

  let window: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  void app.whenReady().then(async () => {
    hardenSession();
    serveRenderer(join(mainDir, '../renderer'));
    const settings = await SettingsStore.open(app.getPath('userData'));
    // Built once the app is ready: the OS's secret storage is available only from then on.
    const running = new Backend({ engineHost: process.env.BERTH_ENGINE_HOST ?? null, host: electronHost(), settings });
    const router = running.router;
    const ipc = bindIpc(router, running.log);
    running.start();

    const showWindow = (): void => {
      if (!window) open();
      else {
        if (window.isMinimized()) window.restore();
        window.show();
        window.focus();
      }
    };
    const navigate = (hash: string): void => {
      showWindow();
      router.broadcast('desktop:navigate', { hash });
    };

    const notifier = createNotifier(router, showWindow, () => settings.settings.general.notifications);
    registerNotifyHandler(router, notifier);

    const quit = installQuitFlow(app, {
      // The window goes at once; the VM may take a while to shut down behind it.
      beforeStop: () => {
        tray?.destroy();
        tray = null;
        for (const w of BrowserWindow.getAllWindows()) w.hide();
      },
      stopVm: () => stopVmGracefully(router, running.log),
      cleanup: () => {
        shellState.dispose();
        ipc.dispose();
        running.stop();
      },
      log: running.log,
    });

    // A tray action the user took answers where they are: a notification when it fails.
    const invokeFromTray = (channel: 'vm:start' | 'vm:stop', what: string): void => {
      void router.invoke(channel, {}).then((r) => {
        if (!r.ok) notifier.show({ title: `Could not ${what}`, body: r.error.message, route: '#/troubleshoot' });
      });
    };
    const updateSettings = (patch: Parameters<SettingsStore['update']>[0]): void => {
      void router.invoke('settings:update', { patch }).then((r) => {
        if (!r.ok) notifier.show({ title: 'Could not change the setting', body: r.error.message, route: '#/settings' });
      });
    };
    const runTrayAction = (action: TrayAction): void => {
      const s = settings.settings;
      switch (action) {
        case 'open':
          return showWindow();
        case 'vm-start':
          return invokeFromTray('vm:start', 'start the VM');
        case 'vm-stop':
          return invokeFromTray('vm:stop', 'stop the VM');
        case 'kube-toggle':
          // TODO(kubernetes lifecycle): call kube:enable / kube:disable once they exist; until then the setting is the switch.
          return updateSettings({ kubernetes: { enabled: !s.kubernetes.enabled } });
        case 'context-toggle':
          return updateSettings({ engine: { useBerthContext: !s.engine.useBerthContext } });
        case 'quit':
          return app.quit();
      }
    };
    let tray: BerthTray | null = createTray({
      iconsDir: iconsDir(app.isPackaged, process.resourcesPath, app.getAppPath()),
      platform: process.platform,
      run: runTrayAction,
      onClick: showWindow,
    });

    let applied = '';
    const applySettings = (s: Settings): void => {
      const key = JSON.stringify([s.appearance.theme, s.general.openAtLogin]);
      if (key === applied) return;
      applied = key;
      nativeTheme.themeSource = s.appearance.theme;
      // Linux has no login-item API in Electron; the setting is kept for the packaged autostart entry.
      if (process.platform !== 'linux') app.setLoginItemSettings({ openAtLogin: s.general.openAtLogin });
    };
    applySettings(settings.settings);
    const shellState = watchShellState(router, (state: ShellState) => {
      tray?.update(state);
      if (state.settings) applySettings(state.settings);
    });
    tray?.update(shellState.state);

    installAppMenu(process.platform, { navigate, palette: () => (showWindow(), router.broadcast('desktop:command', { command: 'palette' })), quit: () => app.quit() }, { dev: !app.isPackaged });

    const open = (): void => {
      window = createMainWindow(preloadPathFrom(mainDir));
      ipc.attach(window.webContents);
      keepInTrayOnClose(window, { closeToTray: () => settings.settings.general.closeToTray, hasTray: () => tray !== null, quitting: () => quit.quitting });
      window.on('closed', () => {
        window = null;
      });
    };
    // Started at login (openAtLogin) Berth stays in the tray until asked.
    if (!(app.getLoginItemSettings().wasOpenedAtLogin && tray)) open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
      else showWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
