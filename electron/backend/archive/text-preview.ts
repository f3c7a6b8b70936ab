/** Previews of file contents: text when the start of a file reads as UTF-8, else null. */

/** UTF-8 text, or null for binary (NUL bytes, or bytes that are not UTF-8 apart from a cut final character). */
export function decodeText(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, trimIncomplete(bytes)));
  } catch {
    return null;
  }
}

/** Length without a UTF-8 sequence cut off at the end of a preview. */
function trimIncomplete(bytes: Buffer): number {
  let i = bytes.length - 1;
  let back = 0;
  while (i >= 0 && back < 4 && (bytes[i]! & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return bytes.length;
  const lead = bytes[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need > back + 1 ? i : bytes.length;
}
