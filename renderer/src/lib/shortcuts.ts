/**
 * Keyboard shortcuts: one map, read by the key handler here, by the command palette (which shows
 * them) and, in the desktop app, mirrored by the application menu (a unit test keeps them equal).
 * Ctrl on Linux and Windows, ⌘ on macOS.
 */

/** The pages with a shortcut (each one of use-route's pages; kept free of the DOM so tests can import it). */
export type ShortcutPage = 'containers' | 'images' | 'volumes' | 'networks' | 'disk' | 'terminal' | 'kubernetes' | 'troubleshoot' | 'settings';

export interface PageShortcut {
  page: ShortcutPage;
  /** The key pressed with Ctrl (⌘ on macOS). */
  key: string;
  label: string;
}

export const pageShortcuts: readonly PageShortcut[] = [
  { page: 'containers', key: '1', label: 'Containers' },
  { page: 'images', key: '2', label: 'Images' },
  { page: 'volumes', key: '3', label: 'Volumes' },
  { page: 'networks', key: '4', label: 'Networks' },
  { page: 'disk', key: '5', label: 'Disk usage' },
  { page: 'terminal', key: '6', label: 'Terminal' },
  { page: 'kubernetes', key: '7', label: 'Kubernetes' },
  { page: 'troubleshoot', key: '8', label: 'Troubleshoot' },
  { page: 'settings', key: ',', label: 'Settings' },
];

/** Ctrl+K (⌘K) opens the palette; Ctrl+Shift+P too, which also works inside a terminal. */
export const paletteKeys = { key: 'k', alternative: { key: 'p', shift: true } } as const;

export type ShortcutCommand = { kind: 'page'; page: ShortcutPage } | { kind: 'palette' };

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export function isMacPlatform(platform: string): boolean {
  return /mac|iphone|ipad/i.test(platform);
}

/**
 * What a key press means, or null. Inside a terminal Ctrl+K stays the shell's (kill to end of
 * line) on Linux and Windows; ⌘K on macOS and Ctrl+Shift+P everywhere still open the palette.
 */
export function commandFor(e: KeyLike, mac: boolean, where: { inTerminal: boolean } = { inTerminal: false }): ShortcutCommand | null {
  const mod = mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  if (!mod || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === paletteKeys.key && !e.shiftKey) return where.inTerminal && !mac ? null : { kind: 'palette' };
  if (key === paletteKeys.alternative.key && e.shiftKey) return { kind: 'palette' };
  if (e.shiftKey) return null;
  const page = pageShortcuts.find((s) => s.key === key);
  // In a terminal, Ctrl+digit is passed through too (some programs bind them).
  if (page && (!where.inTerminal || mac)) return { kind: 'page', page: page.page };
  return null;
}

/** How a shortcut is written for a person: "Ctrl+1" or "⌘1". */
export function shortcutLabel(key: string, mac: boolean, shift = false): string {
  const k = key.length === 1 ? key.toUpperCase() : key;
  return mac ? `${shift ? '⇧' : ''}⌘${k}` : `Ctrl+${shift ? 'Shift+' : ''}${k}`;
}

/** The same shortcut as Electron's accelerator string ("CmdOrCtrl+1"). */
export function accelerator(key: string, shift = false): string {
  return `CmdOrCtrl+${shift ? 'Shift+' : ''}${key.length === 1 ? key.toUpperCase() : key}`;
}
