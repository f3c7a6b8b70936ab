import { describe, expect, it } from 'vitest';
import { rankEntries, scoreWord, type PaletteEntry } from '../../renderer/src/components/palette/palette-search';
import { commandFor, pageShortcuts, shortcutLabel } from '../../renderer/src/lib/shortcuts';

const entries: PaletteEntry[] = [
  { id: 'page:containers', kind: 'page', label: 'Containers' },
  { id: 'page:images', kind: 'page', label: 'Images' },
  { id: 'action:theme-dark', kind: 'action', label: 'Theme: Dark', keywords: ['appearance'] },
  { id: 'c1', kind: 'container', label: 'web', detail: 'nginx:1.27 · running', keywords: ['3f2a9c1d7e5b'] },
  { id: 'c2', kind: 'container', label: 'my-web-app', detail: 'node:20 · exited' },
  { id: 'c3', kind: 'container', label: 'cobweb', detail: 'busybox · running' },
  { id: 'c4', kind: 'container', label: 'postgres-main', detail: 'postgres:16 · running' },
  { id: 'i1', kind: 'image', label: 'nginx:1.27', detail: '4e5f60718293' },
  { id: 'i2', kind: 'image', label: 'web-base:latest', detail: '0a1b2c3d4e5f' },
];
const ids = (q: string) => rankEntries(entries, q).map((e) => e.id);

describe('command palette ranking', () => {
  it('puts an exact name first, then prefixes, then word starts, then anywhere', () => {
    expect(ids('web')).toEqual(['c1', 'i2', 'c2', 'c3']);
  });

  it('finds letters in order (fuzzy), and by ID or detail with less weight', () => {
    expect(ids('pgmain')).toEqual(['c4']);
    expect(ids('3f2a9c')).toEqual(['c1']);
    expect(ids('nginx')[0]).toBe('i1'); // its own name beats the container whose image it is
    expect(ids('nginx')).toContain('c1');
  });

  it('needs every word of the query to match', () => {
    expect(ids('web running')).toEqual(['c1', 'c3']);
    expect(ids('theme dark')).toEqual(['action:theme-dark']);
    expect(ids('zzz')).toEqual([]);
  });

  it('offers pages and actions before anything is typed', () => {
    expect(ids('')).toEqual(['page:containers', 'page:images', 'action:theme-dark']);
  });

  it('scores a word against a text', () => {
    expect(scoreWord('web', 'web')).toBe(1000);
    expect(scoreWord('we', 'web')! > scoreWord('eb', 'web')!).toBe(true);
    expect(scoreWord('xyz', 'web')).toBeNull();
    expect(scoreWord('WEB', 'My-Web-App')).not.toBeNull();
  });
});

describe('keyboard shortcuts', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

  it('opens the palette with Ctrl+K (⌘K on macOS) and Ctrl+Shift+P', () => {
    expect(commandFor(key('k', { ctrlKey: true }), false)).toEqual({ kind: 'palette' });
    expect(commandFor(key('K', { ctrlKey: true }), false)).toEqual({ kind: 'palette' });
    expect(commandFor(key('k', { metaKey: true }), true)).toEqual({ kind: 'palette' });
    expect(commandFor(key('k', { ctrlKey: true }), true)).toBeNull(); // Ctrl+K on a Mac is the text field's own
    expect(commandFor(key('P', { ctrlKey: true, shiftKey: true }), false)).toEqual({ kind: 'palette' });
  });

  it('leaves Ctrl+K and Ctrl+digits to a terminal on Linux and Windows', () => {
    expect(commandFor(key('k', { ctrlKey: true }), false, { inTerminal: true })).toBeNull();
    expect(commandFor(key('1', { ctrlKey: true }), false, { inTerminal: true })).toBeNull();
    expect(commandFor(key('P', { ctrlKey: true, shiftKey: true }), false, { inTerminal: true })).toEqual({ kind: 'palette' });
    expect(commandFor(key('k', { metaKey: true }), true, { inTerminal: true })).toEqual({ kind: 'palette' });
  });

  it('goes to every main page with one key each, and nothing else fires', () => {
    expect(new Set(pageShortcuts.map((s) => s.key)).size).toBe(pageShortcuts.length);
    for (const s of pageShortcuts) expect(commandFor(key(s.key, { ctrlKey: true }), false)).toEqual({ kind: 'page', page: s.page });
    expect(commandFor(key('1'), false)).toBeNull();
    expect(commandFor(key('1', { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(commandFor(key('9', { ctrlKey: true }), false)).toBeNull();
    expect(commandFor(key('c', { ctrlKey: true }), false)).toBeNull(); // copy stays copy
  });

  it('writes shortcuts as each platform does', () => {
    expect(shortcutLabel('k', false)).toBe('Ctrl+K');
    expect(shortcutLabel('p', true, true)).toBe('⇧⌘P');
    expect(shortcutLabel(',', true)).toBe('⌘,');
  });
});
