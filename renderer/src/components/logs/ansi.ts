/**
 * A small ANSI parser for log lines: SGR (colours 16/256/truecolor, bold, dim, italic, underline,
 * inverse, strike, hidden, reset) becomes styled segments; every other escape sequence (cursor
 * movement, OSC titles and links, DCS, charset selection) and control character is stripped. A
 * carriage return overwrites the line, as a terminal would show a progress bar.
 *
 * The SGR state carries over from one line to the next (the caller keeps it per output stream), so
 * a colour set on one line and reset three lines later colours all four, as in a terminal.
 */

/** 0–255: the xterm palette; a string: '#rrggbb'. */
export type AnsiColor = number | string;

export interface SgrStyle {
  readonly fg: AnsiColor | null;
  readonly bg: AnsiColor | null;
  readonly bold: boolean;
  readonly dim: boolean;
  readonly italic: boolean;
  readonly underline: boolean;
  readonly inverse: boolean;
  readonly strike: boolean;
  readonly hidden: boolean;
}

export const plainStyle: SgrStyle = Object.freeze({
  fg: null,
  bg: null,
  bold: false,
  dim: false,
  italic: false,
  underline: false,
  inverse: false,
  strike: false,
  hidden: false,
});

export interface AnsiSegment {
  text: string;
  style: SgrStyle;
}

export interface ScanResult {
  /** The text as shown: no escapes, no controls but tabs. */
  plain: string;
  /** The SGR state at the end of the line, where the next line of the same stream starts. */
  end: SgrStyle;
}

export interface ParseResult extends ScanResult {
  /** `plain`, cut where the style changes; their texts joined are exactly `plain`. */
  segments: AnsiSegment[];
}

// Anything a terminal would not print as is: C0 controls but tab, DEL, C1 controls.
// eslint-disable-next-line no-control-regex
const special = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;

/** Whether the line needs the full parser (most log lines do not). */
export function hasEscapes(line: string): boolean {
  return special.test(line);
}

/** Plain text and end state only: what the log buffer needs for every line it takes in. */
export function scanAnsi(line: string, start: SgrStyle = plainStyle): ScanResult {
  if (!special.test(line)) return { plain: line, end: start };
  const r = run(line, start, false);
  return { plain: r.plain, end: r.end };
}

/** Styled segments: what a row on screen needs. */
export function parseAnsi(line: string, start: SgrStyle = plainStyle): ParseResult {
  if (!special.test(line)) return { plain: line, end: start, segments: line ? [{ text: line, style: start }] : [] };
  return run(line, start, true);
}

function run(line: string, start: SgrStyle, withSegments: boolean): ParseResult {
  const segments: AnsiSegment[] = [];
  let style = start;
  let text = ''; // the current segment's text
  let plain = '';
  const n = line.length;
  let i = 0;
  let runStart = 0; // start of the printable run being collected

  const flushRun = (end: number): void => {
    if (end > runStart) text += line.slice(runStart, end);
  };
  const closeSegment = (): void => {
    if (!text) return;
    plain += text;
    if (withSegments) {
      const last = segments.at(-1);
      if (last && last.style === style) last.text += text;
      else segments.push({ text, style });
    }
    text = '';
  };

  while (i < n) {
    const c = line.charCodeAt(i);
    if (c >= 0x20 && c !== 0x7f && (c < 0x80 || c > 0x9f)) {
      i++;
      continue;
    }
    if (c === 0x09) {
      i++;
      continue;
    }
    flushRun(i);
    if (c === 0x0d) {
      // Carriage return: what follows overwrites the line.
      text = '';
      plain = '';
      segments.length = 0;
      i++;
    } else if (c === 0x1b || c === 0x9b) {
      const csiAt = c === 0x9b ? i + 1 : line[i + 1] === '[' ? i + 2 : -1;
      if (csiAt >= 0) {
        const seq = readCsi(line, csiAt);
        if (seq.final === 'm' && seq.sgr) {
          const next = applySgr(style, seq.params);
          if (next !== style) {
            closeSegment();
            style = next;
          }
        }
        i = seq.end;
      } else {
        i = skipEscape(line, i);
      }
    } else {
      i++; // any other control character is dropped
    }
    runStart = i;
  }
  flushRun(n);
  closeSegment();
  return { plain, end: style, segments };
}

/** Reads a CSI sequence from its first parameter byte; `end` is the index after it. */
function readCsi(line: string, from: number): { params: string; final: string; sgr: boolean; end: number } {
  let j = from;
  const n = line.length;
  while (j < n) {
    const c = line.charCodeAt(j);
    if (c >= 0x30 && c <= 0x3f) j++;
    else break;
  }
  const params = line.slice(from, j);
  const paramsEnd = j;
  while (j < n) {
    const c = line.charCodeAt(j);
    if (c >= 0x20 && c <= 0x2f) j++;
    else break;
  }
  const final = line[j] ?? '';
  const finalCode = line.charCodeAt(j);
  if (!(finalCode >= 0x40 && finalCode <= 0x7e)) return { params, final: '', sgr: false, end: j }; // cut short or malformed
  // Private parameters (<, =, >, ?) or intermediates make it something other than plain SGR.
  const sgr = paramsEnd === j && !/[<=>?]/.test(params);
  return { params, final, sgr, end: j + 1 };
}

/** Skips a non-CSI escape sequence starting at the ESC at `i`; returns the index after it. */
function skipEscape(line: string, i: number): number {
  const n = line.length;
  const next = line[i + 1];
  if (next === undefined) return n;
  // OSC, DCS, SOS, PM, APC: a string ended by BEL or ST (ESC \).
  if (next === ']' || next === 'P' || next === 'X' || next === '^' || next === '_') {
    let j = i + 2;
    while (j < n) {
      const c = line.charCodeAt(j);
      if (c === 0x07) return j + 1;
      if (c === 0x1b && line[j + 1] === '\\') return j + 2;
      j++;
    }
    return n;
  }
  // ESC, intermediates (0x20–0x2f), a final byte (0x30–0x7e): charset selection, keypad modes...
  let j = i + 1;
  while (j < n) {
    const c = line.charCodeAt(j);
    if (c >= 0x20 && c <= 0x2f) j++;
    else break;
  }
  const c = line.charCodeAt(j);
  return c >= 0x30 && c <= 0x7e ? j + 1 : j;
}

const byte = (v: number | undefined): number | null => (v === undefined || Number.isNaN(v) || v < 0 || v > 255 ? null : v);
const hex = (r: number, g: number, b: number): string => `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;

/**
 * Results of applySgr by start style and parameters. A log repeats the same few sequences on every
 * line, so this turns most of them into two map look-ups and keeps style objects shared (which
 * also lets equal neighbouring segments merge by identity). Bounded per style: a truecolor
 * gradient must not grow it without end.
 */
const sgrMemo = new WeakMap<SgrStyle, Map<string, SgrStyle>>();
const memoPerStyle = 256;

/** Applies one SGR parameter string to a style; returns the same object when nothing changed. */
export function applySgr(style: SgrStyle, params: string): SgrStyle {
  let byParams = sgrMemo.get(style);
  const known = byParams?.get(params);
  if (known) return known;
  const next = computeSgr(style, params);
  if (!byParams) sgrMemo.set(style, (byParams = new Map()));
  if (byParams.size < memoPerStyle) byParams.set(params, next);
  return next;
}

function computeSgr(style: SgrStyle, params: string): SgrStyle {
  const groups = (params === '' ? [''] : params.split(';')).map((g) => g.split(':').map((p) => (p === '' ? 0 : Number(p))));
  let s: { -readonly [K in keyof SgrStyle]: SgrStyle[K] } = { ...style };
  for (let k = 0; k < groups.length; k++) {
    const sub = groups[k] ?? [0];
    const p = sub[0] ?? 0;
    if (p === 0) s = { ...plainStyle };
    else if (p === 1) s.bold = true;
    else if (p === 2) s.dim = true;
    else if (p === 3) s.italic = true;
    else if (p === 4) s.underline = sub.length > 1 ? sub[1] !== 0 : true;
    else if (p === 7) s.inverse = true;
    else if (p === 8) s.hidden = true;
    else if (p === 9) s.strike = true;
    else if (p === 21) s.underline = true;
    else if (p === 22) s.bold = s.dim = false;
    else if (p === 23) s.italic = false;
    else if (p === 24) s.underline = false;
    else if (p === 27) s.inverse = false;
    else if (p === 28) s.hidden = false;
    else if (p === 29) s.strike = false;
    else if (p >= 30 && p <= 37) s.fg = p - 30;
    else if (p === 39) s.fg = null;
    else if (p >= 40 && p <= 47) s.bg = p - 40;
    else if (p === 49) s.bg = null;
    else if (p >= 90 && p <= 97) s.fg = p - 90 + 8;
    else if (p >= 100 && p <= 107) s.bg = p - 100 + 8;
    else if (p === 38 || p === 48) {
      let color: AnsiColor | null = null;
      if (sub.length > 1) {
        // Colon form: 38:5:n, 38:2:r:g:b or 38:2:colourspace:r:g:b.
        if (sub[1] === 5) color = byte(sub[2]);
        else if (sub[1] === 2) {
          const [r, g, b] = sub.length >= 6 ? sub.slice(3, 6) : sub.slice(2, 5);
          const rgb = [byte(r), byte(g), byte(b)];
          if (rgb.every((v) => v !== null)) color = hex(rgb[0]!, rgb[1]!, rgb[2]!);
        }
      } else {
        const mode = groups[k + 1]?.[0];
        if (mode === 5) {
          color = byte(groups[k + 2]?.[0]);
          k += 2;
        } else if (mode === 2) {
          const rgb = [byte(groups[k + 2]?.[0]), byte(groups[k + 3]?.[0]), byte(groups[k + 4]?.[0])];
          if (rgb.every((v) => v !== null)) color = hex(rgb[0]!, rgb[1]!, rgb[2]!);
          k += 4;
        } else k = groups.length; // malformed: a terminal ignores the rest
      }
      if (color !== null) {
        if (p === 38) s.fg = color;
        else s.bg = color;
      }
    }
    // Anything else (blink, fonts, overline, ...) has no effect on a log line.
  }
  return sameStyle(s, style) ? style : sameStyle(s, plainStyle) ? plainStyle : Object.freeze(s);
}

export function sameStyle(a: SgrStyle, b: SgrStyle): boolean {
  return (
    a.fg === b.fg &&
    a.bg === b.bg &&
    a.bold === b.bold &&
    a.dim === b.dim &&
    a.italic === b.italic &&
    a.underline === b.underline &&
    a.inverse === b.inverse &&
    a.strike === b.strike &&
    a.hidden === b.hidden
  );
}

/** The xterm 256-colour palette for 16–255 (0–15 come from the theme's CSS classes). */
export function paletteColor(index: number): string {
  if (index < 16) return basic16[index] ?? '#ffffff';
  if (index < 232) {
    const i = index - 16;
    const level = (v: number): number => (v === 0 ? 0 : 55 + v * 40);
    return hex(level(Math.floor(i / 36)), level(Math.floor(i / 6) % 6), level(i % 6));
  }
  const grey = 8 + (index - 232) * 10;
  return hex(grey, grey, grey);
}

/** Used only where a class cannot be (inverse video); the same colours as logs.css. */
const basic16 = [
  '#2e3440', '#f14c4c', '#23d18b', '#e5c07b', '#3b8eea', '#d670d6', '#29b8db', '#cccccc',
  '#666666', '#ff6b6b', '#5af78e', '#f4f99d', '#6fb3ff', '#ff92df', '#5ee1f4', '#ffffff',
];

/**
 * How a segment is drawn: classes for the 16 theme colours and the attributes, a style (CSSOM,
 * allowed by the CSP) for 256-colour and truecolor values.
 */
export function segmentLook(style: SgrStyle): { className: string; color?: string; background?: string } {
  if (style === plainStyle) return { className: '' };
  const classes: string[] = [];
  let fg = style.fg;
  let bg = style.bg;
  let color: string | undefined;
  let background: string | undefined;
  if (style.inverse) {
    // Swap, with the viewer's own colours standing in for "default".
    color = bg === null ? 'var(--log-bg)' : typeof bg === 'number' ? paletteColor(bg) : bg;
    background = fg === null ? 'var(--text)' : typeof fg === 'number' ? paletteColor(fg) : fg;
    fg = bg = null;
  }
  if (typeof fg === 'number' && fg < 16) classes.push(`ansi-fg-${fg}`);
  else if (fg !== null) color = typeof fg === 'number' ? paletteColor(fg) : fg;
  if (typeof bg === 'number' && bg < 16) classes.push(`ansi-bg-${bg}`);
  else if (bg !== null) background = typeof bg === 'number' ? paletteColor(bg) : bg;
  if (style.bold) classes.push('ansi-bold');
  if (style.dim) classes.push('ansi-dim');
  if (style.italic) classes.push('ansi-italic');
  if (style.underline) classes.push('ansi-underline');
  if (style.strike) classes.push('ansi-strike');
  if (style.hidden) classes.push('ansi-hidden');
  const look: { className: string; color?: string; background?: string } = { className: classes.join(' ') };
  if (color !== undefined) look.color = color;
  if (background !== undefined) look.background = background;
  return look;
}
