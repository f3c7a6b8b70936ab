import { useEffect, useState } from 'react';
import type { ImageHistoryEntry } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { useApi, useImages } from '../../stores/context';
import { ErrorNote } from '../../components/ErrorNote';
import { Tabs } from '../../components/Tabs';
import { formatBytes, shortId } from '../../lib/format';
import { href, navigate, useRoute } from '../../lib/use-route';
import { LayerExplorer } from './layers/LayerExplorer';
import { CompareView } from './layers/CompareView';

type Tab = 'layers' | 'history' | 'compare';

/**
 * Replaces the address (no back step per picked layer) and tells the route listeners at once: the
 * browser's own hashchange comes a task later, and a controlled radio would flick back until then.
 */
function replaceRoute(hash: string): void {
  location.replace(hash);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
const tabs: Tab[] = ['layers', 'history', 'compare'];

/** An image: its layers and files (the explorer), its history, and a comparison with another image. The tab and layer live in the URL. */
export function ImageDetailsPage({ id }: { id: string }) {
  const api = useApi();
  const { query } = useRoute();
  const image = useImages((s) => s.items.find((i) => i.id === id || i.repoTags.includes(id)));
  const loadImages = useImages((s) => s.load);
  useEffect(() => {
    void loadImages();
  }, [loadImages]);
  const [history, setHistory] = useState<ImageHistoryEntry[] | null>(null);
  const [error, setError] = useState<RpcError | null>(null);
  useEffect(() => {
    void api.invoke('images:history', { id }).then((r) => (r.ok ? setHistory(r.value) : setError(r.error)));
  }, [api, id]);
  // Opened by reference, the page is titled by it; by ID, by the image's first tag.
  const title = image?.repoTags.includes(id) ? id : (image?.repoTags[0] ?? (/^(sha256:)?[a-f0-9]{12,64}$/.test(id) ? shortId(id) : id));
  const layers = history?.filter((h) => !h.empty).length ?? 0;
  const tab = tabs.find((t) => t === query.get('tab')) ?? 'layers';
  const layerParam = query.get('layer');
  const layer = layerParam !== null && /^\d+$/.test(layerParam) ? Number(layerParam) : null;
  const mode = query.get('mode') === 'stack' ? 'stack' : 'changes';
  const other = query.get('with');
  return (
    <section className="page">
      <header className="page-header">
        <a className="link" href={href('images')}>
          ← Images
        </a>
        <h1 className="mono">{title}</h1>
        {image && <span className="muted">{formatBytes(image.size)}</span>}
      </header>
      <Tabs<Tab>
        label="Image details"
        current={tab}
        onChange={(t) => navigate('images', id, t === 'compare' && other ? { tab: t, with: other } : { tab: t })}
        tabs={[
          { id: 'layers', label: 'Layers' },
          { id: 'history', label: 'History' },
          { id: 'compare', label: 'Compare' },
        ]}
      />
      {tab === 'layers' && (
        <LayerExplorer
          key={id}
          image={id}
          history={history}
          layer={layer}
          mode={mode}
          onView={(v) => replaceRoute(href('images', id, { tab: 'layers', layer: String(v.layer), mode: v.mode }))}
        />
      )}
      {tab === 'compare' && (
        <CompareView
          key={id}
          a={id}
          b={other}
          onPick={(b) => replaceRoute(href('images', id, { tab: 'compare', with: b }))}
          onSwap={() => other && navigate('images', other, { tab: 'compare', with: id })}
        />
      )}
      {tab === 'history' && <ErrorNote error={error} />}
      {tab === 'history' && history && (
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
