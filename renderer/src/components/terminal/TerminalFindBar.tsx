import { useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import type { ISearchOptions } from '@xterm/addon-search';
import type { XtermParts } from './xterm-setup';

const decorations: ISearchOptions['decorations'] = {
  matchBackground: '#6b5200',
  matchOverviewRuler: '#6b5200',
  activeMatchBackground: '#d29922',
  activeMatchColorOverviewRuler: '#d29922',
};

/** Find in the terminal's scrollback (Ctrl+Shift+F), through the search addon. */
export function TerminalFindBar({ parts, onClose }: { parts: RefObject<XtermParts | null>; onClose(): void }) {
  const [query, setQuery] = useState('');
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [result, setResult] = useState<{ index: number; count: number } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    const search = parts.current?.search;
    if (!search) return;
    const sub = search.onDidChangeResults((r) => setResult({ index: r.resultIndex, count: r.resultCount }));
    return () => {
      sub.dispose();
      search.clearDecorations();
    };
  }, [parts]);
  const options: ISearchOptions = { caseSensitive, decorations };
  const find = (dir: 1 | -1, incremental = false): void => {
    const search = parts.current?.search;
    if (!search) return;
    if (!query) {
      search.clearDecorations();
      setResult(null);
      return;
    }
    if (dir > 0) search.findNext(query, { ...options, incremental });
    else search.findPrevious(query, options);
  };
  useEffect(() => {
    const search = parts.current?.search;
    if (query) search?.findNext(query, { caseSensitive, decorations, incremental: true });
    else search?.clearDecorations();
  }, [parts, query, caseSensitive]);
  return (
    <div className="term-find" role="search">
      <input
        ref={input}
        type="search"
        aria-label="Find in terminal"
        placeholder="Find"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            find(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
        }}
      />
      <button type="button" className={caseSensitive ? 'log-toggle on' : 'log-toggle'} aria-pressed={caseSensitive} aria-label="Match case" onClick={() => setCaseSensitive(!caseSensitive)}>
        Aa
      </button>
      <button type="button" aria-label="Previous match" onClick={() => find(-1)}>
        ↑
      </button>
      <button type="button" aria-label="Next match" onClick={() => find(1)}>
        ↓
      </button>
      <span className="muted small term-find-count">{query && result ? (result.count ? `${result.index + 1} of ${result.count}` : 'No match') : ''}</span>
      <button type="button" className="link-button" aria-label="Close find" onClick={onClose}>
        ✕
      </button>
    </div>
  );
}
