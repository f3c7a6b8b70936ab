/**
 * A command line as the user types it into "Command", split into argv the way a POSIX shell would
 * for the simple cases: whitespace separates words, single quotes keep everything, double quotes
 * keep everything but \" and \\, a backslash outside quotes escapes the next character. No
 * expansion of any kind: the words go to the engine as they are.
 */
export function splitCommand(line: string): { ok: true; argv: string[] } | { ok: false; error: string } {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 < line.length) word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return { ok: false, error: `The ${quote === '"' ? 'double' : 'single'} quote is not closed.` };
  if (inWord) argv.push(word);
  return { ok: true, argv };
}
