import { describe, expect, it } from 'vitest';
import { LogBuffer } from '../../renderer/src/components/logs/log-buffer';
import { LogModel } from '../../renderer/src/components/logs/log-model';
import { compileQuery, findRanges, MatchIndex } from '../../renderer/src/components/logs/log-search';
import { displayWidth, wrappedRows } from '../../renderer/src/components/logs/text-width';
import type { LogLines } from '../../shared/models';

const batch = (lines: string[], stderr: number[] = [], times?: string[]): LogLines => (times ? { kind: 'lines', lines, stderr, times } : { kind: 'lines', lines, stderr });
const numbered = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `line ${from + i}`);

describe('log ring buffer', () => {
  it('keeps lines in order with their stream, time and stripped text', () => {
    const b = new LogBuffer(10);
    b.appendLines(batch(['out', '\x1b[31merr\x1b[0m', 'out2'], [1], ['t1', 't2', 't3']));
    expect(b.size).toBe(3);
    expect(b.entry(1)).toMatchObject({ kind: 'line', plain: 'err', stderr: true, time: 't2' });
    expect(b.entry(0)?.stderr).toBe(false);
    expect(b.entry(2)?.stderr).toBe(false);
  });

  it('drops the oldest entries past its capacity, keeping seqs stable', () => {
    const b = new LogBuffer(5);
    b.appendLines(batch(numbered(0, 3)));
    b.appendLines(batch(numbered(3, 4)));
    expect([b.first, b.end, b.size, b.dropped]).toEqual([2, 7, 5, 2]);
    expect(b.entry(1)).toBeNull();
    expect(b.plainText(2)).toBe('line 2');
    expect(b.plainText(6)).toBe('line 6');
    // A batch larger than the ring keeps its tail.
    b.appendLines(batch(numbered(7, 12)));
    expect([b.first, b.end]).toEqual([14, 19]);
    expect(b.plainText(14)).toBe('line 14');
  });

  it('holds notes inline, between lines', () => {
    const b = new LogBuffer(10);
    b.appendLines(batch(['a']));
    b.appendNote({ kind: 'note', text: 'Container exited with code 0', level: 'warn' });
    b.appendLines(batch(['b']));
    expect(b.entry(1)).toMatchObject({ kind: 'note', plain: 'Container exited with code 0', level: 'warn' });
    expect(b.isNote(1)).toBe(true);
    expect(b.plainText(2)).toBe('b');
  });

  it('carries colour per stream across lines, stdout and stderr apart', () => {
    const b = new LogBuffer(10);
    b.appendLines(batch(['\x1b[32mgreen starts', 'err plain', 'still green'], [1]));
    expect(b.entry(1)?.start.fg).toBeNull();
    expect(b.entry(2)?.start.fg).toBe(2);
  });
});

describe('search', () => {
  it('escapes plain queries and honours case', () => {
    const q = compileQuery('a.b', { caseSensitive: false, regex: false });
    expect(q?.ok && findRanges(q.re, 'A.B axb a.b')).toEqual([
      [0, 3],
      [8, 11],
    ]);
    const cs = compileQuery('Err', { caseSensitive: true, regex: false });
    expect(cs?.ok && findRanges(cs.re, 'err Err ERR')).toEqual([[4, 7]]);
  });

  it('reports an invalid regex as an error value, and skips empty matches', () => {
    const bad = compileQuery('(unclosed', { caseSensitive: false, regex: true });
    expect(bad).toMatchObject({ ok: false });
    expect(bad && !bad.ok && bad.error).toMatch(/^Invalid regular expression/);
    expect(compileQuery('', { caseSensitive: false, regex: true })).toBeNull();
    const star = compileQuery('x*', { caseSensitive: false, regex: true });
    expect(star?.ok && findRanges(star.re, 'axxbx')).toEqual([
      [1, 3],
      [4, 5],
    ]);
  });

  it('counts and locates the n-th occurrence across lines, and forgets dropped lines', () => {
    const m = new MatchIndex();
    m.add(3, 2);
    m.add(5, 1);
    m.add(9, 3);
    expect([m.total, m.lines]).toEqual([6, 3]);
    expect(m.locate(0)).toEqual({ seq: 3, occurrence: 0 });
    expect(m.locate(2)).toEqual({ seq: 5, occurrence: 0 });
    expect(m.locate(5)).toEqual({ seq: 9, occurrence: 2 });
    expect(m.locate(6)).toBeNull();
    expect(m.occurrenceAtOrAfter(4)).toBe(2);
    expect(m.occurrenceAtOrAfter(10)).toBe(6);
    m.dropBefore(4);
    expect([m.total, m.lines]).toEqual([4, 2]);
    expect(m.locate(0)).toEqual({ seq: 5, occurrence: 0 });
    expect(m.firstOccurrenceIn(9)).toBe(1);
    expect(m.firstOccurrenceIn(3)).toBe(-1);
  });
});

describe('log model', () => {
  it('searches new lines as they arrive, and the whole log when the query changes', () => {
    const model = new LogModel(100);
    model.ingest([batch(['error one', 'fine', 'ERROR two error'])]);
    model.setSearch('error', { caseSensitive: false, regex: false }, false);
    expect(model.matchCount).toBe(3);
    model.ingest([batch(['another error'])]);
    expect(model.matchCount).toBe(4);
    expect(model.locate(3)).toEqual({ seq: 3, occurrence: 0 });
    model.setSearch('error', { caseSensitive: true, regex: false }, false);
    expect(model.matchCount).toBe(3);
  });

  it('in filter mode lays out only the matching lines, and nothing but them as they arrive', () => {
    const model = new LogModel(100);
    model.ingest([batch(['a1', 'b1', 'a2'])]);
    model.setSearch('a', { caseSensitive: false, regex: false }, true);
    expect(model.layout.count).toBe(2);
    model.ingest([batch(['b2', 'a3']), { kind: 'note', text: 'Container exited with code 0', level: 'info' }]);
    expect(model.layout.count).toBe(3);
    expect(model.shownText(false)).toBe('a1\na2\na3');
    model.setSearch('a', { caseSensitive: false, regex: false }, false);
    expect(model.layout.count).toBe(6);
  });

  it('an invalid regex filters nothing out and finds nothing', () => {
    const model = new LogModel(100);
    model.ingest([batch(['a', 'b'])]);
    model.setSearch('[', { caseSensitive: false, regex: true }, true);
    expect(model.query).toMatchObject({ ok: false });
    expect(model.layout.count).toBe(2);
    expect(model.matchCount).toBe(0);
  });

  it('stays bounded: a flood keeps the last lines, layout and matches follow the drops', () => {
    const model = new LogModel(1000);
    model.setSearch('7$', { caseSensitive: false, regex: true }, false);
    for (let i = 0; i < 50; i++) model.ingest([batch(numbered(i * 1000, 1000))]);
    expect(model.buffer.size).toBe(1000);
    expect(model.buffer.dropped).toBe(49_000);
    expect(model.layout.count).toBe(1000);
    expect(model.layout.seqAt(0)).toBe(49_000);
    expect(model.matchCount).toBe(100);
    expect(model.locate(0)?.seq).toBe(49_007);
  });

  it('copies what is shown, with timestamps when asked', () => {
    const model = new LogModel(10);
    model.ingest([batch(['\x1b[1mbold\x1b[0m', 'b'], [], ['2024-01-01T00:00:00Z', '2024-01-01T00:00:01Z'])]);
    expect(model.shownText(false)).toBe('bold\nb');
    expect(model.shownText(true)).toBe('2024-01-01T00:00:00Z bold\n2024-01-01T00:00:01Z b');
  });

  it('wraps long lines into several rows at the given width', () => {
    const model = new LogModel(10);
    model.ingest([batch(['x'.repeat(25), 'short', 'y'.repeat(10)])]);
    expect(model.layout.totalUnits).toBe(3);
    model.setWrap(10);
    expect([model.layout.unitsOf(0), model.layout.unitsOf(1), model.layout.unitsOf(2)]).toEqual([3, 1, 1]);
    expect(model.layout.totalUnits).toBe(5);
    model.setWrap(null);
    expect(model.layout.totalUnits).toBe(3);
  });
});

describe('display width', () => {
  it('counts tabs to the next stop, wide characters as two, combining marks as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('a\tb')).toBe(9);
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(wrappedRows(0, 80)).toBe(1);
    expect(wrappedRows(160, 80)).toBe(2);
    expect(wrappedRows(161, 80)).toBe(3);
  });
});
