import { useEffect, useState } from 'react';
import type { ImageHistoryEntry } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { useApi, useImages } from '../../stores/context';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes, shortId } from '../../lib/format';
import { href } from '../../lib/use-route';

/** An image's history: every step that made it, the layers it added, and the steps that added none. */
export function ImageDetailsPage({ id }: { id: string }) {
  const api = useApi();
  const image = useImages((s) => s.items.find((i) => i.id === id || i.repoTags.includes(id)));
  const [history, setHistory] = useState<ImageHistoryEntry[] | null>(null);
  const [error, setError] = useState<RpcError | null>(null);
  useEffect(() => {
    void api.invoke('images:history', { id }).then((r) => (r.ok ? setHistory(r.value) : setError(r.error)));
  }, [api, id]);
  const title = image?.repoTags[0] ?? shortId(id);
  const layers = history?.filter((h) => !h.empty).length ?? 0;
  return (
    <section className="page">
      <header className="page-header">
        <a className="link" href={href('images')}>
          ← Images
        </a>
        <h1 className="mono">{title}</h1>
        {image && <span className="muted">{formatBytes(image.size)}</span>}
      </header>
      <ErrorNote error={error} />
      {history && (
        <>
          <p className="muted">
            Built in {history.length} steps; {layers} added a layer, the rest changed only metadata. Newest first: each layer is a diff on top of the ones
            below it.
          </p>
          <table className="table history" aria-label="Image history">
            <thead>
              <tr>
                <th>Step</th>
                <th>Created by</th>
                <th>Size</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h, i) => (
                <tr key={i} className={h.empty ? 'empty-layer' : undefined} data-empty={h.empty}>
                  <td className="mono small">{history.length - i}</td>
                  <td className="mono small created-by">
                    {h.createdBy.replace(/^\/bin\/sh -c #\(nop\)\s*/, '').replace(/^\/bin\/sh -c /, 'RUN ')}
                    {h.empty && <span className="chip">no layer</span>}
                    {h.tags.map((t) => (
                      <span key={t} className="chip">
                        {t}
                      </span>
                    ))}
                  </td>
                  <td>{h.empty ? <span className="muted">—</span> : formatBytes(h.size)}</td>
                  <td className="small">{new Date(h.created).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
