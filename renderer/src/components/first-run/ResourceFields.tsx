import { settingsSchema, type Settings } from '../../../../shared/settings';

export interface ResourceDraft {
  cpus: string;
  memoryMiB: string;
  diskGiB: string;
}

type Resources = Pick<Settings['vm'], 'cpus' | 'memoryMiB' | 'diskGiB'>;

const vmShape = settingsSchema.shape.vm.shape;
const labels: Record<keyof ResourceDraft, string> = { cpus: 'CPUs', memoryMiB: 'Memory (MiB)', diskGiB: 'Disk (GiB)' };

/** The field's problem in words, or null: the same limits the backend enforces, plus what the host has. */
export function resourceError(field: keyof ResourceDraft, text: string, host: { cpus: number; memoryMiB: number } | null = null): string | null {
  const n = Number(text);
  if (!text.trim() || !Number.isFinite(n)) return 'a whole number';
  const parsed = vmShape[field].safeParse(n);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === 'too_small') return `at least ${String(issue.minimum)}`;
    if (issue?.code === 'too_big') return `at most ${String(issue.maximum)}`;
    return 'a whole number';
  }
  if (host && field === 'cpus' && n > host.cpus) return `this machine has ${host.cpus}`;
  if (host && field === 'memoryMiB' && n > host.memoryMiB) return `this machine has ${host.memoryMiB} MiB`;
  return null;
}

export function validateResources(draft: ResourceDraft, host: { cpus: number; memoryMiB: number } | null = null): { ok: true; value: Resources } | { ok: false } {
  for (const f of Object.keys(labels) as (keyof ResourceDraft)[]) if (resourceError(f, draft[f], host)) return { ok: false };
  return { ok: true, value: { cpus: Number(draft.cpus), memoryMiB: Number(draft.memoryMiB), diskGiB: Number(draft.diskGiB) } };
}

/** CPUs, memory and disk for the VM, checked as typed; the first-run flow and the Settings page share it. */
export function ResourceFields({ draft, onChange, host }: { draft: ResourceDraft; onChange(d: ResourceDraft): void; host: { cpus: number; memoryMiB: number } | null }) {
  return (
    <div className="form-grid resource-fields">
      {(Object.keys(labels) as (keyof ResourceDraft)[]).map((f) => {
        const error = resourceError(f, draft[f], host);
        const hint = host && f === 'cpus' ? `of ${host.cpus}` : host && f === 'memoryMiB' ? `of ${host.memoryMiB} MiB` : f === 'diskGiB' ? 'grows as needed' : '';
        return (
          <label key={f} className="field">
            <span>
              {labels[f]} {hint && <span className="muted">({hint})</span>}
            </span>
            <input type="number" inputMode="numeric" value={draft[f]} aria-invalid={!!error} onChange={(e) => onChange({ ...draft, [f]: e.target.value })} />
            {error && <span className="field-error">Must be {error}.</span>}
          </label>
        );
      })}
    </div>
  );
}
