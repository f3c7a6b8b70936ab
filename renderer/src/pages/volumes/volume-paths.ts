/** Paths inside a volume, as the browser shows and links them. Always absolute, "/" is the volume's root. */

/** "/a//b/./c/" → "/a/b/c"; ".." steps up but never above the root. */
export function normaliseVolumePath(path: string): string {
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (!p || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return `/${parts.join('/')}`;
}

export interface Crumb {
  /** What the breadcrumb shows: the volume's name for the root, else the folder's name. */
  label: string;
  path: string;
}

/** The breadcrumb from the volume's root down to `path`, last one being `path` itself. */
export function breadcrumbs(volume: string, path: string): Crumb[] {
  const crumbs: Crumb[] = [{ label: volume, path: '/' }];
  let at = '';
  for (const part of normaliseVolumePath(path).split('/').filter(Boolean)) {
    at += `/${part}`;
    crumbs.push({ label: part, path: at });
  }
  return crumbs;
}

/** The folder above `path`; the root's parent is the root. */
export function parentPath(path: string): string {
  const parts = normaliseVolumePath(path).split('/').filter(Boolean);
  parts.pop();
  return `/${parts.join('/')}`;
}

/** Unix permission bits as `ls -l` prints them: 0o755 → "rwxr-xr-x". */
export function permissions(mode: number): string {
  const bits = 'rwxrwxrwx';
  let out = '';
  for (let i = 0; i < 9; i++) out += mode & (1 << (8 - i)) ? bits[i] : '-';
  return out;
}
