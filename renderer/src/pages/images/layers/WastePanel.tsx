import { useState } from 'react';
import type { LayerAnalysis } from '../../../../../shared/models';
import { formatBytes } from '../../../lib/format';
import { formatPercent } from './layer-format';

const firstShown = 20;

/**
 * Efficiency and waste with dive's definitions (LAYERS.md): what a CI rule on `lowestEfficiency`,
 * `highestWastedBytes` or `highestUserWastedPercent` would see, and the paths that cost it.
 */
export function WastePanel({ analysis, onSelectLayer }: { analysis: LayerAnalysis; onSelectLayer(index: number): void }) {
  const [all, setAll] = useState(false);
  const list = all ? analysis.inefficiencies : analysis.inefficiencies.slice(0, firstShown);
  const unlisted = analysis.inefficiencyCount - analysis.inefficiencies.length;
  return (
    <section className="card lx-waste" aria-labelledby="lx-waste-title" data-wasted-bytes={analysis.wastedBytes} data-efficiency={analysis.efficiency}>
      <h2 id="lx-waste-title" className="lx-h2">
        Wasted space
      </h2>
      {analysis.partial && (
        <p className="banner lx-warn" role="alert">
          Counted from a partial read: {analysis.partial}
        </p>
      )}
      <dl className="lx-stats">
        <div data-stat="efficiency" title="Σ smallest version ÷ Σ all versions of every path (dive's definition)">
          <dt>Efficiency</dt>
          <dd>{formatPercent(analysis.efficiency)}</dd>
        </div>
        <div data-stat="wasted" title={`${analysis.wastedBytes.toLocaleString('en')} bytes: all versions of every path stored more than once`}>
          <dt>Wasted</dt>
          <dd>{formatBytes(analysis.wastedBytes)}</dd>
        </div>
        <div data-stat="user-wasted" title={`Wasted bytes ÷ the ${formatBytes(analysis.userSize)} of every layer but the base`}>
          <dt>User wasted</dt>
          <dd>{formatPercent(analysis.userWastedPercent)}</dd>
        </div>
      </dl>
      <p className="muted small">
        Layers above the base hold {formatBytes(analysis.userSize)}. {analysis.countingNote}
      </p>
      {analysis.inefficiencyCount === 0 ? (
        <p className="ok-note">No path is stored more than once: nothing is wasted.</p>
      ) : (
        <>
          <table className="table lx-table lx-waste-table" aria-label="Paths stored more than once, largest first">
            <thead>
              <tr>
                <th>Path</th>
                <th className="lx-num">Total</th>
                <th>Layers</th>
              </tr>
            </thead>
            <tbody>
              {list.map((i) => (
                <tr key={i.path} data-path={i.path} data-cumulative-size={i.cumulativeSize}>
                  <td className="mono lx-path" title={`${i.count} versions`}>
                    {i.path}
                  </td>
                  <td className="lx-num nowrap" title={`${i.cumulativeSize.toLocaleString('en')} bytes in ${i.count} versions`}>
                    {formatBytes(i.cumulativeSize)}
                  </td>
                  <td className="lx-layer-chips">
                    {i.layers.map((l, n) => (
                      <button key={`${l}-${n}`} type="button" className="lx-layer-chip" aria-label={`Go to layer ${l}`} onClick={() => onSelectLayer(l)}>
                        {l}
                      </button>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            {analysis.inefficiencyCount.toLocaleString('en')} path{analysis.inefficiencyCount === 1 ? '' : 's'} stored more than once
            {unlisted > 0 && ` (the largest ${analysis.inefficiencies.length.toLocaleString('en')} are listed)`}.{' '}
            {analysis.inefficiencies.length > firstShown && (
              <button type="button" className="link-button small" aria-expanded={all} onClick={() => setAll((a) => !a)}>
                {all ? `Show the first ${firstShown}` : `Show all ${analysis.inefficiencies.length.toLocaleString('en')}`}
              </button>
            )}
          </p>
        </>
      )}
      {analysis.anomalies.length > 0 && (
        <details className="lx-anomalies">
          <summary>
            {analysis.anomalies.length.toLocaleString('en')} entr{analysis.anomalies.length === 1 ? 'y' : 'ies'} skipped (unsafe or unreadable paths)
          </summary>
          <ul className="mono small">
            {analysis.anomalies.map((a, n) => (
              <li key={n}>{a}</li>
            ))}
          </ul>
        </details>
      )}
      <p className="muted small">
        {analysis.files.toLocaleString('en')} files in {analysis.layers.length} layer{analysis.layers.length === 1 ? '' : 's'}, read as {analysis.format === 'oci' ? 'an OCI' : 'a docker save'} export in{' '}
        {(analysis.analysedInMs / 1000).toFixed(1)} s.
      </p>
    </section>
  );
}
