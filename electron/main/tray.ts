/**
 * The tray icon: the engine, VM and cluster state at a glance, and the few things one does without
 * opening the window. The menu is a pure function of the shell state (tested as data); this file
 * only turns it into Electron's Tray and Menu.
 */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { ShellState } from './shell-state';

export type TrayAction = 'open' | 'vm-start' | 'vm-stop' | 'kube-toggle' | 'context-toggle' | 'quit';

export interface TrayItem {
  label?: string;
  type?: 'normal' | 'separator' | 'checkbox';
  enabled?: boolean;
  checked?: boolean;
  action?: TrayAction;
}

export interface TrayModel {
  tooltip: string;
  items: TrayItem[];
}

function engineLine(s: ShellState): string {
  const e = s.engine;
  if (!e) return 'Engine: connecting…';
  if (e.state === 'connected') return `Engine: running · Docker ${e.version}`;
  if (e.state === 'connecting') return 'Engine: connecting…';
  return 'Engine: unreachable';
}

function vmLine(s: ShellState): string {
  if (s.settings?.engine.source === 'external') return 'VM: not used (existing engine)';
  if (!s.vm) return 'VM: not available';
  if (s.vm.state === 'starting') return `VM: starting${s.vm.step ? ` (${s.vm.step})` : ''}…`;
  if (s.vm.state === 'error') return 'VM: failed';
  return `VM: ${s.vm.state}`;
}

function clusterLine(s: ShellState): string {
  const c = s.cluster;
  const enabled = !!s.settings?.kubernetes.enabled;
  if (!c) return `Kubernetes: ${enabled ? 'on' : 'off'}`;
  if (c.state === 'disabled') return 'Kubernetes: off';
  if (c.state === 'starting') return `Kubernetes: starting${c.step ? ` (${c.step})` : ''}…`;
  if (c.state === 'running') return `Kubernetes: running${c.version ? ` · ${c.version}` : ''}`;
  if (c.state === 'error') return 'Kubernetes: failed';
  return `Kubernetes: ${c.state}`;
}

/** The tray's tooltip and menu for a state. */
export function trayModel(s: ShellState): TrayModel {
  const usesVm = s.settings?.engine.source !== 'external';
  const vmState = s.vm?.state;
  const items: TrayItem[] = [
    { label: engineLine(s), enabled: false },
    { label: vmLine(s), enabled: false },
    { label: clusterLine(s), enabled: false },
    { type: 'separator' },
    { label: 'Open Dashboard', action: 'open' },
  ];
  if (usesVm) {
    if (vmState === 'running') items.push({ label: 'Stop VM', action: 'vm-stop' });
    else if (vmState === 'starting' || vmState === 'stopping') items.push({ label: vmState === 'starting' ? 'Starting VM…' : 'Stopping VM…', enabled: false });
    else items.push({ label: 'Start VM', action: 'vm-start', enabled: !!s.vm });
  }
  items.push(
    { label: 'Kubernetes', type: 'checkbox', checked: !!s.settings?.kubernetes.enabled, enabled: !!s.settings && usesVm && s.cluster?.state !== 'starting' && s.cluster?.state !== 'stopping', action: 'kube-toggle' },
    { label: 'Use Berth as docker’s context', type: 'checkbox', checked: !!s.settings?.engine.useBerthContext, enabled: !!s.settings && usesVm, action: 'context-toggle' },
    { type: 'separator' },
    { label: 'Quit Berth', action: 'quit' },
  );
  const tooltip = `Berth — ${engineLine(s).replace('Engine: ', 'engine ')}${usesVm ? `, ${vmLine(s).replace('VM: ', 'VM ')}` : ''}`;
  return { tooltip, items };
}

export function menuTemplate(model: TrayModel, run: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return model.items.map((item): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    const out: MenuItemConstructorOptions = { label: item.label ?? '', type: item.type ?? 'normal', enabled: item.enabled ?? true };
    if (item.type === 'checkbox') out.checked = !!item.checked;
    const action = item.action;
    if (action) out.click = () => run(action);
    return out;
  });
}

/** Where the icons are: next to the app when packaged (extraResources), in the source tree otherwise. */
export function iconsDir(packaged: boolean, resourcesPath: string, appPath: string): string {
  return packaged ? join(resourcesPath, 'icons') : join(appPath, 'resources', 'icons');
}

export interface BerthTray {
  update(state: ShellState): void;
  destroy(): void;
}

/** Null where the desktop has no tray (some Linux desktops): then closing the window quits instead of hiding. */
export function createTray(options: { iconsDir: string; platform: NodeJS.Platform; run: (action: TrayAction) => void; onClick?: () => void }): BerthTray | null {
  // macOS wants a monochrome template image (it tints it for light and dark menu bars).
  const file = options.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png';
  let tray: Tray;
  try {
    tray = new Tray(nativeImage.createFromPath(join(options.iconsDir, file)));
  } catch {
    return null;
  }
  // On Windows and most Linux trays a left click should open the window; the menu is on right click.
  if (options.onClick && options.platform !== 'darwin') tray.on('click', options.onClick);
  let last = '';
  return {
    update: (state) => {
      const model = trayModel(state);
      const key = JSON.stringify(model);
      if (key === last) return; // rebuilding an unchanged menu makes some Linux trays flicker
      last = key;
      tray.setToolTip(model.tooltip);
      tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(model, options.run)));
    },
    destroy: () => tray.destroy(),
  };
}
