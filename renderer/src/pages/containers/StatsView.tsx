import { useEffect, useState } from 'react';
import type { StatsSample } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { useApi } from '../../stores/context';
import { Sparkline } from '../../components/Sparkline';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../lib/format';

const keep = 60;
const rate = (v: number): string => `${formatBytes(v)}/s`;

/** Live stats from the engine's stream, open only while this view is on screen. */
export function StatsView({ id, running }: { id: string; running: boolean }) {
  const api = useApi();
  const [samples, setSamples] = useState<StatsSample[]>([]);
  const [error, setError] = useState<RpcError | null>(null);
  useEffect(() => {
    if (!running) return;
    // The parent keys this view by container and state, so a new stream starts with empty charts.
    const stream = api.openStream(
      'containers:stats',
      { id },
      {
        onData: (s) => setSamples((prev) => [...prev.slice(-(keep - 1)), s]),
        onEnd: (e) => e && setError(e),
      },
    );
    return () => stream.close();
  }, [api, id, running]);
  if (!running) return <p className="muted">The container is not running: it uses no CPU or memory now. Start it to see live figures.</p>;
  const last = samples.at(-1);
  const col = (f: (s: StatsSample) => number) => samples.map(f);
  return (
    <div>
      <ErrorNote error={error} />
      <div className="cards stats" aria-label="Live stats">
        <Sparkline label="CPU" values={col((s) => s.cpuPercent)} format={(v) => `${v.toFixed(1)} %`} />
        <Sparkline
          label={`Memory${last?.memoryLimit ? ` of ${formatBytes(last.memoryLimit)}` : ''}`}
          values={col((s) => s.memoryUsage)}
          max={last?.memoryLimit}
          format={(v) => `${formatBytes(v)}${last?.memoryLimit ? ` (${((v / last.memoryLimit) * 100).toFixed(1)} %)` : ''}`}
        />
        <Sparkline label="Network in" values={col((s) => s.netRxRate)} format={rate} />
        <Sparkline label="Network out" values={col((s) => s.netTxRate)} format={rate} />
        <Sparkline label="Disk read" values={col((s) => s.blockReadRate)} format={rate} />
        <Sparkline label="Disk write" values={col((s) => s.blockWriteRate)} format={rate} />
      </div>
      <p className="muted small">{last ? `${last.pids} process${last.pids === 1 ? '' : 'es'} · one sample a second from the engine` : 'Waiting for the first sample…'}</p>
    </div>
  );
}
