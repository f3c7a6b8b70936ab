/**
 * Display width of a log line in monospace columns, for the wrapped layout: a tab advances to the
 * next multiple of 8, East Asian wide characters and emoji take two columns, combining marks none.
 */

const tabSize = 8;
// Tabs, combining marks, and everything from Hangul Jamo up (wide ranges, astral planes).
const needsCare = /[\t\p{M}\u1100-\u{10ffff}]/u;

const mark = /^\p{M}$/u;

export function displayWidth(text: string): number {
  if (!needsCare.test(text)) return text.length;
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0x09) width += tabSize - (width % tabSize);
    else if (mark.test(ch) || (cp >= 0x200b && cp <= 0x200f)) continue;
    else width += isWide(cp) ? 2 : 1;
  }
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Visual rows a line of this width takes when wrapped at `cols` columns (at least one). */
export function wrappedRows(width: number, cols: number): number {
  if (cols <= 0 || width <= cols) return 1;
  return Math.ceil(width / cols);
}
