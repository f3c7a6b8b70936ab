/**
 * Electron's main process: thin. It builds the same Backend as browser mode, binds it to IPC, and
 * owns app lifecycle and the window. Everything that can be tested without a display lives in
 * electron/backend.
 */
import { app, BrowserWindow, nativeTheme } from 'electron';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
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
    const userData = app.getPath('userData');
    // The VM image and the Kubernetes bundle ship in the package's resources; a development run
    // uses the ones built in the checkout (npm run vm:build, npm run kube:build && npm run kube:bundle).
    const shipped = (name: string, built: string, own: string): string[] => [app.isPackaged ? join(process.resourcesPath, name) : join(mainDir, '../..', built), join(userData, own)];
    const running = new Backend({
      engineHost: process.env.BERTH_ENGINE_HOST ?? null,
      host: electronHost(),
      settings,
      vm: {
        dataDir: userData,
        imageDirs: shipped('vm', 'resources/vm/build', 'vm-image'),
        kubeBundleDirs: shipped('kube', 'resources/kube/build', 'kube-bundle'),
        // qemu comes with the package where the OS has none to offer (macOS, Windows); else from PATH.
        qemuDirs: app.isPackaged ? [join(process.resourcesPath, 'qemu', 'bin')] : [],
        dockerConfigDir: process.env.DOCKER_CONFIG || join(homedir(), '.docker'),
      },
    });
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
      cleanup: async () => {
        shellState.dispose();
        ipc.dispose();
        await running.stop();
      },
      log: running.log,
    });

    // A tray action the user took answers where they are: a notification when it fails.
    const invokeFromTray = (channel: 'vm:start' | 'vm:stop' | 'cluster:enable' | 'cluster:disable', what: string): void => {
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
          // The cluster's manager keeps settings.kubernetes.enabled in step with it.
          return s.kubernetes.enabled ? invokeFromTray('cluster:disable', 'stop Kubernetes') : invokeFromTray('cluster:enable', 'start Kubernetes');
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
      // Electron has no login-item API on Linux: there the setting has no effect yet (an XDG autostart entry would do it).
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
      // The light theme paints on light from the first frame (the window's default is the dark one).
      if (!nativeTheme.shouldUseDarkColors) window.setBackgroundColor('#f6f7f9');
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
