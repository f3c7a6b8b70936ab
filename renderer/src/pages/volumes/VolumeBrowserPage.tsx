import { useEffect, useState } from 'react';
import type { FilePreview, VolumeEntry, VolumeListing } from '../../../../shared/models';
import type { Result } from '../../../../shared/result';
import { useApi } from '../../stores/context';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes, relativeTime, shortId } from '../../lib/format';
import { href } from '../../lib/use-route';
import { useNow } from '../../lib/use-now';
import { breadcrumbs, normaliseVolumePath, parentPath, permissions } from './volume-paths';
import './volumes.css';

const typeLabel: Record<VolumeEntry['type'], string> = { file: 'file', directory: 'folder', symlink: 'symlink', hardlink: 'hard link', other: 'special' };

/** How much of a file the backend reads for a preview (256 × 1024 bytes, electron/backend/engine/volumes.ts). */
const previewLimit = '256 kB';

const isAnonymous = (name: string): boolean => /^[a-f0-9]{64}$/.test(name);

/** Outline icons drawn inline: emoji and symbol fonts are not on every desktop. */
const iconPaths: Record<VolumeEntry['type'] | 'up', string> = {
  directory: 'M1.5 3.5h4.5l1.5 1.5h7v8.5h-13z',
  file: 'M3.5 1.5h6l3 3v10h-9z M9.5 1.5v3h3',
  symlink: 'M3.5 1.5h6l3 3v10h-9z M6 11.5v-2.5a2 2 0 0 1 2-2h2.5 M9 5.5l1.5 1.5-1.5 1.5',
  hardlink: 'M3.5 1.5h6l3 3v10h-9z M6 8.5h4 M6 10.5h4',
  other: 'M8 2l6 6-6 6-6-6z',
  up: 'M6 3.5l-3 3 3 3 M3 6.5h6.5a3 3 0 0 1 3 3v3',
};

function EntryIcon({ type }: { type: VolumeEntry['type'] | 'up' }) {
  return (
    <svg className={`vol-icon vol-icon-${type}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden>
      <path d={iconPaths[type]} fill="none" stroke="currentColor" strokeWidth="1.2" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}

interface Loaded<T> {
  /** What the answer is for: name, path and which reload. */
  key: string;
  result: Result<T>;
}

function EntryName({ volume, entry, open, onOpen }: { volume: string; entry: VolumeEntry; open: boolean; onOpen(e: VolumeEntry): void }) {
  const icon = <EntryIcon type={entry.type} />;
  if (entry.type === 'directory') {
    return (
      <a className="link vol-entry-name" href={href('volumes', volume, { path: entry.path })}>
        {icon}
        {entry.name}
      </a>
    );
  }
  if (entry.type === 'file') {
    return (
      <button type="button" className="link-button vol-entry-name" aria-pressed={open} onClick={() => onOpen(entry)}>
        {icon}
        {entry.name}
      </button>
    );
  }
  return (
    <span className="vol-entry-name">
      {icon}
      {entry.name}
      {entry.linkTarget && <span className="muted"> → {entry.linkTarget}</span>}
    </span>
  );
}

function PreviewPanel({ path, preview, onClose }: { path: string; preview: Result<FilePreview> | null; onClose(): void }) {
  const name = path.split('/').pop() ?? path;
  return (
    <aside className="vol-preview card" aria-label={`Preview of ${name}`} data-preview-path={path}>
      <header className="vol-preview-header">
        <div>
          <div className="name">{name}</div>
          <div className="muted small mono">{path}</div>
        </div>
        <button type="button" aria-label="Close preview" onClick={onClose}>
          ×
        </button>
      </header>
      {!preview ? (
        <p className="muted">Reading…</p>
      ) : !preview.ok ? (
        <ErrorNote error={preview.error} />
      ) : (
        <>
          <p className="muted small" data-preview-size={preview.value.size}>
            {formatBytes(preview.value.size)}
            {preview.value.truncated && ` · showing the first ${previewLimit}`}
          </p>
          {preview.value.text === null ? (
            <p className="vol-binary">Binary file, {preview.value.size.toLocaleString('en')} bytes: no text to show.</p>
          ) : preview.value.size === 0 ? (
            <p className="muted">Empty file.</p>
          ) : (
            <pre className="output vol-text" tabIndex={0} aria-label={`Content of ${name}`}>
              {preview.value.text}
            </pre>
          )}
        </>
      )}
    </aside>
  );
}

/** A volume's files, read-only: one folder at a time, its path in the URL, files previewed beside the list. */
export function VolumeBrowserPage({ name, path }: { name: string; path: string }) {
  const api = useApi();
  const now = useNow();
  const current = normaliseVolumePath(path);
  const [reloads, setReloads] = useState(0);
  const key = `${name}\n${current}\n${reloads}`;
  const [listing, setListing] = useState<Loaded<VolumeListing> | null>(null);
  const [preview, setPreview] = useState<{ path: string; result: Result<FilePreview> | null } | null>(null);

  useEffect(() => {
    let live = true;
    void api.invoke('volumes:browse', { name, path: current }).then((result) => live && setListing({ key, result }));
    return () => {
      live = false;
    };
  }, [api, name, current, key]);

  const openFile = async (entry: VolumeEntry): Promise<void> => {
    setPreview({ path: entry.path, result: null });
    const result = await api.invoke('volumes:read-file', { name, path: entry.path });
    setPreview((p) => (p?.path === entry.path ? { path: entry.path, result } : p));
  };

  const loading = listing?.key !== key;
  // While a refresh of the same folder runs, the old entries stay; another folder's never show here.
  const shown = listing && listing.key.startsWith(`${name}\n${current}\n`) ? listing.result : null;
  const shownPreview = preview && parentPath(preview.path) === current ? preview : null;
  const title = isAnonymous(name) ? shortId(name) : name;
  const crumbs = breadcrumbs(title, current);

  return (
    <section className="page">
      <header className="page-header">
        <a className="link" href={href('volumes')}>
          ← Volumes
        </a>
        <h1 title={name}>Volume {title}</h1>
        <span className="vol-tag" title="Nothing in the volume can be changed from here">
          read-only
        </span>
      </header>
      <p className="muted small vol-howto">
        Browsing never changes the volume. To read it, Berth creates a helper container that mounts the volume read-only, copies the listing (or
        the start of one file) out through the engine, and removes the container again; the helper is never started and runs nothing.
      </p>
      <div className="toolbar">
        <nav aria-label="Folder" className="vol-crumbs">
          <ol>
            {crumbs.map((c, i) => (
              <li key={c.path}>
                {i === crumbs.length - 1 ? (
                  <span aria-current="location" className={i === 0 ? 'mono' : undefined}>
                    {c.label}
                  </span>
                ) : (
                  <a className="link" href={href('volumes', name, { path: c.path })}>
                    {c.label}
                  </a>
                )}
              </li>
            ))}
          </ol>
        </nav>
        <span className="spacer" />
        <button type="button" disabled={loading} onClick={() => setReloads((n) => n + 1)}>
          {loading && shown ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <div className={shownPreview ? 'vol-browser with-preview' : 'vol-browser'}>
        <div className="vol-listing">
          {!shown ? (
            <div className="empty-state">Reading {current}…</div>
          ) : !shown.ok ? (
            <div className="banner error" role="alert">
              {shown.error.message}{' '}
              {current !== '/' && (
                <a className="link" href={href('volumes', name)}>
                  Back to the volume's top folder
                </a>
              )}
            </div>
          ) : (
            <>
              {shown.value.truncated && <div className="banner vol-note">This folder holds too many entries: only the first 100,000 are listed.</div>}
              <table className="table" aria-label={`Files in ${current}`} aria-busy={loading}>
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Type</th>
                    <th className="vol-num">Size</th>
                    <th>Permissions</th>
                    <th>Modified</th>
                  </tr>
                </thead>
                <tbody>
                  {current !== '/' && (
                    <tr>
                      <td colSpan={5}>
                        <a className="link vol-entry-name" href={href('volumes', name, { path: parentPath(current) })} aria-label="Up to the parent folder">
                          <EntryIcon type="up" />
                          ..
                        </a>
                      </td>
                    </tr>
                  )}
                  {shown.value.entries.map((e) => (
                    <tr key={e.path} data-entry-name={e.name} data-entry-type={e.type} data-entry-path={e.path} className={shownPreview?.path === e.path ? 'selected' : undefined}>
                      <td>
                        <EntryName volume={name} entry={e} open={shownPreview?.path === e.path} onOpen={(entry) => void openFile(entry)} />
                      </td>
                      <td className="muted">{typeLabel[e.type]}</td>
                      <td className="vol-num nowrap" data-size={e.size} title={e.type === 'directory' ? 'Everything inside, all levels down' : `${e.size.toLocaleString('en')} bytes`}>
                        {e.type === 'symlink' ? <span className="muted">—</span> : formatBytes(e.size)}
                      </td>
                      <td className="mono small">{permissions(e.mode)}</td>
                      <td className="nowrap" title={new Date(e.modified).toLocaleString()}>
                        {relativeTime(e.modified, now)}
                      </td>
                    </tr>
                  ))}
                  {shown.value.entries.length === 0 && (
                    <tr>
                      <td colSpan={5} className="muted">
                        {current === '/' ? 'This volume is empty.' : 'This folder is empty.'}
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
            </>
          )}
        </div>
        {shownPreview && <PreviewPanel path={shownPreview.path} preview={shownPreview.result} onClose={() => setPreview(null)} />}
      </div>
    </section>
  );
}
