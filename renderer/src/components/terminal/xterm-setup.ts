import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { SerializeAddon } from '@xterm/addon-serialize';
import { WebglAddon } from '@xterm/addon-webgl';
import '@xterm/xterm/css/xterm.css';
import { cssomRowStyles, withAdoptedStyles } from './csp-styles';

export const terminalTheme: ITheme = {
  background: '#0d0f12',
  foreground: '#e6e8ec',
  cursor: '#4c8dff',
  cursorAccent: '#0d0f12',
  selectionBackground: '#264f78',
  black: '#2e3440',
  red: '#f14c4c',
  green: '#23d18b',
  yellow: '#e5c07b',
  blue: '#3b8eea',
  magenta: '#d670d6',
  cyan: '#29b8db',
  white: '#cccccc',
  brightBlack: '#7f848e',
  brightRed: '#ff6b6b',
  brightGreen: '#5af78e',
  brightYellow: '#f4f99d',
  brightBlue: '#6fb3ff',
  brightMagenta: '#ff92df',
  brightCyan: '#5ee1f4',
  brightWhite: '#ffffff',
};

export interface XtermParts {
  term: Terminal;
  fit: FitAddon;
  search: SearchAddon;
  serialize: SerializeAddon;
  /** Which renderer draws the terminal. */
  renderer: 'webgl' | 'dom';
  dispose(): void;
}

let webgl2: boolean | null = null;

/** Whether WebGL2 works here (asked once: a context per terminal just to find out would be waste). */
function hasWebgl2(): boolean {
  if (webgl2 === null) {
    try {
      const canvas = document.createElement('canvas');
      const gl = canvas.getContext('webgl2');
      webgl2 = !!gl;
      gl?.getExtension('WEBGL_lose_context')?.loseContext();
    } catch {
      webgl2 = false;
    }
  }
  return webgl2;
}

/**
 * An xterm with Berth's theme and addons, opened into `parent`. WebGL draws it where the GPU
 * allows, loaded before open() so that the DOM renderer (whose inline styles the CSP refuses) is
 * never created; where WebGL is missing or its context is lost, the DOM renderer takes over
 * quietly, its styles routed through constructed stylesheets (see csp-styles.ts).
 */
export function createXterm(parent: HTMLElement, onLink: (uri: string) => void): XtermParts {
  const term = new Terminal({
    allowProposedApi: true, // search decorations
    cursorBlink: true,
    fontFamily: "'DejaVu Sans Mono', ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace",
    fontSize: 13,
    lineHeight: 1.15,
    scrollback: 10_000,
    theme: terminalTheme,
    macOptionIsMeta: true,
    rightClickSelectsWord: true,
  });
  const fit = new FitAddon();
  const search = new SearchAddon();
  const serialize = new SerializeAddon();
  term.loadAddon(fit);
  term.loadAddon(search);
  term.loadAddon(serialize);
  term.loadAddon(new WebLinksAddon((_event, uri) => onLink(uri)));
  let renderer: 'webgl' | 'dom' = 'dom';
  let webgl: WebglAddon | null = null;
  if (hasWebgl2()) {
    try {
      webgl = new WebglAddon();
      term.loadAddon(webgl);
      renderer = 'webgl';
    } catch {
      webgl = null;
    }
  }
  withAdoptedStyles(() => term.open(parent));
  // The WebGL renderer may still have failed inside open(): xterm then made the DOM one.
  if (renderer === 'webgl' && !parent.querySelector('canvas')) renderer = 'dom';
  if (renderer === 'dom') cssomRowStyles(term);
  const lost = webgl?.onContextLoss(() => {
    // The GPU went away (driver reset, too many contexts): continue with the DOM renderer.
    withAdoptedStyles(() => webgl?.dispose());
    webgl = null;
    parts.renderer = 'dom';
    cssomRowStyles(term);
  });
  const parts: XtermParts = {
    term,
    fit,
    search,
    serialize,
    renderer,
    dispose: () => {
      lost?.dispose();
      term.dispose();
    },
  };
  return parts;
}
