import { describe, expect, it } from 'vitest';
import { treeKeyMove, type TreeRowShape } from '../../renderer/src/pages/images/layers/tree-keys';

// /etc (open) > /etc/hosts, /etc/ssl (closed); /usr (closed); /x.txt
const rows: TreeRowShape[] = [
  { level: 1, expandable: true, expanded: true },
  { level: 2, expandable: false, expanded: false },
  { level: 2, expandable: true, expanded: false },
  { level: 1, expandable: true, expanded: false },
  { level: 1, expandable: false, expanded: false },
];

describe('tree keyboard moves', () => {
  it('moves up and down through the visible rows and jumps to the ends', () => {
    expect(treeKeyMove('ArrowDown', rows, 0)).toEqual({ focus: 1 });
    expect(treeKeyMove('ArrowDown', rows, 4)).toBeNull();
    expect(treeKeyMove('ArrowUp', rows, 0)).toBeNull();
    expect(treeKeyMove('ArrowUp', rows, 3)).toEqual({ focus: 2 });
    expect(treeKeyMove('Home', rows, 3)).toEqual({ focus: 0 });
    expect(treeKeyMove('End', rows, 0)).toEqual({ focus: 4 });
  });

  it('opens, enters, closes and leaves folders with Right and Left', () => {
    expect(treeKeyMove('ArrowRight', rows, 2)).toEqual({ expand: 2 });
    expect(treeKeyMove('ArrowRight', rows, 0)).toEqual({ focus: 1 });
    expect(treeKeyMove('ArrowRight', rows, 1)).toBeNull();
    expect(treeKeyMove('ArrowLeft', rows, 0)).toEqual({ collapse: 0 });
    expect(treeKeyMove('ArrowLeft', rows, 2)).toEqual({ focus: 0 });
    expect(treeKeyMove('ArrowLeft', rows, 4)).toBeNull();
  });

  it('acts on Enter and Space, ignores other keys, and recovers a lost focus', () => {
    expect(treeKeyMove('Enter', rows, 1)).toEqual({ activate: 1 });
    expect(treeKeyMove(' ', rows, 3)).toEqual({ activate: 3 });
    expect(treeKeyMove('a', rows, 3)).toBeNull();
    expect(treeKeyMove('ArrowDown', rows, 99)).toEqual({ focus: 0 });
    expect(treeKeyMove('ArrowDown', [], 0)).toBeNull();
  });
});
