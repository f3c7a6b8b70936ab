/**
 * Keyboard moves in a tree view (the WAI-ARIA tree pattern), computed from the visible rows only:
 * Up/Down move, Home/End jump, Right opens a folder or enters it, Left closes it or goes to its
 * parent, Enter and Space act on the row. Pure (test/unit/layers-tree.test.ts).
 */

export interface TreeRowShape {
  level: number;
  expandable: boolean;
  expanded: boolean;
}

export type TreeMove = { focus: number } | { expand: number } | { collapse: number } | { activate: number } | null;

export function treeKeyMove(key: string, rows: readonly TreeRowShape[], index: number): TreeMove {
  const row = rows[index];
  if (!row) return rows.length ? { focus: 0 } : null;
  switch (key) {
    case 'ArrowDown':
      return index + 1 < rows.length ? { focus: index + 1 } : null;
    case 'ArrowUp':
      return index > 0 ? { focus: index - 1 } : null;
    case 'Home':
      return { focus: 0 };
    case 'End':
      return { focus: rows.length - 1 };
    case 'ArrowRight':
      if (!row.expandable) return null;
      if (!row.expanded) return { expand: index };
      return rows[index + 1] && rows[index + 1]!.level > row.level ? { focus: index + 1 } : null;
    case 'ArrowLeft': {
      if (row.expandable && row.expanded) return { collapse: index };
      for (let i = index - 1; i >= 0; i--) if (rows[i]!.level < row.level) return { focus: i };
      return null;
    }
    case 'Enter':
    case ' ':
      return { activate: index };
    default:
      return null;
  }
}
