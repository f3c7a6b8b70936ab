import type { PortBinding } from '../../../shared/models';

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];
const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 minutes ago", "yesterday"; under a minute is "just now". */
export function relativeTime(ms: number, now: number): string {
  const diff = ms - now;
  for (const [unit, size] of units) {
    if (Math.abs(diff) >= size) return rtf.format(Math.round(diff / size), unit);
  }
  return 'just now';
}

/** Ports as the CLI prints them, published ones first: "0.0.0.0:8080->80/tcp", "443/tcp". */
export function formatPorts(ports: PortBinding[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const sorted = [...ports].sort((a, b) => Number(!!b.publicPort) - Number(!!a.publicPort) || a.privatePort - b.privatePort);
  for (const p of sorted) {
    const text = p.publicPort ? `${p.ip && p.ip !== '::' ? p.ip : '0.0.0.0'}:${p.publicPort}->${p.privatePort}/${p.protocol}` : `${p.privatePort}/${p.protocol}`;
    // The engine lists a published port once per address family; show it once.
    const key = p.publicPort ? `${p.publicPort}->${p.privatePort}/${p.protocol}` : text;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(text);
  }
  return out;
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

const byteUnits = ['B', 'kB', 'MB', 'GB', 'TB'];

/** 1234567 → "1.23 MB" (decimal units, as the docker CLI prints sizes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < byteUnits.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${byteUnits[unit]}`;
}

/**
 * Splits a command line into argv the way a POSIX shell would for quoting (no expansion):
 * `sh -c "echo hi"` → ["sh", "-c", "echo hi"]. Returns null for an unclosed quote.
 */
export function splitCommand(text: string): string[] | null {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) current += text[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inArg = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      current += text[++i];
      inArg = true;
    } else if (/\s/.test(ch)) {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
    } else {
      current += ch;
      inArg = true;
    }
  }
  if (quote) return null;
  if (inArg) args.push(current);
  return args;
}
