import { useState } from 'react';
import type { PrunePreviewItem, PruneResult, PruneTarget } from '../../../../shared/models';
import type { Result } from '../../../../shared/result';
import { useApi } from '../../stores/context';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../lib/format';
import { countOf, defaultPruneTargets, previewTotals, pruneTargets, resultTotals, sumSizes } from './prune-plan';

type Preview = Partial<Record<PruneTarget, PrunePreviewItem[]>>;
type Outcome = Partial<Record<PruneTarget, PruneResult>>;

/** Only what was found has a size worth showing: networks take no space. */
const hasSize = (t: PruneTarget): boolean => t !== 'networks';

function PreviewList({ preview, targets }: { preview: Preview; targets: PruneTarget[] }) {
  return (
    <div className="disk-preview">
      {pruneTargets
        .filter((t) => targets.includes(t.target))
        .map(({ target, label }) => {
          const items = preview[target] ?? [];
          return (
            <section key={target} data-prune-target={target} aria-label={label}>
              <h3>
                {label}
                <span className="muted">
                  {' '}
                  · {countOf(items.length, target)}
                  {hasSize(target) && items.length > 0 ? `, ${formatBytes(sumSizes(items))}` : ''}
                </span>
              </h3>
              {items.length === 0 ? (
                <p className="muted small">Nothing to remove.</p>
              ) : (
                <ul>
                  {items.map((i) => (
                    <li key={i.id} data-prune-name={i.name} data-prune-id={i.id}>
                      <span className="mono disk-item-name" title={i.id}>
                        {i.name}
                      </span>
                      {hasSize(target) && <span className="disk-item-size">{formatBytes(i.size)}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
    </div>
  );
}

/**
 * Prune with a look first: choose what to clean up, see exactly what would go and how much space
 * that frees, then confirm. Nothing is removed before the last step.
 */
export function SystemPruneDialog({ onClose, onPruned }: { onClose(): void; onPruned(): void }) {
  const api = useApi();
  const [targets, setTargets] = useState<PruneTarget[]>(defaultPruneTargets);
  const [allImages, setAllImages] = useState(false);
  const [step, setStep] = useState<'choose' | 'preview' | 'done'>('choose');
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<Result<Preview> | null>(null);
  const [outcome, setOutcome] = useState<Result<Outcome> | null>(null);

  const toggle = (t: PruneTarget, on: boolean): void => setTargets((ts) => (on ? [...ts.filter((x) => x !== t), t] : ts.filter((x) => x !== t)));
  const args = { targets, ...(targets.includes('images') && allImages ? { allImages: true } : {}) };

  const showPreview = async (): Promise<void> => {
    setBusy(true);
    setPreview(null);
    setStep('preview');
    setPreview(await api.invoke('system:prune-preview', args));
    setBusy(false);
  };

  const prune = async (): Promise<void> => {
    setBusy(true);
    const result = await api.invoke('system:prune', args);
    setOutcome(result);
    setBusy(false);
    if (result.ok) {
      setStep('done');
      onPruned();
    }
  };

  const totals = preview?.ok ? previewTotals(preview.value) : { items: 0, bytes: 0 };

  let actions;
  if (step === 'choose') {
    actions = (
      <>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={targets.length === 0} onClick={() => void showPreview()}>
          Preview
        </button>
      </>
    );
  } else if (step === 'preview') {
    actions = (
      <>
        <button type="button" disabled={busy} onClick={() => setStep('choose')}>
          Back
        </button>
        <button type="button" autoFocus onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="danger" disabled={busy || !preview?.ok || totals.items === 0} onClick={() => void prune()}>
          {busy && preview ? 'Pruning…' : 'Prune'}
        </button>
      </>
    );
  } else {
    actions = (
      <button type="button" className="primary" autoFocus onClick={onClose}>
        Close
      </button>
    );
  }

  return (
    <Dialog title={step === 'done' ? 'Pruned' : step === 'preview' ? 'This is what would go' : 'Prune: free disk space'} wide onClose={onClose} actions={actions}>
      {step === 'choose' && (
        <fieldset className="disk-targets">
          <legend>Remove unused…</legend>
          {pruneTargets.map(({ target, label, what }) => (
            <div key={target}>
              <label className="check">
                <input type="checkbox" checked={targets.includes(target)} onChange={(e) => toggle(target, e.target.checked)} />
                <span>
                  <strong>{label}</strong> <span className="muted">— {what}</span>
                </span>
              </label>
              {target === 'images' && (
                <label className="check disk-sub-option">
                  <input type="checkbox" checked={allImages} disabled={!targets.includes('images')} onChange={(e) => setAllImages(e.target.checked)} />
                  All unused images, not only dangling ones (tagged images no container uses go too)
                </label>
              )}
            </div>
          ))}
          <p className="muted small">The next step shows exactly what would be removed. Nothing is removed until you confirm there.</p>
        </fieldset>
      )}
      {step === 'preview' &&
        (!preview ? (
          <p className="muted">Working out what would go…</p>
        ) : !preview.ok ? (
          <ErrorNote error={preview.error} />
        ) : (
          <>
            <PreviewList preview={preview.value} targets={targets} />
            <p className="disk-total" data-preview-total={totals.bytes}>
              {totals.items === 0 ? (
                'Nothing to prune: everything selected is in use.'
              ) : (
                <>
                  Pruning removes {totals.items} item{totals.items === 1 ? '' : 's'} and frees about <strong>{formatBytes(totals.bytes)}</strong>.
                </>
              )}
            </p>
            {totals.items > 0 && <p className="muted small">Anything that becomes unused between now and your click goes too, as with docker system prune.</p>}
          </>
        ))}
      {step === 'done' && outcome?.ok && <PruneOutcome outcome={outcome.value} targets={targets} />}
      {outcome && !outcome.ok && <ErrorNote error={outcome.error} />}
    </Dialog>
  );
}

function PruneOutcome({ outcome, targets }: { outcome: Outcome; targets: PruneTarget[] }) {
  const total = resultTotals(outcome);
  return (
    <div data-prune-result>
      <p>
        Reclaimed <strong data-reclaimed={total.bytes}>{formatBytes(total.bytes)}</strong>.
      </p>
      <ul className="disk-outcome">
        {pruneTargets
          .filter((t) => targets.includes(t.target))
          .map(({ target, label }) => {
            const r = outcome[target];
            return (
              <li key={target} data-prune-target={target}>
                <strong>{label}:</strong> removed {countOf(r?.deleted.length ?? 0, target)}
                {hasSize(target) && r && r.deleted.length > 0 ? `, ${formatBytes(r.spaceReclaimed)}` : ''}
              </li>
            );
          })}
      </ul>
    </div>
  );
}
