/**
 * A container's changes (`docker diff`: flat paths, A / C / D) as a folder tree, built here because the
 * engine reports only paths. Pure (test/unit/layers-container-changes.test.ts).
 */
import type { ContainerChange } from '../../../../../shared/models';

export interface ChangeNode {
  name: string;
  path: string;
  /** What the engine reported for this path; null for a folder listed only because something below it changed. */
  kind: ContainerChange['kind'] | null;
  children: ChangeNode[];
  /** Changes at and below this path. */
  counts: Record<ContainerChange['kind'], number>;
}

const emptyCounts = (): ChangeNode['counts'] => ({ added: 0, modified: 0, removed: 0 });

/** The root ("/") with every reported path under it; folders first, then by name, at every level. */
export function buildChangeTree(changes: readonly ContainerChange[]): ChangeNode {
  const root: ChangeNode = { name: '/', path: '/', kind: null, children: [], counts: emptyCounts() };
  const byPath = new Map<string, ChangeNode>([['/', root]]);
  for (const change of changes) {
    const parts = change.path.split('/').filter((p) => p && p !== '.');
    if (!parts.length) continue;
    let node = root;
    let path = '';
    const trail = [root];
    for (const part of parts) {
      path += `/${part}`;
      let child = byPath.get(path);
      if (!child) {
        child = { name: part, path, kind: null, children: [], counts: emptyCounts() };
        byPath.set(path, child);
        node.children.push(child);
      }
      node = child;
      trail.push(child);
    }
    // The engine lists a path once; if it somehow repeats, the first word stands and counts stay true.
    if (node.kind !== null) continue;
    node.kind = change.kind;
    for (const n of trail) n.counts[change.kind]++;
  }
  sortTree(root);
  return root;
}

function sortTree(node: ChangeNode): void {
  node.children.sort((a, b) => Number(b.children.length > 0) - Number(a.children.length > 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  node.children.forEach(sortTree);
}

export interface VisibleChange {
  node: ChangeNode;
  level: number;
}

/** The rows a tree view shows: children of open folders, depth first. The root itself is not a row. */
export function visibleChanges(root: ChangeNode, isOpen: (path: string) => boolean): VisibleChange[] {
  const rows: VisibleChange[] = [];
  const walk = (node: ChangeNode, level: number): void => {
    for (const child of node.children) {
      rows.push({ node: child, level });
      if (child.children.length && isOpen(child.path)) walk(child, level + 1);
    }
  };
  walk(root, 1);
  return rows;
}

/** Every folder path in the tree (to open them all). */
export function folderPaths(root: ChangeNode): string[] {
  const out: string[] = [];
  const walk = (node: ChangeNode): void => {
    for (const child of node.children) {
      if (child.children.length) {
        out.push(child.path);
        walk(child);
      }
    }
  };
  walk(root);
  return out;
}

/** The node at `path`, or null when the tree has no such path (it went away on a refresh). */
export function findChange(root: ChangeNode, path: string): ChangeNode | null {
  let node: ChangeNode | undefined = root;
  for (const part of path.split('/').filter(Boolean)) {
    node = node.children.find((c) => c.name === part);
    if (!node) return null;
  }
  return node;
}
