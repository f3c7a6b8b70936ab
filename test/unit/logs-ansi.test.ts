import { describe, expect, it } from 'vitest';
import { applySgr, paletteColor, parseAnsi, plainStyle, scanAnsi, segmentLook } from '../../renderer/src/components/logs/ansi';
import { piecesOf, shortTime } from '../../renderer/src/components/logs/highlight';

const esc = '\x1b';

describe('ANSI parser for log lines', () => {
  it('leaves a plain line alone, as one segment in the start style', () => {
    const r = parseAnsi('hello world');
    expect(r.plain).toBe('hello world');
    expect(r.segments).toEqual([{ text: 'hello world', style: plainStyle }]);
    expect(r.end).toBe(plainStyle);
  });

  it('colours the 16 basic colours, bright ones, and resets', () => {
    const r = parseAnsi(`${esc}[31mred${esc}[0m plain ${esc}[92mbright${esc}[m`);
    expect(r.plain).toBe('red plain bright');
    expect(r.segments.map((s) => [s.text, s.style.fg])).toEqual([
      ['red', 1],
      [' plain ', null],
      ['bright', 10],
    ]);
    expect(r.end).toBe(plainStyle);
  });

  it('reads 256-colour and truecolor, in semicolon and colon forms', () => {
    expect(parseAnsi(`${esc}[38;5;196mx`).segments[0]?.style.fg).toBe(196);
    expect(parseAnsi(`${esc}[48;5;22mx`).segments[0]?.style.bg).toBe(22);
    expect(parseAnsi(`${esc}[38;2;255;128;0mx`).segments[0]?.style.fg).toBe('#ff8000');
    expect(parseAnsi(`${esc}[38:2::1:2:3mx`).segments[0]?.style.fg).toBe('#010203');
    expect(parseAnsi(`${esc}[38:2:1:2:3mx`).segments[0]?.style.fg).toBe('#010203');
    expect(parseAnsi(`${esc}[38:5:9mx`).segments[0]?.style.fg).toBe(9);
    // A truecolor followed by more parameters: the rest still applies.
    const s = parseAnsi(`${esc}[38;2;1;2;3;1;4mx`).segments[0]?.style;
    expect([s?.fg, s?.bold, s?.underline]).toEqual(['#010203', true, true]);
  });

  it('ignores out-of-range or truncated extended colours without losing the line', () => {
    expect(parseAnsi(`${esc}[38;5;300mx`).segments[0]?.style.fg).toBeNull();
    expect(parseAnsi(`${esc}[38;2;1mx`).plain).toBe('x');
    expect(parseAnsi(`${esc}[38mx`).plain).toBe('x');
  });

  it('sets and clears bold, dim, italic, underline, inverse and strike', () => {
    let s = applySgr(plainStyle, '1;2;3;4;7;9');
    expect([s.bold, s.dim, s.italic, s.underline, s.inverse, s.strike]).toEqual([true, true, true, true, true, true]);
    s = applySgr(s, '22;23;24;27;29');
    expect(s).toBe(plainStyle);
    expect(applySgr(plainStyle, '4:0').underline).toBe(false);
    expect(applySgr(plainStyle, '4:3').underline).toBe(true);
    expect(applySgr(applySgr(plainStyle, '31;42'), '39;49')).toBe(plainStyle);
  });

  it('strips other escape sequences: cursor moves, erase, OSC titles and links, charset, private modes', () => {
    const line = `${esc}[2K${esc}[1G${esc}]0;title${'\x07'}a${esc}]8;;http://x${esc}\\link${esc}]8;;${esc}\\b${esc}(Bc${esc}[?25ld${esc}=e`;
    expect(scanAnsi(line).plain).toBe('alinkbcde');
    // A private-mode sequence ending in m is not SGR.
    expect(parseAnsi(`${esc}[?1mX`).segments[0]?.style).toBe(plainStyle);
    // 8-bit CSI.
    expect(parseAnsi('\x9b31mred').segments[0]?.style.fg).toBe(1);
  });

  it('drops control characters but keeps tabs; a carriage return overwrites', () => {
    expect(scanAnsi('a\x00b\x07c\x08d\te').plain).toBe('abcd\te');
    expect(scanAnsi('progress 10%\rprogress 20%').plain).toBe('progress 20%');
    const r = parseAnsi(`${esc}[31mold\r${esc}[32mnew`);
    expect(r.plain).toBe('new');
    expect(r.segments).toHaveLength(1);
    expect(r.segments[0]?.style.fg).toBe(2);
  });

  it('survives sequences cut at the end of a line', () => {
    expect(scanAnsi(`abc${esc}[31`).plain).toBe('abc');
    expect(scanAnsi(`abc${esc}`).plain).toBe('abc');
    expect(scanAnsi(`abc${esc}]0;unterminated`).plain).toBe('abc');
  });

  it('carries the style over to the next line of the stream', () => {
    const first = scanAnsi(`${esc}[1;33mwarning: starts here`);
    expect(first.end.bold).toBe(true);
    const second = parseAnsi('still yellow', first.end);
    expect(second.segments[0]?.style.fg).toBe(3);
    const third = parseAnsi(`ends${esc}[0m here`, second.end);
    expect(third.segments.map((s) => s.text)).toEqual(['ends', ' here']);
    expect(third.end).toBe(plainStyle);
  });

  it('scan and parse agree on the plain text, segments join to it', () => {
    const lines = [`${esc}[1m${esc}[31ma${esc}[0mb\tc`, 'x\ry', `${esc}[38;5;10m${esc}[48;2;1;2;3mz${esc}[K`, '', `${esc}[0m`];
    for (const line of lines) {
      const p = parseAnsi(line);
      expect(scanAnsi(line).plain).toBe(p.plain);
      expect(p.segments.map((s) => s.text).join('')).toBe(p.plain);
      expect(p.segments.every((s) => s.text.length > 0)).toBe(true);
    }
  });

  it('maps the 256-colour palette like xterm', () => {
    expect(paletteColor(16)).toBe('#000000');
    expect(paletteColor(196)).toBe('#ff0000');
    expect(paletteColor(231)).toBe('#ffffff');
    expect(paletteColor(232)).toBe('#080808');
    expect(paletteColor(255)).toBe('#eeeeee');
  });

  it('draws basic colours as classes and the rest as CSSOM colours', () => {
    expect(segmentLook(plainStyle)).toEqual({ className: '' });
    expect(segmentLook(applySgr(plainStyle, '1;31;44'))).toEqual({ className: 'ansi-fg-1 ansi-bg-4 ansi-bold' });
    expect(segmentLook(applySgr(plainStyle, '38;5;196'))).toEqual({ className: '', color: '#ff0000' });
    expect(segmentLook(applySgr(plainStyle, '7'))).toEqual({ className: '', color: 'var(--log-bg)', background: 'var(--text)' });
  });
});

describe('search highlights over coloured text', () => {
  it('cuts segments at hit boundaries and marks the current hit', () => {
    const { segments } = parseAnsi(`ab${esc}[31mcdef${esc}[0mgh`);
    const pieces = piecesOf(segments, [
      [1, 3],
      [5, 7],
    ], 1);
    expect(pieces.map((p) => [p.text, p.style.fg, p.mark])).toEqual([
      ['a', null, 'none'],
      ['b', null, 'hit'],
      ['c', 1, 'hit'],
      ['de', 1, 'none'],
      ['f', 1, 'current'],
      ['g', null, 'current'],
      ['h', null, 'none'],
    ]);
    expect(piecesOf(segments, [])).toHaveLength(3);
  });

  it('shortens timestamps to one width', () => {
    expect(shortTime('2024-05-01T12:00:00.123456789Z')).toBe('2024-05-01T12:00:00.123Z');
    expect(shortTime('2024-05-01T12:00:00Z')).toBe('2024-05-01T12:00:00.000Z');
    expect(shortTime('2024-05-01T12:00:00.5Z')).toBe('2024-05-01T12:00:00.500Z');
    expect(shortTime(undefined)).toBe('');
  });
});
