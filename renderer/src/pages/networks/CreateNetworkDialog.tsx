import { useId, useState } from 'react';
import type { RpcError } from '../../../../shared/result';
import { useApi, useNetworks } from '../../stores/context';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { networkFormProblems, type NetworkForm } from './network-form';

/** Create a bridge network: a name, optionally its subnet and gateway, optionally internal (no way out). */
export function CreateNetworkDialog({ onClose }: { onClose(): void }) {
  const api = useApi();
  const load = useNetworks((s) => s.load);
  const formId = useId();
  const [form, setForm] = useState<NetworkForm>({ name: '', subnet: '', gateway: '' });
  const [internal, setInternal] = useState(false);
  /** Fields whose problems show: typed into and left, or all after a submit attempt. */
  const [touched, setTouched] = useState<Partial<Record<keyof NetworkForm, true>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcError | null>(null);

  const problems = networkFormProblems(form);
  const shown = (field: keyof NetworkForm): string | undefined => (touched[field] ? problems[field] : undefined);

  const submit = async (): Promise<void> => {
    setTouched({ name: true, subnet: true, gateway: true });
    if (Object.keys(problems).length) return;
    setBusy(true);
    setError(null);
    const subnet = form.subnet.trim();
    const gateway = form.gateway.trim();
    const result = await api.invoke('networks:create', {
      name: form.name.trim(),
      ...(subnet ? { subnet } : {}),
      ...(gateway ? { gateway } : {}),
      ...(internal ? { internal } : {}),
    });
    if (!result.ok) {
      setBusy(false);
      setError(result.error);
      return;
    }
    await load();
    onClose();
  };

  const field = (key: keyof NetworkForm, label: string, placeholder: string, help: string, autoFocus = false) => {
    const problem = shown(key);
    return (
      <label className="field">
        <span>{label}</span>
        <input
          type="text"
          autoFocus={autoFocus}
          spellCheck={false}
          placeholder={placeholder}
          value={form[key]}
          aria-invalid={!!problem}
          aria-describedby={`${formId}-${key}`}
          onChange={(e) => setForm((f) => ({ ...f, [key]: e.target.value }))}
          onBlur={() => form[key] && setTouched((t) => ({ ...t, [key]: true }))}
        />
        <span id={`${formId}-${key}`} className={problem ? 'field-error' : 'muted small'}>
          {problem ? `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.` : help}
        </span>
      </label>
    );
  };

  return (
    <Dialog
      title="Create a network"
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={formId} className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create'}
          </button>
        </>
      }
    >
      <form
        id={formId}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {field('name', 'Name', 'e.g. backend', 'Containers on the same network reach each other by name.', true)}
        <div className="net-pair">
          {field('subnet', 'Subnet (optional)', '172.28.0.0/16', 'CIDR form. Empty: the engine picks a free one.')}
          {field('gateway', 'Gateway (optional)', '172.28.0.1', 'An address in the subnet. Empty: its first address.')}
        </div>
        <label className="check">
          <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
          Internal: containers reach each other but not the outside world
        </label>
        <p className="muted small">Driver: bridge.</p>
      </form>
      <ErrorNote error={error} onDismiss={() => setError(null)} />
    </Dialog>
  );
}
