import { memo, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { parseAnsi, segmentLook, type SgrStyle } from './ansi';
import { piecesOf, shortTime } from './highlight';
import type { LogModel } from './log-model';
import { findRanges } from './log-search';
import { maxVirtualTop, rowWindow, scrollGeometry, scrollTopFor, virtualTopOf } from './row-layout';

/** One visual line, in px: the CSS (.log-row line-height) says the same. */
export const rowPx = 18;
/** Width of the timestamp column in characters ("2024-05-01T12:00:00.123Z" and a gap). */
const timeCols = 25;
const padPx = 12;

export interface ScrollTarget {
  seq: number;
  /** Changes on every request, so asking twice for the same line scrolls twice. */
  nonce: number;
}

interface LogRowsProps {
  model: LogModel;
  /** The model's version when this render was asked for (the model itself is mutable). */
  version: number;
  wrap: boolean;
  timestamps: boolean;
  /** The stream is still open, so new lines may come: offer "Jump to latest" when paused. */
  live: boolean;
  current: { seq: number; occurrence: number } | null;
  target: ScrollTarget | null;
  onFirstVisible?(seq: number): void;
}

/** Where the view is: stuck to the bottom, or at a row (by seq) and a distance into it. */
interface ViewPlace {
  stuck: boolean;
  anchor: { seq: number; offsetPx: number } | null;
}

/**
 * The virtualised rows: only those in view (and a few either side) are in the DOM, each placed by
 * the layout's arithmetic. While the user is at the bottom the view sticks there as lines come in;
 * scrolling up pauses that and keeps the lines in view where they are, even while older lines are
 * dropped from the ring above them.
 */
export function LogRows({ model, version, wrap, timestamps, live, current, target, onFirstVisible }: LogRowsProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const probe = useRef<HTMLSpanElement>(null);
  /** The scroll offset this component last set, to tell its own scroll events from the user's. */
  const lastSet = useRef(-1);
  const [size, setSize] = useState({ width: 0, height: 0, charPx: 7.5 });
  const [place, setPlace] = useState<ViewPlace>({ stuck: true, anchor: null });

  // A request to show a line (search next/previous): centre it and stop following.
  const [seenTarget, setSeenTarget] = useState(target);
  if (target !== seenTarget) {
    setSeenTarget(target);
    if (target) setPlace({ stuck: false, anchor: { seq: target.seq, offsetPx: -Math.max(0, (size.height - rowPx) / 2) } });
  }

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      const p = probe.current;
      const charPx = p && p.offsetWidth > 0 ? p.offsetWidth / 100 : 7.5;
      setSize((s) => (s.width === el.clientWidth && s.height === el.clientHeight && s.charPx === charPx ? s : { width: el.clientWidth, height: el.clientHeight, charPx }));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Wrapped rows take as many visual lines as their width needs at the text column's width.
  const textPx = size.width - padPx * 2 - (timestamps ? timeCols * size.charPx : 0) - 4;
  const cols = wrap && size.width > 0 ? Math.max(8, Math.floor(textPx / size.charPx) - 1) : null;
  // Idempotent for a given width: the layout must match it before the window is computed.
  model.setWrap(cols);

  const layout = model.layout;
  const vh = size.height;
  const g = scrollGeometry(layout.totalUnits, rowPx, vh);
  const maxTop = maxVirtualTop(g, vh);
  let vTop = maxTop;
  if (!place.stuck && place.anchor) {
    const row = layout.rowAtOrAfterSeq(place.anchor.seq);
    const exact = layout.seqAt(row) === place.anchor.seq;
    vTop = layout.unitOf(row) * rowPx + (exact ? place.anchor.offsetPx : 0);
  }
  vTop = Math.min(Math.max(0, vTop), maxTop);
  const desiredTop = scrollTopFor(vTop, g);
  const win = rowWindow(layout, vTop, vh, rowPx, g);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && Math.abs(el.scrollTop - desiredTop) > 1) {
      el.scrollTop = desiredTop;
      lastSet.current = el.scrollTop;
    }
  });

  const firstVisible = layout.count ? layout.seqAt(layout.rowAtUnit(Math.floor(vTop / rowPx))) : -1;
  useEffect(() => {
    if (firstVisible >= 0) onFirstVisible?.(firstVisible);
  }, [firstVisible, onFirstVisible]);

  const onScroll = (): void => {
    const el = scroller.current;
    if (!el) return;
    const own = Math.abs(el.scrollTop - lastSet.current) <= 1;
    lastSet.current = -1;
    const atBottom = el.scrollHeight - el.clientHeight - el.scrollTop <= 4;
    const l = model.layout;
    const geo = scrollGeometry(l.totalUnits, rowPx, el.clientHeight);
    const top = virtualTopOf(el.scrollTop, geo);
    const row = l.rowAtUnit(Math.floor(top / rowPx));
    const anchor = l.count ? { seq: l.seqAt(row), offsetPx: top - l.unitOf(row) * rowPx } : null;
    // Our own scrolling never unsticks; the user's sticks exactly when it ends at the bottom.
    setPlace((p) => {
      const stuck = own ? p.stuck : atBottom;
      if (stuck && p.stuck) return p;
      return { stuck, anchor };
    });
  };

  const jumpToLatest = (): void => setPlace({ stuck: true, anchor: null });

  const rows: ReactNode[] = [];
  const re = model.query?.ok ? model.query.re : null;
  for (let row = win.first; row < win.last; row++) {
    const seq = layout.seqAt(row);
    const entry = model.buffer.entry(seq);
    if (!entry) continue;
    const units = layout.unitsOf(row);
    if (entry.kind === 'note') {
      rows.push(
        <div key={seq} className={`log-row log-note log-note-${entry.level ?? 'info'}`} data-log-note={entry.level} style={{ height: units * rowPx }} role="note">
          <span className="log-note-text">{entry.plain}</span>
        </div>,
      );
      continue;
    }
    rows.push(
      <LogRow
        key={seq}
        seq={seq}
        raw={entry.raw}
        start={entry.start}
        stderr={entry.stderr}
        time={timestamps ? shortTime(entry.time) : null}
        fullTime={entry.time}
        heightPx={units * rowPx}
        re={re}
        current={current && current.seq === seq ? current.occurrence : -1}
      />,
    );
  }

  return (
    <div className="log-rows-frame">
      <div
        ref={scroller}
        className={wrap ? 'log-scroller wrap' : 'log-scroller'}
        onScroll={onScroll}
        tabIndex={0}
        role="log"
        aria-label="Log lines"
        aria-live="off"
        data-log-version={version}
        data-log-stuck={place.stuck}
      >
        <span ref={probe} className="log-probe" aria-hidden>
          {'0'.repeat(100)}
        </span>
        <div className="log-spacer" style={{ height: g.contentPx }}>
          <div className="log-window" style={{ transform: `translateY(${win.offsetPx}px)` }}>
            {rows}
          </div>
        </div>
      </div>
      {live && !place.stuck && layout.count > 0 && (
        <button type="button" className="log-jump primary" onClick={jumpToLatest}>
          ↓ Jump to latest
        </button>
      )}
    </div>
  );
}

interface LogRowProps {
  seq: number;
  raw: string;
  start: SgrStyle;
  stderr: boolean;
  time: string | null;
  fullTime: string | undefined;
  heightPx: number;
  re: RegExp | null;
  current: number;
}

/** One line: its colours, its search hits; memoised, so a frame renders only rows that are new in view. */
const LogRow = memo(function LogRow({ seq, raw, start, stderr, time, fullTime, heightPx, re, current }: LogRowProps) {
  const { segments, plain } = parseAnsi(raw, start);
  const pieces = piecesOf(segments, re ? findRanges(re, plain) : [], current);
  return (
    <div className={stderr ? 'log-row log-stderr' : 'log-row'} style={{ height: heightPx }} data-log-row={seq} data-stream={stderr ? 'stderr' : 'stdout'}>
      <span className="log-mark" aria-label={stderr ? 'stderr' : undefined} title={stderr ? 'stderr' : undefined} />
      {time !== null && (
        <span className="log-ts" title={fullTime}>
          {time}
        </span>
      )}
      <span className="log-text">
        {pieces.map((p, i) => {
          const look = segmentLook(p.style);
          const style = look.color || look.background ? { color: look.color, background: look.background } : undefined;
          const span = (
            <span key={i} className={look.className || undefined} style={style}>
              {p.text}
            </span>
          );
          if (p.mark === 'none') return look.className || style ? span : p.text;
          return (
            <mark key={i} className={p.mark === 'current' ? 'log-hit current' : 'log-hit'} data-current={p.mark === 'current' || undefined}>
              {look.className || style ? span : p.text}
            </mark>
          );
        })}
      </span>
    </div>
  );
});
