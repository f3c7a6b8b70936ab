import { describe, expect, it } from 'vitest';
import { compactRanges, formatDelta, formatPercent, instruction, sortEntries } from '../../renderer/src/pages/images/layers/layer-format';
import { formatBytes } from '../../renderer/src/lib/format';

describe('layer explorer wording', () => {
  it('reads history lines as Dockerfile instructions, classic builder and BuildKit alike', () => {
    expect(instruction('/bin/sh -c echo hi > /added.txt')).toBe('RUN echo hi > /added.txt');
    expect(instruction('/bin/sh -c #(nop)  CMD ["sh"]')).toBe('CMD ["sh"]');
    expect(instruction('/bin/sh -c #(nop) COPY file:abc in / ')).toBe('COPY file:abc in /');
    expect(instruction('RUN /bin/sh -c apk add curl # buildkit')).toBe('RUN apk add curl');
    expect(instruction('|1 VERSION=2 /bin/sh -c make')).toBe('RUN make');
    expect(instruction('ENV PATH=/usr/bin')).toBe('ENV PATH=/usr/bin');
    expect(instruction('')).toBe('(no instruction recorded)');
  });

  it('prints ratios as percentages that never round to a false 0 % or 100 %', () => {
    expect(formatPercent(0.29224)).toBe('29.2 %');
    expect(formatPercent(1)).toBe('100.0 %');
    expect(formatPercent(0)).toBe('0.0 %');
    expect(formatPercent(0.99999)).toBe('>99.9 %');
    expect(formatPercent(0.0001)).toBe('<0.1 %');
    expect(formatPercent(Number.NaN)).toBe('—');
    expect(formatPercent(4.5)).toBe('450.0 %'); // user wasted percent can pass 100 % (dive allows it)
  });

  it('shortens layer lists to ranges', () => {
    expect(compactRanges([])).toBe('');
    expect(compactRanges([3])).toBe('3');
    expect(compactRanges([0, 1, 2, 5])).toBe('0–2, 5');
    expect(compactRanges([5, 1, 2, 1])).toBe('1, 2, 5');
    expect(compactRanges([1, 2, 3, 4, 7, 8, 9])).toBe('1–4, 7–9');
  });

  it('signs size differences', () => {
    expect(formatDelta(1_050_000, formatBytes)).toBe('+1.05 MB');
    expect(formatDelta(-3, formatBytes)).toBe('−3 B');
    expect(formatDelta(0, formatBytes)).toBe('±0 B');
  });

  it('sorts folders first by name, or everything by size, largest first', () => {
    const entries = [
      { name: 'b.txt', size: 10, type: 'file' as const },
      { name: 'etc', size: 5, type: 'directory' as const },
      { name: 'a.bin', size: 900, type: 'file' as const },
      { name: 'usr', size: 900, type: 'directory' as const },
      { name: 'link', size: 0, type: 'symlink' as const },
    ];
    expect(sortEntries(entries, 'name').map((e) => e.name)).toEqual(['etc', 'usr', 'a.bin', 'b.txt', 'link']);
    expect(sortEntries(entries, 'size').map((e) => e.name)).toEqual(['a.bin', 'usr', 'b.txt', 'etc', 'link']);
    expect(entries[0]!.name).toBe('b.txt'); // the input is left alone
  });
});
