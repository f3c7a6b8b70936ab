import { useState, type ReactNode } from 'react';
import { useSettings } from '../../stores/context';
import type { SettingsPatch } from '../../../../shared/settings';
import type { RpcError } from '../../../../shared/result';

/** A change applied at once, with its error kept where the user acted. */
export function useApply(): { apply(patch: SettingsPatch): Promise<boolean>; error: RpcError | null; clear(): void; busy: boolean } {
  const update = useSettings((s) => s.update);
  const [error, setError] = useState<RpcError | null>(null);
  const [busy, setBusy] = useState(false);
  return {
    apply: async (patch) => {
      setBusy(true);
      const e = await update(patch);
      setBusy(false);
      setError(e);
      return !e;
    },
    error,
    clear: () => setError(null),
    busy,
  };
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id: string }) {
  return (
    <section className="card settings-section" aria-labelledby={`settings-${id}`}>
      <h2 id={`settings-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

/**
 * A checkbox that shows the new value at once and saves it; it goes back if saving fails (the
 * error shows in its section).
 */
export function Toggle({ label, hint, checked, onChange, disabled }: { label: string; hint?: string; checked: boolean; onChange(v: boolean): Promise<unknown>; disabled?: boolean }) {
  const [pending, setPending] = useState<boolean | null>(null);
  return (
    <label className="setting-toggle">
      <input
        type="checkbox"
        checked={pending ?? checked}
        disabled={disabled}
        onChange={(e) => {
          setPending(e.target.checked);
          void onChange(e.target.checked).finally(() => setPending(null));
        }}
      />
      <span>
        {label}
        {hint && <span className="muted small setting-hint">{hint}</span>}
      </span>
    </label>
  );
}

/** A choice among a few values, shown at once and saved (like Toggle). */
export function useOptimistic<T>(saved: T): [T, (value: T, save: () => Promise<unknown>) => void] {
  const [pending, setPending] = useState<{ value: T } | null>(null);
  return [
    pending ? pending.value : saved,
    (value, save) => {
      setPending({ value });
      void save().finally(() => setPending(null));
    },
  ];
}
