import { describe, expect, it } from 'vitest';
import { splitCommand } from '../../renderer/src/components/terminal/argv';

describe('splitting the Command field into argv', () => {
  it('splits on whitespace and keeps quoted words whole', () => {
    expect(splitCommand('  sh -c "echo hi; ls"  ')).toEqual({ ok: true, argv: ['sh', '-c', 'echo hi; ls'] });
    expect(splitCommand(`bash -lc 'echo "$HOME"'`)).toEqual({ ok: true, argv: ['bash', '-lc', 'echo "$HOME"'] });
    expect(splitCommand('a\\ b "c\\"d" e\\\\f')).toEqual({ ok: true, argv: ['a b', 'c"d', 'e\\f'] });
    expect(splitCommand('x "" y')).toEqual({ ok: true, argv: ['x', '', 'y'] });
  });

  it('returns nothing for an empty line and says when a quote is left open', () => {
    expect(splitCommand('   ')).toEqual({ ok: true, argv: [] });
    expect(splitCommand('sh -c "echo')).toEqual({ ok: false, error: 'The double quote is not closed.' });
  });
});
