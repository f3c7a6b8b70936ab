import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { StreamHandle, StreamHandlers } from '../../../../shared/api';
import type { LogEvent, SavedLog } from '../../../../shared/models';
import type { Result, RpcError } from '../../../../shared/result';
import { ErrorNote } from '../ErrorNote';
import { copyText } from '../terminal/clipboard';
import { formatBytes } from '../../lib/format';
import { LogModel } from './log-model';
import { defaultLogCapacity } from './log-buffer';
import { LogRows, type ScrollTarget } from './LogRows';
import { LogSearchBar, type SearchState } from './LogSearchBar';
import { LogOptionsBar, type LogStreamOptions } from './LogOptionsBar';
import './logs.css';

export type { LogStreamOptions } from './LogOptionsBar';

/** Opens the stream of log events for some options: containers today, pods later. */
export type LogSource = (options: LogStreamOptions, handlers: StreamHandlers<LogEvent>) => StreamHandle<never>;

export interface LogViewerProps {
  source: LogSource;
  /** Saves the whole log (not only what the viewer holds); absent where there is no such thing. */
  download?: (options: { timestamps: boolean; since?: number; until?: number }) => Promise<Result<SavedLog>>;
  /** Say why there may be nothing to show (e.g. "The container has not started yet"). */
  emptyHint?: string;
  capacity?: number;
}

/** Batches taken in without a frame (a hidden window gets none) before they are applied anyway. */
const maxPendingLines = 20_000;

/** Keeps a value until it has stopped changing for `ms` (0: the next tick). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * A log viewer over any stream of LogEvent. The stream options (follow, tail, since, until) start a
 * new stream, so they key a new session below; the user's display and search choices stay.
 */
export function LogViewer(props: LogViewerProps) {
  const [options, setOptions] = useState<LogStreamOptions>({ follow: true, tail: 500 });
  const [reads, setReads] = useState(0);
  const [timestamps, setTimestamps] = useState(false);
  const [wrap, setWrap] = useState(false);
  const [search, setSearch] = useState<SearchState>({ query: '', caseSensitive: false, regex: false, filter: false });
  const key = `${options.follow}|${options.tail}|${options.since ?? ''}|${options.until ?? ''}|${reads}`;
  return (
    <LogSession
      key={key}
      {...props}
      options={options}
      onOptions={setOptions}
      timestamps={timestamps}
      onTimestamps={setTimestamps}
      wrap={wrap}
      onWrap={setWrap}
      search={search}
      onSearch={setSearch}
      onReadAgain={() => setReads((n) => n + 1)}
    />
  );
}

interface SessionProps extends LogViewerProps {
  options: LogStreamOptions;
  onOptions(o: LogStreamOptions): void;
  timestamps: boolean;
  onTimestamps(on: boolean): void;
  wrap: boolean;
  onWrap(on: boolean): void;
  search: SearchState;
  onSearch(s: SearchState): void;
  /** A new stream with the same options (after the link dropped, or to read a finished log again). */
  onReadAgain(): void;
}

/**
 * One stream and what it brought. Batches are applied once per animation frame, outside React
 * state (the model is a mutable object; React only learns a new version number), so a container
 * printing 50,000 lines a second costs a frame the new lines and the rows in view.
 */
function LogSession({ source, download, emptyHint, capacity = defaultLogCapacity, options, onOptions, timestamps, onTimestamps, wrap, onWrap, search, onSearch, onReadAgain }: SessionProps) {
  const [model] = useState(() => new LogModel(capacity));
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState<'streaming' | 'ended'>('streaming');
  const [error, setError] = useState<RpcError | null>(null);
  /** The current hit, for the search it was found with. */
  const [hit, setHit] = useState<{ search: SearchState; seq: number; occurrence: number } | null>(null);
  const [target, setTarget] = useState<ScrollTarget | null>(null);
  const [notice, setNotice] = useState<{ text: string; path?: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const firstVisible = useRef(0);
  const searchInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let pending: LogEvent[] = [];
    let pendingLines = 0;
    let frame = 0;
    const apply = (): void => {
      frame = 0;
      const events = pending;
      pending = [];
      pendingLines = 0;
      model.ingest(events);
      flushSync(() => setVersion(model.version));
    };
    const handle = source(
      { ...options, timestamps: true },
      {
        onData: (event) => {
          pending.push(event);
          pendingLines += event.kind === 'lines' ? event.lines.length : 1;
          if (pendingLines > maxPendingLines) {
            // No frame is coming (hidden window): keep memory bounded, render later.
            model.ingest(pending);
            pending = [];
            pendingLines = 0;
          }
          if (!frame) frame = requestAnimationFrame(apply);
        },
        onEnd: (err) => {
          if (frame) cancelAnimationFrame(frame);
          apply();
          setStatus('ended');
          if (err) setError(err);
        },
      },
    );
    return () => {
      if (frame) cancelAnimationFrame(frame);
      handle.close();
    };
    // The session is keyed by its options: one stream for its lifetime.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source, model]);

  // A new query searches the whole log once (after typing pauses on a big log); new lines are searched as they come.
  const settled = useSettled(search, search.query && model.buffer.size > 20_000 ? 150 : 0);
  const searchVersion = useMemo(() => {
    model.setSearch(settled.query, settled, settled.filter);
    return model.version;
  }, [model, settled]);

  const total = model.matchCount;
  const current = hit && hit.search === settled ? { seq: hit.seq, occurrence: hit.occurrence } : null;
  const currentIndex = current ? model.firstOccurrenceIn(current.seq) + current.occurrence : -1;

  const go = (step: 1 | -1): void => {
    const count = model.matchCount;
    if (!count) return;
    let n: number;
    if (currentIndex < 0) {
      n = model.occurrenceFrom(firstVisible.current);
      if (step < 0) n = (n - 1 + count) % count;
    } else n = (currentIndex + step + count) % count;
    const found = model.locate(n);
    if (!found) return;
    setHit({ search: settled, ...found });
    setTarget({ seq: found.seq, nonce: (target?.nonce ?? 0) + 1 });
  };

  const onFirstVisible = useCallback((seq: number) => {
    firstVisible.current = seq;
  }, []);

  const copy = async (): Promise<void> => {
    const text = model.shownText(timestamps);
    const lines = model.layout.count;
    const ok = await copyText(text);
    setNotice({ text: ok ? `Copied ${lines.toLocaleString()} line${lines === 1 ? '' : 's'}.` : 'The clipboard refused the text.' });
  };

  const save = async (): Promise<void> => {
    if (!download) return;
    setSaving(true);
    setNotice(null);
    const args: { timestamps: boolean; since?: number; until?: number } = { timestamps };
    if (options.since !== undefined) args.since = options.since;
    if (options.until !== undefined) args.until = options.until;
    const r = await download(args);
    setSaving(false);
    if (r.ok) setNotice({ text: `Saved ${r.value.lines.toLocaleString()} lines (${formatBytes(r.value.bytes)}) to`, path: r.value.path });
    else setError(r.error);
  };

  const dropped = model.buffer.dropped;
  const shown = model.layout.count;
  const query = model.query;
  return (
    <div
      className="log-viewer"
      data-log-viewer
      data-log-status={status}
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') {
          e.preventDefault();
          searchInput.current?.focus();
          searchInput.current?.select();
        }
      }}
    >
      <LogOptionsBar
        options={options}
        onOptions={onOptions}
        timestamps={timestamps}
        onTimestamps={onTimestamps}
        wrap={wrap}
        onWrap={onWrap}
      />
      <LogSearchBar search={search} onSearch={onSearch} error={query && !query.ok ? query.error : null} total={total} index={currentIndex} onStep={go} inputRef={searchInput}>
        <button type="button" onClick={() => void copy()} title="Copy the lines shown, as plain text">
          Copy
        </button>
        {download && (
          <button type="button" onClick={() => void save()} disabled={saving} title="Save the whole log to a file, not only the lines held here">
            {saving ? 'Saving…' : 'Download'}
          </button>
        )}
      </LogSearchBar>
      {dropped > 0 && (
        <div className="log-banner" role="status" data-log-dropped={dropped}>
          {dropped.toLocaleString()} older lines were let go to keep memory bounded: the viewer holds the last {model.capacity.toLocaleString()}.
          {download ? ' Download saves the whole log.' : ''}
        </div>
      )}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
      {notice && (
        <div className="log-banner ok" role="status" data-saved-path={notice.path}>
          {notice.text} {notice.path && <code>{notice.path}</code>}
          <button type="button" className="link-button" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
      <LogRows
        model={model}
        version={version + searchVersion}
        wrap={wrap}
        timestamps={timestamps}
        live={status === 'streaming' && options.follow}
        current={current}
        target={target}
        onFirstVisible={onFirstVisible}
      />
      <div className="log-status muted small">
        {shown === 0
          ? status === 'streaming'
            ? (emptyHint ?? 'Waiting for lines…')
            : model.filtering
              ? 'No line matches.'
              : 'The log is empty.'
          : `${shown.toLocaleString()} line${shown === 1 ? '' : 's'}${model.filtering ? ` matching, of ${model.buffer.size.toLocaleString()}` : ''}`}
        {' · '}
        {status === 'streaming' ? (options.follow ? 'following' : 'reading') : 'stream ended'}
        {status === 'ended' && (
          <button type="button" className="link-button small" onClick={onReadAgain}>
            Read again
          </button>
        )}
      </div>
    </div>
  );
}
