import type { TarHeader } from '../archive/tar-reader';
import type { LayerEntryType } from '../../../shared/models';

/** One entry of a layer's tar, reduced to what the analysis needs (never file contents). */
export interface LayerEntry {
  /** Absolute, normalised: "/etc/passwd". For a whiteout, the path it removes; for an opaque marker, the folder. */
  path: string;
  type: LayerEntryType;
  size: number;
  mode: number;
  linkTarget?: string;
  /** `.wh.<name>` removes `path`; `.wh..wh..opq` makes the folder `path` opaque. */
  whiteout?: 'file' | 'opaque';
}

const whiteoutPrefix = '.wh.';
const opaqueMarker = '.wh..wh..opq';

/**
 * A tar path as an absolute image path, or null when it is unsafe: ".." components climb out of
 * the image, and are reported rather than followed.
 */
export function normalisePath(raw: string): string | null {
  const parts: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return null;
    parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function entryType(h: TarHeader): LayerEntryType {
  return h.type === 'file' || h.type === 'directory' || h.type === 'symlink' || h.type === 'hardlink' ? h.type : 'other';
}

/** A tar header as a layer entry; whiteouts recognised; null (with the reason) for what cannot be used. */
export function toLayerEntry(h: TarHeader): { entry: LayerEntry } | { anomaly: string } {
  const path = normalisePath(h.path);
  if (path === null) return { anomaly: `${h.path}: the path climbs out of the image ("..")` };
  if (path === '/') return { anomaly: '' }; // the layer's root itself: nothing to record
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash) || '/';
  const base = path.slice(slash + 1);
  if (base === opaqueMarker) return { entry: { path: dir, type: 'directory', size: 0, mode: h.mode, whiteout: 'opaque' } };
  if (base.startsWith(whiteoutPrefix)) {
    const target = `${dir === '/' ? '' : dir}/${base.slice(whiteoutPrefix.length)}`;
    return { entry: { path: target, type: 'file', size: 0, mode: h.mode, whiteout: 'file' } };
  }
  const entry: LayerEntry = { path, type: entryType(h), size: h.type === 'file' ? h.size : 0, mode: h.mode & 0o7777 };
  if (h.linkname && (h.type === 'symlink' || h.type === 'hardlink')) {
    entry.linkTarget = h.type === 'hardlink' ? (normalisePath(h.linkname) ?? h.linkname) : h.linkname;
  }
  return { entry };
}
