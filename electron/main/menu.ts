/**
 * The application menu. Page and palette items show their shortcuts but do not register them
 * (registerAccelerator: false): the renderer's key handler (renderer/src/lib/shortcuts.ts) is the
 * one place that acts on keys, so a key press never acts twice. A unit test keeps the two lists equal.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  /** Show the window at a page: "#/containers". */
  navigate(hash: string): void;
  palette(): void;
  quit(): void;
}

/** The pages the menu offers, with their accelerators: the same as the renderer's pageShortcuts. */
export const menuPages: readonly { page: string; label: string; accelerator: string }[] = [
  { page: 'containers', label: 'Containers', accelerator: 'CmdOrCtrl+1' },
  { page: 'images', label: 'Images', accelerator: 'CmdOrCtrl+2' },
  { page: 'volumes', label: 'Volumes', accelerator: 'CmdOrCtrl+3' },
  { page: 'networks', label: 'Networks', accelerator: 'CmdOrCtrl+4' },
  { page: 'disk', label: 'Disk usage', accelerator: 'CmdOrCtrl+5' },
  { page: 'terminal', label: 'Terminal', accelerator: 'CmdOrCtrl+6' },
  { page: 'kubernetes', label: 'Kubernetes', accelerator: 'CmdOrCtrl+7' },
  { page: 'troubleshoot', label: 'Troubleshoot', accelerator: 'CmdOrCtrl+8' },
  { page: 'settings', label: 'Settings', accelerator: 'CmdOrCtrl+,' },
];

export function appMenuTemplate(platform: NodeJS.Platform, actions: MenuActions, options: { dev: boolean } = { dev: false }): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const settings: MenuItemConstructorOptions = { label: 'Settings…', accelerator: 'CmdOrCtrl+,', registerAccelerator: false, click: () => actions.navigate('#/settings') };
  const quit: MenuItemConstructorOptions = { label: 'Quit Berth', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() };
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: 'Berth',
      submenu: [{ role: 'about' }, { type: 'separator' }, settings, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, quit],
    });
  } else {
    template.push({ label: 'File', submenu: [settings, { type: 'separator' }, { role: 'close', label: 'Close Window' }, quit] });
  }
  template.push({ role: 'editMenu' });
  template.push({
    label: 'Go',
    submenu: [
      { label: 'Command Palette…', accelerator: 'CmdOrCtrl+K', registerAccelerator: false, click: () => actions.palette() },
      { type: 'separator' },
      ...menuPages.map((p): MenuItemConstructorOptions => ({ label: p.label, accelerator: p.accelerator, registerAccelerator: false, click: () => actions.navigate(`#/${p.page}`) })),
    ],
  });
  template.push({
    label: 'View',
    submenu: [
      ...(options.dev ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({ role: 'windowMenu' });
  template.push({
    role: 'help',
    submenu: [
      { label: 'Troubleshoot', click: () => actions.navigate('#/troubleshoot') },
      { label: 'Copy Diagnostics…', click: () => actions.navigate('#/troubleshoot?diagnostics=1') },
    ],
  });
  return template;
}

export function installAppMenu(platform: NodeJS.Platform, actions: MenuActions, options: { dev: boolean }): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(platform, actions, options)));
}
