import { useId } from 'react';

/** What the stream is asked for; changing any of these starts a new stream. */
export interface LogStreamOptions {
  follow: boolean;
  tail: number | 'all';
  /** Unix seconds. */
  since?: number;
  until?: number;
  timestamps?: boolean;
}

const tails: { value: string; label: string }[] = [
  { value: '100', label: 'Last 100 lines' },
  { value: '500', label: 'Last 500 lines' },
  { value: '1000', label: 'Last 1,000 lines' },
  { value: '10000', label: 'Last 10,000 lines' },
  { value: 'all', label: 'The whole log' },
];

/** A datetime-local value (local time) as unix seconds, and back. */
export function toUnixSeconds(local: string): number | undefined {
  if (!local) return undefined;
  const ms = new Date(local).getTime();
  return Number.isFinite(ms) ? Math.max(0, Math.floor(ms / 1000)) : undefined;
}

export function toLocalInput(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  const d = new Date(seconds * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

interface Props {
  options: LogStreamOptions;
  onOptions(next: LogStreamOptions): void;
  timestamps: boolean;
  onTimestamps(on: boolean): void;
  wrap: boolean;
  onWrap(on: boolean): void;
}

export function LogOptionsBar({ options, onOptions, timestamps, onTimestamps, wrap, onWrap }: Props) {
  const id = useId();
  const setTime = (key: 'since' | 'until', value: string): void => {
    const next = { ...options };
    const seconds = toUnixSeconds(value);
    if (seconds === undefined) delete next[key];
    else next[key] = seconds;
    if (next[key] !== options[key]) onOptions(next);
  };
  return (
    <div className="toolbar log-options" role="toolbar" aria-label="Log options">
      <label className="check">
        <input type="checkbox" checked={options.follow} onChange={(e) => onOptions({ ...options, follow: e.target.checked })} />
        Follow
      </label>
      <select aria-label="How much of the log" value={String(options.tail)} onChange={(e) => onOptions({ ...options, tail: e.target.value === 'all' ? 'all' : Number(e.target.value) })}>
        {tails.map((t) => (
          <option key={t.value} value={t.value}>
            {t.label}
          </option>
        ))}
      </select>
      <label className="log-time" htmlFor={`${id}-since`}>
        Since
        <input id={`${id}-since`} type="datetime-local" step={1} value={toLocalInput(options.since)} onChange={(e) => setTime('since', e.target.value)} />
      </label>
      <label className="log-time" htmlFor={`${id}-until`}>
        Until
        <input id={`${id}-until`} type="datetime-local" step={1} value={toLocalInput(options.until)} onChange={(e) => setTime('until', e.target.value)} />
      </label>
      <label className="check">
        <input type="checkbox" checked={timestamps} onChange={(e) => onTimestamps(e.target.checked)} />
        Timestamps
      </label>
      <label className="check">
        <input type="checkbox" checked={wrap} onChange={(e) => onWrap(e.target.checked)} />
        Wrap lines
      </label>
    </div>
  );
}
