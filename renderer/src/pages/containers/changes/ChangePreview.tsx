import { useEffect, useState } from 'react';
import type { FilePreview } from '../../../../../shared/models';
import type { Result } from '../../../../../shared/result';
import { useApi } from '../../../stores/context';
import { ErrorNote } from '../../../components/ErrorNote';
import { formatBytes } from '../../../lib/format';
import { ChangeBadge } from '../../images/layers/ChangeBadge';
import type { ChangeNode } from './change-tree';
import '../../volumes/volumes.css';

const kindWord = { added: 'Added', modified: 'Changed', removed: 'Deleted' } as const;

/** The start of a changed file (as the volume browser previews files) and a way to save it, or a folder as a tar, out of the container. */
export function ChangePreview({ container, node, onClose }: { container: string; node: ChangeNode; onClose(): void }) {
  const api = useApi();
  const removed = node.kind === 'removed';
  const folder = node.children.length > 0;
  const below = node.counts.added + node.counts.modified + node.counts.removed - (node.kind ? 1 : 0);
  const [preview, setPreview] = useState<Result<FilePreview> | null>(null);
  const [saved, setSaved] = useState<Result<{ path: string; bytes: number }> | 'saving' | null>(null);

  useEffect(() => {
    if (removed || folder) return;
    let live = true;
    void api.invoke('containers:read-file', { id: container, path: node.path }).then((r) => live && setPreview(r));
    return () => {
      live = false;
    };
  }, [api, container, node.path, removed, folder]);

  const save = async (): Promise<void> => {
    setSaved('saving');
    setSaved(await api.invoke('containers:save-file', { id: container, path: node.path }));
  };

  return (
    <aside className="vol-preview card" aria-label={`Preview of ${node.name}`} data-preview-path={node.path}>
      <header className="vol-preview-header">
        <div>
          <div className="name">
            {node.kind && <ChangeBadge change={node.kind} letters="docker-diff" />} {node.name}
          </div>
          <div className="muted small mono">{node.path}</div>
        </div>
        <button type="button" aria-label="Close preview" onClick={onClose}>
          ×
        </button>
      </header>
      {removed ? (
        <p className="vol-binary">Deleted in the container: there is nothing left to preview or save.</p>
      ) : (
        <>
          <div className="chg-actions">
            <span className="muted small">{node.kind ? kindWord[node.kind] : 'Listed because something below it changed'}</span>
            <span className="spacer" />
            <button type="button" disabled={saved === 'saving'} onClick={() => void save()}>
              {saved === 'saving' ? 'Saving…' : folder ? 'Download as .tar' : 'Download'}
            </button>
          </div>
          {saved && saved !== 'saving' && (saved.ok ? (
            saved.value.path ? (
              <p className="ok-note small" role="status" data-saved-to={saved.value.path}>
                Saved {formatBytes(saved.value.bytes)} to <span className="mono">{saved.value.path}</span>
              </p>
            ) : (
              <p className="muted small" role="status">
                Not saved: no file was chosen.
              </p>
            )
          ) : (
            <ErrorNote error={saved.error} onDismiss={() => setSaved(null)} />
          ))}
          {folder ? (
            <p className="muted small">
              A folder with {below} change{below === 1 ? '' : 's'} below it. The download is a tar archive of
              everything in it as it is now, changed or not.
            </p>
          ) : !preview ? (
            <p className="muted">Reading…</p>
          ) : !preview.ok ? (
            <ErrorNote error={preview.error} />
          ) : (
            <>
              <p className="muted small" data-preview-size={preview.value.size}>
                {formatBytes(preview.value.size)}
                {preview.value.truncated && ' · showing the start of the file'}
              </p>
              {preview.value.text === null ? (
                <p className="vol-binary">Binary file, {preview.value.size.toLocaleString('en')} bytes: no text to show. Download it to look inside.</p>
              ) : preview.value.size === 0 ? (
                <p className="muted">Empty file.</p>
              ) : (
                <pre className="output vol-text" tabIndex={0} aria-label={`Content of ${node.name}`}>
                  {preview.value.text}
                </pre>
              )}
            </>
          )}
        </>
      )}
    </aside>
  );
}
