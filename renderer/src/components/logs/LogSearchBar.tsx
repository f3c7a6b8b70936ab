import type { KeyboardEvent, ReactNode, Ref } from 'react';

export interface SearchState {
  query: string;
  caseSensitive: boolean;
  regex: boolean;
  /** Show only the lines that match. */
  filter: boolean;
}

interface Props {
  search: SearchState;
  onSearch(next: SearchState): void;
  error: string | null;
  total: number;
  /** 0-based index of the current hit, -1 when none is selected. */
  index: number;
  onStep(step: 1 | -1): void;
  /** Actions at the end of the row. */
  children?: ReactNode;
  inputRef?: Ref<HTMLInputElement>;
}

export function LogSearchBar({ search, onSearch, error, total, index, onStep, children, inputRef }: Props) {
  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      onStep(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape' && search.query) {
      e.preventDefault();
      onSearch({ ...search, query: '' });
    }
  };
  const toggle = (key: 'caseSensitive' | 'regex' | 'filter', label: string, short: string) => (
    <button type="button" className={search[key] ? 'log-toggle on' : 'log-toggle'} aria-pressed={search[key]} title={label} aria-label={label} onClick={() => onSearch({ ...search, [key]: !search[key] })}>
      {short}
    </button>
  );
  return (
    <div className="toolbar log-search" role="search">
      <input
        ref={inputRef}
        type="search"
        className="log-search-input"
        placeholder="Search the log"
        aria-label="Search the log"
        aria-invalid={error ? true : undefined}
        value={search.query}
        onChange={(e) => onSearch({ ...search, query: e.target.value })}
        onKeyDown={onKey}
        spellCheck={false}
      />
      {toggle('caseSensitive', 'Match case', 'Aa')}
      {toggle('regex', 'Regular expression', '.*')}
      {toggle('filter', 'Show only matching lines', 'Filter')}
      <button type="button" onClick={() => onStep(-1)} disabled={!total} aria-label="Previous match" title="Previous match (Shift+Enter)">
        ↑
      </button>
      <button type="button" onClick={() => onStep(1)} disabled={!total} aria-label="Next match" title="Next match (Enter)">
        ↓
      </button>
      <span className="log-count muted small" aria-live="polite" data-match-count={total}>
        {error ? '' : search.query ? (total ? (index >= 0 ? `${(index + 1).toLocaleString()} of ${total.toLocaleString()}` : `${total.toLocaleString()} match${total === 1 ? '' : 'es'}`) : 'No match') : ''}
      </span>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
      <span className="spacer" />
      {children}
    </div>
  );
}
