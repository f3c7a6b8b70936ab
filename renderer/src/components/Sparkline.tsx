/** A small line chart of recent values (newest right), with the latest value written beside it. */
export function Sparkline({ values, max, label, format }: { values: number[]; max?: number; label: string; format(v: number): string }) {
  const width = 240;
  const height = 48;
  const top = Math.max(max ?? 0, ...values, 1e-9);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - (v / top) * (height - 2) - 1).toFixed(1)}`).join(' ');
  const last = values.at(-1);
  return (
    <figure className="spark" aria-label={label}>
      <figcaption>
        <span>{label}</span>
        <strong>{last === undefined ? '—' : format(last)}</strong>
      </figcaption>
      {values.length < 2 ? (
        <p className="muted small">collecting…</p>
      ) : (
        <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={`${label} over the last ${values.length} seconds`}>
          <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      )}
    </figure>
  );
}
