import { useMemo, useState, type ReactNode } from 'react';

function highlight(line: string, term: string) {
  if (!term) return line;
  const parts: ReactNode[] = [];
  const lower = line.toLowerCase();
  let at = 0;
  let i: number;
  while ((i = lower.indexOf(term, at)) !== -1) {
    parts.push(line.slice(at, i), <mark key={i}>{line.slice(i, i + term.length)}</mark>);
    at = i + term.length;
  }
  parts.push(line.slice(at));
  return parts;
}

/** The engine's raw document, pretty-printed, searchable; "only matching lines" narrows it down. */
export function InspectView({ value }: { value: unknown }) {
  const [query, setQuery] = useState('');
  const [onlyMatches, setOnlyMatches] = useState(false);
  const lines = useMemo(() => JSON.stringify(value, null, 2).split('\n'), [value]);
  const term = query.trim().toLowerCase();
  const matching = term ? lines.filter((l) => l.toLowerCase().includes(term)).length : 0;
  const shown = term && onlyMatches ? lines.filter((l) => l.toLowerCase().includes(term)) : lines;
  return (
    <div>
      <div className="toolbar">
        <input type="search" placeholder="Search the inspect document" aria-label="Search inspect" value={query} onChange={(e) => setQuery(e.target.value)} />
        <label className="check small">
          <input type="checkbox" checked={onlyMatches} onChange={(e) => setOnlyMatches(e.target.checked)} />
          only matching lines
        </label>
        {term && <span className="muted small">{matching} matching line{matching === 1 ? '' : 's'}</span>}
      </div>
      <pre className="output inspect" aria-label="Inspect document">
        {shown.map((l, i) => (
          <div key={i}>{highlight(l, term)}</div>
        ))}
      </pre>
    </div>
  );
}
