import { useEffect, useMemo, useState } from 'react';
import type { ImageSummary } from '../../../../shared/models';
import { useImages } from '../../stores/context';
import { Tabs } from '../../components/Tabs';
import { formatBytes, relativeTime, shortId } from '../../lib/format';
import { href } from '../../lib/use-route';
import { useNow } from '../../lib/use-now';
import { RunDialog } from '../containers/RunDialog';
import { PullDialog } from './PullDialog';
import { BuildDialog } from './BuildDialog';
import { TagDialog } from './TagDialog';
import { PushDialog } from './PushDialog';
import { RemoveImageDialog } from './RemoveImageDialog';
import { PruneImagesDialog } from './PruneImagesDialog';
import { RegistriesPanel } from './RegistriesPanel';
import { CompareDialog } from './layers/CompareDialog';

type Filter = 'all' | 'in-use' | 'unused' | 'dangling';
type Dialog =
  | { kind: 'pull'; reference?: string }
  | { kind: 'build' }
  | { kind: 'prune' }
  | { kind: 'compare' }
  | { kind: 'run'; image: string }
  | { kind: 'tag'; image: ImageSummary }
  | { kind: 'push'; image: ImageSummary; reference: string | null }
  | { kind: 'remove'; image: ImageSummary; reference: string | null };

/** One row per tag, as `docker images` lists them; an untagged image gets one row of its own. */
interface ImageRow {
  image: ImageSummary;
  reference: string | null;
}

function rows(images: ImageSummary[], filter: Filter, query: string): ImageRow[] {
  const q = query.trim().toLowerCase();
  return images
    .filter((i) => !(filter === 'in-use' && !i.usedBy.length) && !(filter === 'unused' && i.usedBy.length) && !(filter === 'dangling' && !i.dangling))
    .flatMap((i): ImageRow[] => (i.repoTags.length ? i.repoTags.map((reference) => ({ image: i, reference })) : [{ image: i, reference: null }]))
    .filter((r) => !q || r.image.id.replace('sha256:', '').startsWith(q) || (r.reference ?? '').toLowerCase().includes(q))
    .sort((a, b) => b.image.created - a.image.created || (a.reference ?? '').localeCompare(b.reference ?? ''));
}

export function ImagesPage() {
  const items = useImages((s) => s.items);
  const phase = useImages((s) => s.phase);
  const listError = useImages((s) => s.error);
  const load = useImages((s) => s.load);
  const [tab, setTab] = useState<'images' | 'registries'>('images');
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const now = useNow();

  useEffect(() => {
    void load();
  }, [load]);

  const shown = useMemo(() => rows(items, filter, query), [items, filter, query]);
  const total = items.reduce((n, i) => n + i.size, 0);
  const close = (): void => setDialog(null);

  return (
    <section className="page">
      <header className="page-header">
        <h1>Images</h1>
        <span className="muted">
          {items.length} image{items.length === 1 ? '' : 's'}, {formatBytes(total)}
        </span>
        {phase === 'stale' && <span className="badge warn">Out of date: the engine is unreachable</span>}
      </header>
      <Tabs<'images' | 'registries'>
        label="Images or registries"
        current={tab}
        onChange={setTab}
        tabs={[
          { id: 'images', label: 'Local images' },
          { id: 'registries', label: 'Registries' },
        ]}
      />
      {tab === 'registries' ? (
        <RegistriesPanel onPull={(reference) => setDialog({ kind: 'pull', reference })} />
      ) : (
        <>
          <div className="toolbar">
            <input type="search" aria-label="Search images" placeholder="Search tag or ID…" value={query} onChange={(e) => setQuery(e.target.value)} />
            <select aria-label="Show" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
              <option value="all">All</option>
              <option value="in-use">In use</option>
              <option value="unused">Unused</option>
              <option value="dangling">Dangling</option>
            </select>
            <span className="spacer" />
            <button type="button" onClick={() => setDialog({ kind: 'compare' })}>
              Compare…
            </button>
            <button type="button" onClick={() => setDialog({ kind: 'prune' })}>
              Prune dangling…
            </button>
            <button type="button" onClick={() => setDialog({ kind: 'build' })}>
              Build…
            </button>
            <button type="button" className="primary" onClick={() => setDialog({ kind: 'pull' })}>
              Pull…
            </button>
          </div>
          {listError && <div className="banner error">{listError.message}</div>}
          {phase !== 'ready' && items.length === 0 && !listError ? (
            <div className="empty-state">Loading images…</div>
          ) : items.length === 0 && !listError ? (
            <div className="empty-state">
              <p className="empty-title">No images yet</p>
              <p>Pull one from a registry, or build one from a folder with a Dockerfile.</p>
              <button type="button" className="primary" onClick={() => setDialog({ kind: 'pull' })}>
                Pull an image
              </button>
            </div>
          ) : (
            <table className="table" aria-label="Images">
              <thead>
                <tr>
                  <th>Repository</th>
                  <th>Tag</th>
                  <th>ID</th>
                  <th>Size</th>
                  <th>Created</th>
                  <th>In use by</th>
                  <th className="actions">Actions</th>
                </tr>
              </thead>
              <tbody>
                {shown.map(({ image: i, reference }) => {
                  const colon = reference ? reference.lastIndexOf(':') : -1;
                  const repository = reference ? reference.slice(0, colon) : '<none>';
                  const tag = reference ? reference.slice(colon + 1) : '<none>';
                  const label = reference ?? shortId(i.id);
                  return (
                    <tr key={`${i.id}|${reference ?? ''}`} data-image-id={i.id} data-image-ref={reference ?? ''}>
                      <td>
                        <a className="link mono name" href={href('images', i.id)}>
                          {repository}
                        </a>
                        {i.dangling && <span className="chip">dangling</span>}
                      </td>
                      <td className="mono">{tag}</td>
                      <td className="mono">{shortId(i.id)}</td>
                      <td>{formatBytes(i.size)}</td>
                      <td title={new Date(i.created).toLocaleString()}>{relativeTime(i.created, now)}</td>
                      <td className="small">
                        {i.usedBy.length ? (
                          i.usedBy.map((u) => (
                            <a key={u.id} className="chip link" href={href('containers', u.id)}>
                              {u.name}
                            </a>
                          ))
                        ) : (
                          <span className="muted">unused</span>
                        )}
                      </td>
                      <td className="actions">
                        <button type="button" aria-label={`Run ${label}`} onClick={() => setDialog({ kind: 'run', image: reference ?? i.id })} disabled={!reference}>
                          Run
                        </button>
                        <button type="button" aria-label={`Tag ${label}`} onClick={() => setDialog({ kind: 'tag', image: i })}>
                          Tag
                        </button>
                        <button type="button" aria-label={`Push ${label}`} onClick={() => setDialog({ kind: 'push', image: i, reference })} disabled={!reference}>
                          Push
                        </button>
                        <button type="button" className="danger-quiet" aria-label={`Remove ${label}`} onClick={() => setDialog({ kind: 'remove', image: i, reference })}>
                          Remove
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
      {dialog?.kind === 'pull' && <PullDialog initial={dialog.reference} onClose={close} />}
      {dialog?.kind === 'build' && <BuildDialog onClose={close} />}
      {dialog?.kind === 'prune' && <PruneImagesDialog onClose={close} />}
      {dialog?.kind === 'compare' && <CompareDialog onClose={close} />}
      {dialog?.kind === 'run' && <RunDialog initialImage={dialog.image} onClose={close} />}
      {dialog?.kind === 'tag' && <TagDialog source={dialog.image.id} label={dialog.image.repoTags[0] ?? shortId(dialog.image.id)} onClose={close} />}
      {dialog?.kind === 'push' && <PushDialog tags={dialog.reference ? [dialog.reference, ...dialog.image.repoTags.filter((t) => t !== dialog.reference)] : dialog.image.repoTags} onClose={close} />}
      {dialog?.kind === 'remove' && <RemoveImageDialog image={dialog.image} reference={dialog.reference} onClose={close} />}
    </section>
  );
}
