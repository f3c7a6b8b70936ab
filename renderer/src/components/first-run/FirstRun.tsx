import { useEffect, useRef, useState } from 'react';
import { useApi, useSettings, useStores } from '../../stores/context';
import type { HostProbe } from '../../../../shared/channels-desktop';
import type { VmStatus, VmStep } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { ErrorNote } from '../ErrorNote';
import { ResourceFields, validateResources, type ResourceDraft } from './ResourceFields';
import './first-run.css';

const sourceLabel = { setting: 'Berth’s engine setting', DOCKER_HOST: 'DOCKER_HOST', context: 'docker context', default: 'the default socket' } as const;

const steps: { step: VmStep; label: string }[] = [
  { step: 'image', label: 'Find the VM image' },
  { step: 'disk', label: 'Prepare the data disk' },
  { step: 'certificates', label: 'Make the engine’s TLS certificates' },
  { step: 'boot', label: 'Boot the VM' },
  { step: 'engine', label: 'Wait for the engine' },
];

type Stage = 'welcome' | 'resources' | 'create';

/**
 * The first start: what Berth will do, the resources it will use (editable), then progress while
 * the VM is prepared and booted. Where an engine already runs, it is offered instead.
 */
export function FirstRun() {
  const api = useApi();
  const stores = useStores();
  const view = useSettings((s) => s.view)!;
  const update = useSettings((s) => s.update);
  const ref = useRef<HTMLDialogElement>(null);
  const [stage, setStage] = useState<Stage>('welcome');
  const [probe, setProbe] = useState<HostProbe | null>(null);
  const [probeError, setProbeError] = useState<string | null>(null);
  const [draft, setDraft] = useState<ResourceDraft>(() => ({ cpus: String(view.settings.vm.cpus), memoryMiB: String(view.settings.vm.memoryMiB), diskGiB: String(view.settings.vm.diskGiB) }));
  const [useContext, setUseContext] = useState(view.settings.engine.useBerthContext);
  const [error, setError] = useState<RpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const [vm, setVm] = useState<VmStatus | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  useEffect(() => {
    let live = true;
    void api.invoke('desktop:probe-host', {}).then((r) => {
      if (!live) return;
      if (r.ok) setProbe(r.value);
      else setProbeError(r.error.message);
    });
    const off = api.on('vm:status', (s) => setVm(s));
    return () => {
      live = false;
      off();
    };
  }, [api]);

  const finish = async (patch: Parameters<typeof update>[0]): Promise<void> => {
    setBusy(true);
    const e = await update({ ...patch, firstRun: { done: true } });
    setBusy(false);
    if (e) setError(e);
  };

  const chooseExisting = async (): Promise<void> => {
    const engine = probe?.engine;
    if (!engine) return;
    // Found through Berth's own setting: keep that address; otherwise follow the docker CLI as it changes.
    await finish({ engine: { source: 'external', host: engine.source === 'setting' ? engine.host : null } });
    stores.engine.getState().retryNow();
  };

  const host = probe ? { cpus: probe.cpus, memoryMiB: probe.memoryMiB } : null;

  const create = async (): Promise<void> => {
    const checked = validateResources(draft, host);
    if (!checked.ok) return;
    setError(null);
    setBusy(true);
    setStage('create');
    const saved = await update({ engine: { source: 'vm', useBerthContext: useContext }, vm: checked.value });
    if (saved) {
      setBusy(false);
      return setError(saved);
    }
    const r = await api.invoke('vm:start', {});
    setBusy(false);
    if (!r.ok) setError(r.error);
    else setVm(r.value);
  };

  const resourcesOk = validateResources(draft, host).ok;
  const running = vm?.state === 'running';
  const currentStep = vm?.state === 'starting' ? steps.findIndex((s) => s.step === vm.step) : running ? steps.length : -1;
  const dataDir = view.path.replace(/[\\/][^\\/]*$/, '');

  return (
    <dialog ref={ref} className="first-run" aria-labelledby="first-run-title" onCancel={(e) => e.preventDefault()}>
      <div className="first-run-head">
        <span className="brand-mark" aria-hidden>
          ⚓
        </span>
        <h2 id="first-run-title">Welcome to Berth</h2>
        <ol className="first-run-stages" aria-label="Steps">
          {(['welcome', 'resources', 'create'] as const).map((s, i) => (
            <li key={s} aria-current={stage === s ? 'step' : undefined}>
              {i + 1}. {s === 'welcome' ? 'What Berth does' : s === 'resources' ? 'Resources' : 'Create'}
            </li>
          ))}
        </ol>
      </div>

      {stage === 'welcome' && (
        <div className="first-run-body">
          <section className="existing-engine" aria-label="Existing engine" aria-busy={!probe && !probeError}>
            {probe?.engine ? (
              <>
                <p className="empty-title">An engine already runs on this machine</p>
                <p>
                  Docker {probe.engine.version} ({probe.engine.os}/{probe.engine.arch}) at <code>{probe.engine.host}</code>{' '}
                  <span className="muted">
                    (found through {probe.engine.source === 'context' ? `the docker context ${probe.engine.contextName ?? ''}` : sourceLabel[probe.engine.source]})
                  </span>
                </p>
                <p className="muted">Berth can use it instead of creating a VM: nothing is installed, and you can switch in Settings at any time.</p>
                <button type="button" className="primary" disabled={busy} onClick={() => void chooseExisting()}>
                  Use this engine
                </button>
              </>
            ) : probe ? (
              <p className="muted">No engine runs here yet{probe.engineNote ? `: ${probe.engineNote}` : '.'}</p>
            ) : probeError ? (
              <p className="muted">Could not look for an engine: {probeError}</p>
            ) : (
              <p className="muted">Looking for an engine that already runs…</p>
            )}
          </section>
          <h3>{probe?.engine ? 'Or let Berth run its own engine' : 'What Berth will do'}</h3>
          <ul className="first-run-plan">
            <li>
              <strong>Create a small Linux VM</strong> with dockerd and containerd, and a data disk for your images and volumes, in <code>{dataDir}</code>.
            </li>
            <li>
              <strong>Connect to its engine over TLS</strong> on a loopback port, with certificates made for this installation only.
            </li>
            <li>
              <strong>Register a docker context named “berth”</strong>, so <code>docker</code> and <code>kubectl</code> in your own terminals can use the same engine.
              <label className="check">
                <input type="checkbox" checked={useContext} onChange={(e) => setUseContext(e.target.checked)} />
                Make it docker’s current context
              </label>
            </li>
          </ul>
          <ErrorNote error={error} onDismiss={() => setError(null)} />
          <div className="dialog-actions">
            <button type="button" className="link-button" disabled={busy} onClick={() => void finish({})}>
              Set up later
            </button>
            <button type="button" className={probe?.engine ? undefined : 'primary'} onClick={() => setStage('resources')}>
              Next: resources
            </button>
          </div>
        </div>
      )}

      {stage === 'resources' && (
        <div className="first-run-body">
          <p>What the VM may use. It takes memory only while it runs; the disk grows as you store images, up to the size given.</p>
          <ResourceFields draft={draft} onChange={setDraft} host={host} />
          <div className="dialog-actions">
            <button type="button" onClick={() => setStage('welcome')}>
              Back
            </button>
            <button type="button" className="primary" disabled={!resourcesOk || busy} onClick={() => void create()}>
              Create the VM
            </button>
          </div>
        </div>
      )}

      {stage === 'create' && (
        <div className="first-run-body">
          <ol className="vm-steps" aria-label="Progress">
            {steps.map((s, i) => (
              <li key={s.step} className={i < currentStep ? 'done' : i === currentStep ? 'now' : undefined}>
                <span className="vm-step-mark" aria-hidden>
                  {i < currentStep ? '✓' : i === currentStep ? '●' : '○'}
                </span>
                {s.label}
              </li>
            ))}
          </ol>
          {vm?.message && !running && <p className="muted">{vm.message}</p>}
          {vm?.warning && <p className="badge warn">{vm.warning}</p>}
          {running && <p className="ok-note">Berth is ready: the engine runs in the VM{vm.engineHost ? ` at ${vm.engineHost}` : ''}.</p>}
          {vm?.state === 'error' && vm.error && <ErrorNote error={{ code: 'engine-unavailable', message: vm.error.message }} />}
          <ErrorNote error={error} />
          <div className="dialog-actions">
            {!running && (
              <button type="button" className="link-button" disabled={busy} onClick={() => void finish({})}>
                Set up later
              </button>
            )}
            {(error || vm?.state === 'error') && probe?.engine && (
              <button type="button" disabled={busy} onClick={() => void chooseExisting()}>
                Use the existing engine instead
              </button>
            )}
            {(error || vm?.state === 'error') && (
              <button type="button" disabled={busy} onClick={() => void create()}>
                Try again
              </button>
            )}
            {running && (
              <button type="button" className="primary" disabled={busy} onClick={() => void finish({})}>
                Open Berth
              </button>
            )}
          </div>
        </div>
      )}
    </dialog>
  );
}
