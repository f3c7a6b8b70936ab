import { describe, expect, it } from 'vitest';
import { FrameDemuxer, LineBatcher, logDecoder, type LogLine } from '../../electron/backend/engine/log-stream';
import { timeKey } from '../../electron/backend/engine/logs';
import { RingBuffer } from '../../electron/backend/terminals/session';

function frame(stream: 1 | 2, text: string | Buffer): Buffer {
  const payload = typeof text === 'string' ? Buffer.from(text) : text;
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** Feeds `bytes` in pieces cut at every given offset. */
function feed(push: (b: Buffer) => void, bytes: Buffer, cuts: number[]): void {
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    push(bytes.subarray(at, cut));
    at = cut;
  }
}

describe('log demultiplexing and decoding', () => {
  it('splits stdout from stderr even when frames are cut inside their 8-byte header', () => {
    const bytes = Buffer.concat([frame(1, 'out one\nout '), frame(2, 'err one\n'), frame(1, 'two\n')]);
    for (const cuts of [[], [3], [1, 7, 9, 21, 22, 30], Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)]) {
      const lines: LogLine[] = [];
      const d = logDecoder(false, false, (l) => lines.push(l));
      feed(d.push, bytes, cuts);
      d.end();
      // Order: stdout "out one" is complete first; stderr comes whole in the second frame; "out two" last.
      expect(lines.map((l) => `${l.stream}:${l.text}`)).toEqual(['stdout:out one', 'stderr:err one', 'stdout:out two']);
    }
  });

  it('never breaks a multibyte character split across chunks or frames', () => {
    const text = 'grüße 🚢 日本\n';
    const bytes = Buffer.from(text);
    // Split the text's bytes over two frames at every possible point, and the stream at every byte.
    for (let split = 1; split < bytes.length; split++) {
      const muxed = Buffer.concat([frame(1, bytes.subarray(0, split)), frame(1, bytes.subarray(split))]);
      const lines: string[] = [];
      const d = logDecoder(false, false, (l) => lines.push(l.text));
      feed(d.push, muxed, Array.from({ length: muxed.length - 1 }, (_, i) => i + 1));
      d.end();
      expect(lines).toEqual(['grüße 🚢 日本']);
    }
  });

  it('reads TTY streams raw, strips CR before LF, keeps a last line without newline', () => {
    const lines: LogLine[] = [];
    const d = logDecoder(true, false, (l) => lines.push(l));
    d.push(Buffer.from('one\r\ntw'));
    d.push(Buffer.from('o\r\nno newline'));
    d.end();
    expect(lines.map((l) => l.text)).toEqual(['one', 'two', 'no newline']);
  });

  it('takes the timestamp off the front of each line', () => {
    const lines: LogLine[] = [];
    const d = logDecoder(false, true, (l) => lines.push(l));
    d.push(frame(1, '2026-11-27T15:00:00.123456789Z hello world\n2026-11-27T15:00:01Z  two spaces\n'));
    expect(lines).toEqual([
      { stream: 'stdout', text: 'hello world', time: '2026-11-27T15:00:00.123456789Z' },
      { stream: 'stdout', text: ' two spaces', time: '2026-11-27T15:00:01Z' },
    ]);
  });

  it('keeps huge frames intact across many chunks', () => {
    const big = 'x'.repeat(300_000);
    const muxed = frame(2, `${big}\n`);
    const lines: LogLine[] = [];
    const demux = new FrameDemuxer(() => undefined);
    expect(() => feed((b) => demux.push(b), muxed, [5, 70_000, 150_000])).not.toThrow();
    const d = logDecoder(false, false, (l) => lines.push(l));
    feed(d.push, muxed, [5, 70_000, 150_000]);
    expect(lines).toEqual([{ stream: 'stderr', text: big }]);
  });
});

describe('timeKey', () => {
  it('orders RFC 3339 timestamps with trimmed nanoseconds correctly', () => {
    const a = timeKey('2026-11-27T15:00:00.9Z');
    const b = timeKey('2026-11-27T15:00:00.10000001Z');
    expect(a > b).toBe(true); // .9 s is later than .100 s, though "9" < "1" as text would say otherwise
    expect(timeKey('2026-11-27T15:00:01Z') > a).toBe(true);
    expect(timeKey('not a time')).toBe(-1n);
  });
});

describe('LineBatcher', () => {
  it('sends at most one batch per interval and at once when full', async () => {
    const batches: { lines: string[]; stderr: number[] }[] = [];
    const b = new LineBatcher(false, (x) => batches.push(x), 16, 3);
    b.add({ stream: 'stdout', text: 'a' });
    b.add({ stream: 'stderr', text: 'b' });
    expect(batches).toEqual([]);
    b.add({ stream: 'stdout', text: 'c' }); // full
    expect(batches).toEqual([{ lines: ['a', 'b', 'c'], stderr: [1] }]);
    b.add({ stream: 'stdout', text: 'd' });
    await new Promise((r) => setTimeout(r, 30));
    expect(batches).toEqual([
      { lines: ['a', 'b', 'c'], stderr: [1] },
      { lines: ['d'], stderr: [] },
    ]);
  });
});

describe('RingBuffer', () => {
  it('keeps the most recent output within its limit', () => {
    const r = new RingBuffer(10);
    r.push('hello ');
    r.push('world');
    expect(r.text()).toBe('world');
    r.push('0123456789ABCDEF');
    expect(r.text()).toBe('6789ABCDEF');
    expect(r.length).toBe(10);
  });
});
