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
