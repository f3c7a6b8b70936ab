import type { ChangeKind, Inefficiency, LayerEntryType, LayerTreeEntry } from '../../../shared/models';
import type { LayerEntry } from './layer-entries';

interface Version {
  layer: number;
  change: 'added' | 'modified' | 'removed';
  type: LayerEntryType;
  size: number;
  mode: number;
  linkTarget?: string;
}

/** One path of the image across all its layers. */
class PathNode {
  children: Map<string, PathNode> | null = null;
  /** Bottom first; at most one per layer. */
  versions: Version[] = [];
  /** Layers that changed something at or below this path (folders), ascending. */
  touched: number[] = [];

  constructor(
    readonly name: string,
    readonly parent: PathNode | null,
  ) {}

  get path(): string {
    const parts: string[] = [];
    for (let n: PathNode | null = this.parent ? this : null; n?.parent; n = n.parent) parts.push(n.name);
    return `/${parts.reverse().join('/')}`;
  }

  /** The newest version at or below `layer`. */
  at(layer: number): Version | undefined {
    for (let i = this.versions.length - 1; i >= 0; i--) if (this.versions[i]!.layer <= layer) return this.versions[i];
    return undefined;
  }

  versionIn(layer: number): Version | undefined {
    const v = this.versions[this.versions.length - 1];
    if (v?.layer === layer) return v;
    return this.versions.find((x) => x.layer === layer);
  }
}

export interface LayerCounts {
  added: number;
  modified: number;
  removed: number;
  size: number;
  entries: number;
}

interface EfficiencyRecord {
  cumulative: number;
  minimum: number;
  count: number;
  layers: number[];
}

export interface EfficiencyResult {
  efficiency: number;
  wastedBytes: number;
  userSize: number;
  userWastedPercent: number;
  inefficiencies: Inefficiency[];
  inefficiencyCount: number;
}

/**
 * Every path of an image across its layers, built layer by layer from the layers' entries. Answers
 * "what did layer L change" and "what is the image at layer L" for one folder at a time, and
 * computes efficiency and waste with dive's definitions (shared/docs/LAYERS.md) while it builds.
 */
export class LayerIndex {
  private readonly root = new PathNode('', null);
  readonly counts: LayerCounts[] = [];
  private readonly efficiency = new Map<string, EfficiencyRecord>();

  get layerCount(): number {
    return this.counts.length;
  }

  private node(path: string, create: true): PathNode;
  private node(path: string, create: false): PathNode | undefined;
  private node(path: string, create: boolean): PathNode | undefined {
    let n = this.root;
    if (path === '/') return n;
    for (const part of path.slice(1).split('/')) {
      let next = n.children?.get(part);
      if (!next) {
        if (!create) return undefined;
        next = new PathNode(part, n);
        (n.children ??= new Map()).set(part, next);
      }
      n = next;
    }
    return n;
  }

  /** Whether the node exists in the image at `layer` (an implicit folder exists when something below it does). */
  private live(n: PathNode, layer: number): boolean {
    const v = n.at(layer);
    if (v) return v.change !== 'removed';
    if (!n.children) return false;
    for (const c of n.children.values()) if (this.live(c, layer)) return true;
    return false;
  }

  private isFolder(n: PathNode, layer: number): boolean {
    const v = n.at(layer);
    return v ? v.type === 'directory' : !!n.children;
  }

  /** Total file bytes at or below `n` in the image at `layer`. */
  sizeBelow(n: PathNode, layer: number): number {
    const v = n.at(layer);
    if (v && v.change === 'removed') return 0;
    let total = v && v.type !== 'directory' ? v.size : 0;
    if (n.children) for (const c of n.children.values()) total += this.sizeBelow(c, layer);
    return total;
  }

  private touch(n: PathNode, layer: number): void {
    for (let p: PathNode | null = n.parent; p; p = p.parent) {
      if (p.touched[p.touched.length - 1] === layer) break;
      p.touched.push(layer);
    }
  }

  private record(n: PathNode, v: Version): void {
    const last = n.versions[n.versions.length - 1];
    if (last?.layer === v.layer) n.versions[n.versions.length - 1] = v;
    else n.versions.push(v);
    this.touch(n, v.layer);
  }

  /** Removes `n` and everything live below it, as of `layer`; returns the files removed. */
  private remove(n: PathNode, layer: number): number {
    let files = 0;
    if (n.children) for (const c of n.children.values()) files += this.remove(c, layer);
    const before = n.at(layer - 1);
    if (before && before.change !== 'removed') {
      this.record(n, { layer, change: 'removed', type: before.type, size: before.size, mode: before.mode });
      if (before.type !== 'directory') files++;
    }
    return files;
  }

  private efficiencyVersion(path: string, size: number, layer: number): void {
    const r = this.efficiency.get(path);
    if (r) {
      r.cumulative += size;
      r.minimum = Math.min(r.minimum, size);
      r.count++;
      r.layers.push(layer);
    } else {
      this.efficiency.set(path, { cumulative: size, minimum: size, count: 1, layers: [layer] });
    }
  }

  /** Adds the next layer (bottom first). */
  addLayer(entries: LayerEntry[]): LayerCounts {
    const layer = this.counts.length;
    const counts: LayerCounts = { added: 0, modified: 0, removed: 0, size: 0, entries: entries.length };

    // Efficiency (LAYERS.md): leaves of this layer's own tree, each adding a version of its path.
    const parents = new Set<string>();
    for (const e of entries) {
      const leafPath = e.whiteout === 'opaque' ? `${e.path === '/' ? '' : e.path}/.wh..opq` : e.path;
      for (let i = leafPath.lastIndexOf('/'); i > 0; i = leafPath.lastIndexOf('/', i - 1)) parents.add(leafPath.slice(0, i));
    }
    for (const e of entries) {
      if (e.whiteout === 'opaque') {
        // A whiteout node at "<dir>/.wh..opq", which was nothing before: a version of size 0 (as dive counts it).
        this.efficiencyVersion(`${e.path === '/' ? '' : e.path}/.wh..opq`, 0, layer);
      } else if (e.whiteout === 'file') {
        const target = this.node(e.path, false);
        const size = target && this.live(target, layer - 1) && this.isFolder(target, layer - 1) ? this.sizeBelow(target, layer - 1) : 0;
        this.efficiencyVersion(e.path, size, layer);
      } else if (!(e.type === 'directory' && parents.has(e.path))) {
        this.efficiencyVersion(e.path, e.size, layer);
      }
    }

    // The index: opaque folders first (their lower contents go), then removals, then what the layer adds.
    for (const e of entries) {
      if (e.whiteout !== 'opaque') continue;
      const dir = this.node(e.path, true);
      if (dir.children) for (const c of dir.children.values()) counts.removed += this.remove(c, layer);
    }
    for (const e of entries) {
      if (e.whiteout !== 'file') continue;
      const target = this.node(e.path, false);
      if (target && this.live(target, layer - 1)) counts.removed += this.remove(target, layer);
    }
    for (const e of entries) {
      if (e.whiteout) continue;
      const n = this.node(e.path, true);
      const before = n.at(layer - 1);
      const existed = !!before && before.change !== 'removed';
      if (e.type === 'directory' && existed && before.type === 'directory' && before.mode === e.mode) continue; // re-listed parent, unchanged
      const version: Version = { layer, change: existed ? 'modified' : 'added', type: e.type, size: e.size, mode: e.mode };
      if (e.linkTarget) version.linkTarget = e.linkTarget;
      const replacedRemoval = n.versionIn(layer)?.change === 'removed';
      this.record(n, version);
      if (e.type !== 'directory') {
        counts.size += e.size;
        if (replacedRemoval) {
          counts.removed--;
          counts.modified++;
        } else if (existed) counts.modified++;
        else counts.added++;
      }
    }
    this.counts.push(counts);
    return counts;
  }

  /** Efficiency, waste and the inefficient paths, largest first (LAYERS.md, rules 4–6). */
  result(top = 500): EfficiencyResult {
    let sumMin = 0;
    let sumCum = 0;
    let wasted = 0;
    const bad: Inefficiency[] = [];
    for (const [path, r] of this.efficiency) {
      sumMin += r.minimum;
      sumCum += r.cumulative;
      if (r.count >= 2) {
        wasted += r.cumulative;
        bad.push({ path, count: r.count, cumulativeSize: r.cumulative, layers: r.layers });
      }
    }
    bad.sort((a, b) => b.cumulativeSize - a.cumulativeSize || a.path.localeCompare(b.path));
    const userSize = this.counts.slice(1).reduce((n, c) => n + c.size, 0);
    return {
      efficiency: sumCum === 0 ? 1 : sumMin / sumCum,
      wastedBytes: wasted,
      userSize,
      userWastedPercent: userSize === 0 ? 0 : wasted / userSize,
      inefficiencies: bad.slice(0, top),
      inefficiencyCount: bad.length,
    };
  }

  private entry(n: PathNode, layer: number, mode: 'changes' | 'stack', sizes: Map<PathNode, number>): LayerTreeEntry | null {
    const own = n.versionIn(layer);
    const current = n.at(layer);
    const type: LayerEntryType = current?.type ?? (n.children ? 'directory' : 'other');
    let change: ChangeKind;
    if (mode === 'changes') {
      if (own) change = own.change;
      else if (n.touched.includes(layer)) change = 'unchanged';
      else return null;
    } else {
      if (current) {
        if (current.change === 'removed' && current.layer !== layer) return null; // gone before this layer
        change = current.layer === layer ? current.change : 'unchanged';
      } else if (this.live(n, layer)) {
        change = 'unchanged';
      } else return null;
    }
    const size = type === 'directory' ? this.viewSize(n, layer, mode, sizes) : change === 'removed' ? (own?.size ?? current?.size ?? 0) : (current?.size ?? 0);
    const e: LayerTreeEntry = {
      name: n.name,
      path: n.path,
      type,
      size,
      change,
      mode: current?.mode ?? 0,
      hasChildren: this.hasChildrenInView(n, layer, mode),
      layers: n.versions.map((v) => v.layer),
    };
    if (current?.linkTarget) e.linkTarget = current.linkTarget;
    return e;
  }

  /** Whether opening this folder in this view shows anything. */
  private hasChildrenInView(n: PathNode, layer: number, mode: 'changes' | 'stack'): boolean {
    if (!n.children || n.children.size === 0) return false;
    if (mode === 'changes') return n.touched.includes(layer);
    for (const c of n.children.values()) {
      const v = c.at(layer);
      if (v ? v.change !== 'removed' || v.layer === layer : this.live(c, layer)) return true;
    }
    return false;
  }

  /** A folder's size in a view: what the layer wrote below it (changes), or what lives below it (stack). */
  private viewSize(n: PathNode, layer: number, mode: 'changes' | 'stack', sizes: Map<PathNode, number>): number {
    const cached = sizes.get(n);
    if (cached !== undefined) return cached;
    let total: number;
    if (mode === 'stack') total = this.sizeBelow(n, layer);
    else {
      total = 0;
      const walk = (x: PathNode): void => {
        const v = x.versionIn(layer);
        if (v && v.change !== 'removed' && v.type !== 'directory') total += v.size;
        if (x.children && x.touched.includes(layer)) for (const c of x.children.values()) walk(c);
      };
      if (n.children) for (const c of n.children.values()) walk(c);
    }
    sizes.set(n, total);
    return total;
  }

  /** The children of folder `path` in a view of layer `layer`; null when the folder does not exist. */
  children(path: string, layer: number, mode: 'changes' | 'stack'): LayerTreeEntry[] | null {
    const dir = this.node(path, false);
    if (!dir) return null;
    const sizes = new Map<PathNode, number>();
    const out: LayerTreeEntry[] = [];
    for (const c of dir.children?.values() ?? []) {
      const e = this.entry(c, layer, mode, sizes);
      if (e) out.push(e);
    }
    return out.sort((a, b) => Number(b.type === 'directory') - Number(a.type === 'directory') || a.name.localeCompare(b.name));
  }

  /** Entries of a view whose name contains `query` (case-insensitive), with the given change kinds. */
  search(layer: number, mode: 'changes' | 'stack', query: string, changes: ChangeKind[] | undefined, limit: number): LayerTreeEntry[] {
    const q = query.toLowerCase();
    const want = changes?.length ? new Set(changes) : null;
    const out: LayerTreeEntry[] = [];
    const sizes = new Map<PathNode, number>();
    const walk = (n: PathNode): void => {
      if (out.length >= limit || !n.children) return;
      for (const c of n.children.values()) {
        if (out.length >= limit) return;
        if (mode === 'changes' && !c.versionIn(layer) && !c.touched.includes(layer)) continue;
        if (c.name.toLowerCase().includes(q)) {
          const e = this.entry(c, layer, mode, sizes);
          if (e && (!want || want.has(e.change))) out.push(e);
        }
        walk(c);
      }
    };
    walk(this.root);
    return out;
  }

  /** Every live file of the image at its top layer: its size and the layer that wrote it last. */
  liveFiles(): Map<string, { size: number; layer: number }> {
    const top = this.counts.length - 1;
    const out = new Map<string, { size: number; layer: number }>();
    const walk = (n: PathNode): void => {
      for (const c of n.children?.values() ?? []) {
        const v = c.at(top);
        if (v && v.change !== 'removed' && v.type !== 'directory') out.set(c.path, { size: v.size, layer: v.layer });
        walk(c);
      }
    };
    walk(this.root);
    return out;
  }
}
