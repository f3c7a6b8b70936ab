import { describe, expect, it } from 'vitest';
import { buildChangeTree, findChange, folderPaths, visibleChanges } from '../../renderer/src/pages/containers/changes/change-tree';

// As `docker diff` lists them: parents reported as changed (C) before what changed inside.
const diff = [
  { path: '/root', kind: 'modified' as const },
  { path: '/root/.ash_history', kind: 'added' as const },
  { path: '/new.txt', kind: 'added' as const },
  { path: '/etc', kind: 'modified' as const },
  { path: '/etc/hosts.bak', kind: 'removed' as const },
  { path: '/var/lib/app/data.db', kind: 'added' as const },
];

describe('container changes as a tree', () => {
  it('builds folders from the flat paths, folders first, with the kind the engine reported', () => {
    const root = buildChangeTree(diff);
    expect(root.children.map((c) => [c.path, c.kind])).toEqual([
      ['/etc', 'modified'],
      ['/root', 'modified'],
      ['/var', null],
      ['/new.txt', 'added'],
    ]);
    const varNode = root.children[2]!;
    expect(varNode.children[0]!.path).toBe('/var/lib');
    expect(varNode.children[0]!.children[0]!.children[0]).toMatchObject({ name: 'data.db', path: '/var/lib/app/data.db', kind: 'added', children: [] });
  });

  it('counts the changes at and below every folder', () => {
    const root = buildChangeTree(diff);
    expect(root.counts).toEqual({ added: 3, modified: 2, removed: 1 });
    expect(root.children[0]!.counts).toEqual({ added: 0, modified: 1, removed: 1 });
    expect(root.children[2]!.counts).toEqual({ added: 1, modified: 0, removed: 0 });
  });

  it('tolerates paths out of order, repeated, with trailing slashes, and nothing at all', () => {
    const root = buildChangeTree([
      { path: '/a/b/c', kind: 'added' },
      { path: '/a/', kind: 'modified' },
      { path: '/a/b/c', kind: 'removed' },
      { path: '/', kind: 'modified' },
    ]);
    expect(root.children).toHaveLength(1);
    expect(root.children[0]).toMatchObject({ path: '/a', kind: 'modified' });
    expect(root.children[0]!.children[0]!.children[0]!.kind).toBe('added');
    expect(root.counts).toEqual({ added: 1, modified: 1, removed: 0 });
    expect(buildChangeTree([]).children).toEqual([]);
  });

  it('lists the visible rows of open folders, depth first, and every folder to open', () => {
    const root = buildChangeTree(diff);
    expect(visibleChanges(root, () => false).map((r) => r.node.path)).toEqual(['/etc', '/root', '/var', '/new.txt']);
    const open = new Set(['/var', '/var/lib', '/etc']);
    expect(visibleChanges(root, (p) => open.has(p)).map((r) => [r.node.path, r.level])).toEqual([
      ['/etc', 1],
      ['/etc/hosts.bak', 2],
      ['/root', 1],
      ['/var', 1],
      ['/var/lib', 2],
      ['/var/lib/app', 3],
      ['/new.txt', 1],
    ]);
    expect(folderPaths(root)).toEqual(['/etc', '/root', '/var', '/var/lib', '/var/lib/app']);
  });

  it('finds a node by path, or says it is gone', () => {
    const root = buildChangeTree(diff);
    expect(findChange(root, '/var/lib/app/data.db')?.kind).toBe('added');
    expect(findChange(root, '/var/lib')?.kind).toBeNull();
    expect(findChange(root, '/')).toBe(root);
    expect(findChange(root, '/var/nothing')).toBeNull();
  });
});
