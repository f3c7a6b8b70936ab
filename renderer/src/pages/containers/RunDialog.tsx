import { useEffect, useMemo, useState } from 'react';
import type { PortCheck, RestartPolicyName, RunSpec } from '../../../../shared/models';
import { parseImageReference } from '../../../../shared/references';
import type { RpcError } from '../../../../shared/result';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { TransferView } from '../../components/TransferView';
import { useApi, useImages, useNetworks, useStores, useTasks } from '../../stores/context';
import { splitCommand } from '../../lib/format';
import { navigate } from '../../lib/use-route';

interface PortRow {
  hostPort: string;
  containerPort: string;
  protocol: 'tcp' | 'udp';
}
interface EnvRow {
  name: string;
  value: string;
}
interface MountRow {
  type: 'volume' | 'bind';
  source: string;
  target: string;
  readOnly: boolean;
}

const namePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

function portNumber(text: string): number | null {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : null;
}

/** What is wrong with the form, field by field; empty when it can be submitted. */
function validate(image: string, name: string, command: string, ports: PortRow[], env: EnvRow[], mounts: MountRow[]): Record<string, string> {
  const problems: Record<string, string> = {};
  const ref = parseImageReference(image);
  if (!ref.ok) problems.image = ref.reason;
  if (name && !namePattern.test(name)) problems.name = 'letters, digits and _ . - only, at least 2 characters, starting with a letter or digit';
  if (command.trim() && splitCommand(command) === null) problems.command = 'a quote is not closed';
  ports.forEach((p, i) => {
    if (!portNumber(p.hostPort) || !portNumber(p.containerPort)) problems[`port${i}`] = 'ports run from 1 to 65535';
  });
  const hostPorts = ports.map((p) => `${p.hostPort}/${p.protocol}`);
  hostPorts.forEach((p, i) => {
    if (hostPorts.indexOf(p) !== i) problems[`port${i}`] = 'this host port is used twice';
  });
  env.forEach((e, i) => {
    if (!e.name || e.name.includes('=')) problems[`env${i}`] = 'a name without "="';
  });
  mounts.forEach((m, i) => {
    if (!m.source) problems[`mount${i}`] = m.type === 'bind' ? 'a folder on this machine' : 'a volume name';
    else if (m.type === 'bind' && !(m.source.startsWith('/') || /^[A-Za-z]:[\\/]/.test(m.source))) problems[`mount${i}`] = 'a bind mount needs an absolute path';
    else if (!m.target.startsWith('/')) problems[`mount${i}`] = 'the path inside the container starts with /';
  });
  return problems;
}

/**
 * The run dialog: everything `docker run` is mostly used for, checked before it is sent (host
 * ports included), then created and started by a task that pulls first when the image is missing.
 */
export function RunDialog({ initialImage, onClose }: { initialImage?: string; onClose(): void }) {
  const api = useApi();
  const { images: imagesStore, networks: networksStore } = useStores();
  const images = useImages((s) => s.items);
  const networks = useNetworks((s) => s.items);
  const startTask = useTasks((s) => s.start);
  const settled = useTasks((s) => s.settled);
  const [image, setImage] = useState(initialImage ?? '');
  const [name, setName] = useState('');
  const [command, setCommand] = useState('');
  const [ports, setPorts] = useState<PortRow[]>([]);
  const [env, setEnv] = useState<EnvRow[]>([]);
  const [mounts, setMounts] = useState<MountRow[]>([]);
  const [restart, setRestart] = useState<RestartPolicyName>('no');
  const [network, setNetwork] = useState('');
  const [autoRemove, setAutoRemove] = useState(false);
  const [portChecks, setPortChecks] = useState<Record<string, PortCheck>>({});
  const [error, setError] = useState<RpcError | null>(null);
  const [taskId, setTaskId] = useState<string | null>(null);
  const task = useTasks((s) => s.tasks.find((t) => t.id === taskId) ?? null);
  const [touched, setTouched] = useState(false);

  useEffect(() => {
    if (imagesStore.getState().phase === 'idle') void imagesStore.getState().load();
    if (networksStore.getState().phase === 'idle') void networksStore.getState().load();
  }, [imagesStore, networksStore]);

  const problems = useMemo(() => validate(image, name, command, ports, env, mounts), [image, name, command, ports, env, mounts]);
  const tags = useMemo(() => images.flatMap((i) => i.repoTags).sort(), [images]);

  // Host ports are checked as they are typed: another container or program may hold them.
  const portKey = ports.map((p) => `${p.hostPort}/${p.protocol}`).join(',');
  useEffect(() => {
    const queries = ports.flatMap((p) => {
      const port = portNumber(p.hostPort);
      return port ? [{ port, protocol: p.protocol }] : [];
    });
    if (!queries.length) return;
    const timer = setTimeout(async () => {
      const r = await api.invoke('containers:check-ports', { ports: queries });
      if (r.ok) setPortChecks(Object.fromEntries(r.value.map((c, i) => [`${c.port}/${queries[i]!.protocol}`, c])));
    }, 250);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- portKey captures the ports that matter
  }, [portKey, api]);

  const taken = ports.filter((p) => portChecks[`${p.hostPort}/${p.protocol}`]?.free === false);
  const running = task?.status === 'running';

  const submit = async (): Promise<void> => {
    setTouched(true);
    if (Object.keys(problems).length || taken.length) return;
    setError(null);
    const spec: RunSpec = { image: image.trim() };
    if (name) spec.name = name;
    const argv = command.trim() ? splitCommand(command) : null;
    if (argv?.length) spec.command = argv;
    if (ports.length) spec.ports = ports.map((p) => ({ hostPort: Number(p.hostPort), containerPort: Number(p.containerPort), protocol: p.protocol }));
    if (env.length) spec.env = env;
    if (mounts.length) spec.mounts = mounts.map((m) => ({ type: m.type, source: m.source, target: m.target, readOnly: m.readOnly }));
    if (restart !== 'no') spec.restartPolicy = restart;
    if (network) spec.network = network;
    if (autoRemove) spec.autoRemove = true;
    const id = startTask('containers:run', spec, name || spec.image);
    setTaskId(id);
    const done = await settled(id);
    if (done.status === 'done' && done.result) {
      onClose();
      navigate('containers', done.result.id);
    } else if (done.error) {
      setError(done.error);
    }
  };

  const show = (key: string): string | undefined => (touched || key === 'image' ? problems[key] : undefined);
  return (
    <Dialog
      title="Run a container"
      wide
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            {running ? 'Close (keeps running in Tasks)' : 'Cancel'}
          </button>
          <button type="button" className="primary" disabled={running} onClick={() => void submit()}>
            {running ? 'Starting…' : 'Run'}
          </button>
        </>
      }
    >
      <div className="form-grid">
        <label className="field">
          <span>Image</span>
          <input type="text" list="run-images" value={image} onChange={(e) => setImage(e.target.value)} placeholder="nginx:latest" aria-invalid={!!(image && problems.image)} autoFocus />
          <datalist id="run-images">
            {tags.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          {image && problems.image && <span className="field-error">{problems.image}</span>}
          {image && !problems.image && !tags.includes(image.includes(':') || image.includes('@') ? image : `${image}:latest`) && <span className="muted small">Not on this engine yet: it is pulled first.</span>}
        </label>
        <label className="field">
          <span>Name (optional)</span>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="a name is generated when empty" aria-invalid={!!show('name')} />
          {show('name') && <span className="field-error">{show('name')}</span>}
        </label>
      </div>
      <label className="field">
        <span>Command (optional; the image’s default when empty)</span>
        <input type="text" value={command} onChange={(e) => setCommand(e.target.value)} placeholder={'sh -c "echo hello"'} aria-invalid={!!show('command')} />
        {show('command') && <span className="field-error">{show('command')}</span>}
      </label>

      <fieldset className="group">
        <legend>Ports</legend>
        {ports.map((p, i) => {
          const check = portChecks[`${p.hostPort}/${p.protocol}`];
          return (
            <div key={i}>
              <div className="row-fields">
                <input type="text" inputMode="numeric" aria-label={`Host port ${i + 1}`} placeholder="host port" value={p.hostPort} onChange={(e) => setPorts(ports.map((x, j) => (j === i ? { ...x, hostPort: e.target.value } : x)))} />
                <span className="muted">→</span>
                <input type="text" inputMode="numeric" aria-label={`Container port ${i + 1}`} placeholder="container port" value={p.containerPort} onChange={(e) => setPorts(ports.map((x, j) => (j === i ? { ...x, containerPort: e.target.value } : x)))} />
                <select aria-label={`Protocol ${i + 1}`} value={p.protocol} onChange={(e) => setPorts(ports.map((x, j) => (j === i ? { ...x, protocol: e.target.value as 'tcp' | 'udp' } : x)))}>
                  <option value="tcp">tcp</option>
                  <option value="udp">udp</option>
                </select>
                <button type="button" aria-label={`Remove port ${i + 1}`} onClick={() => setPorts(ports.filter((_, j) => j !== i))}>
                  ×
                </button>
              </div>
              {show(`port${i}`) && <div className="field-error">{show(`port${i}`)}</div>}
              {check && !check.free && (
                <div className="field-error" role="alert">
                  Host port {check.port} is taken by {check.heldBy}.
                </div>
              )}
            </div>
          );
        })}
        <button type="button" className="link-button" onClick={() => setPorts([...ports, { hostPort: '', containerPort: '', protocol: 'tcp' }])}>
          + Add port
        </button>
      </fieldset>

      <fieldset className="group">
        <legend>Environment variables</legend>
        {env.map((e, i) => (
          <div key={i}>
            <div className="row-fields">
              <input type="text" aria-label={`Variable name ${i + 1}`} placeholder="NAME" value={e.name} onChange={(ev) => setEnv(env.map((x, j) => (j === i ? { ...x, name: ev.target.value } : x)))} />
              <span className="muted">=</span>
              <input type="text" aria-label={`Variable value ${i + 1}`} placeholder="value" value={e.value} onChange={(ev) => setEnv(env.map((x, j) => (j === i ? { ...x, value: ev.target.value } : x)))} />
              <button type="button" aria-label={`Remove variable ${i + 1}`} onClick={() => setEnv(env.filter((_, j) => j !== i))}>
                ×
              </button>
            </div>
            {show(`env${i}`) && <div className="field-error">{show(`env${i}`)}</div>}
          </div>
        ))}
        <button type="button" className="link-button" onClick={() => setEnv([...env, { name: '', value: '' }])}>
          + Add variable
        </button>
      </fieldset>

      <fieldset className="group">
        <legend>Volumes and bind mounts</legend>
        {mounts.map((m, i) => (
          <div key={i}>
            <div className="row-fields">
              <select aria-label={`Mount type ${i + 1}`} value={m.type} onChange={(e) => setMounts(mounts.map((x, j) => (j === i ? { ...x, type: e.target.value as 'volume' | 'bind' } : x)))}>
                <option value="volume">volume</option>
                <option value="bind">folder</option>
              </select>
              <input type="text" aria-label={`Mount source ${i + 1}`} placeholder={m.type === 'volume' ? 'volume name (created if new)' : '/path/on/this/machine'} value={m.source} onChange={(e) => setMounts(mounts.map((x, j) => (j === i ? { ...x, source: e.target.value } : x)))} />
              <span className="muted">→</span>
              <input type="text" aria-label={`Mount target ${i + 1}`} placeholder="/path/in/container" value={m.target} onChange={(e) => setMounts(mounts.map((x, j) => (j === i ? { ...x, target: e.target.value } : x)))} />
              <label className="check small">
                <input type="checkbox" checked={m.readOnly} onChange={(e) => setMounts(mounts.map((x, j) => (j === i ? { ...x, readOnly: e.target.checked } : x)))} />
                read-only
              </label>
              <button type="button" aria-label={`Remove mount ${i + 1}`} onClick={() => setMounts(mounts.filter((_, j) => j !== i))}>
                ×
              </button>
            </div>
            {show(`mount${i}`) && <div className="field-error">{show(`mount${i}`)}</div>}
          </div>
        ))}
        <button type="button" className="link-button" onClick={() => setMounts([...mounts, { type: 'volume', source: '', target: '', readOnly: false }])}>
          + Add mount
        </button>
      </fieldset>

      <div className="form-grid">
        <label className="field">
          <span>Restart policy</span>
          <select value={restart} onChange={(e) => setRestart(e.target.value as RestartPolicyName)} disabled={autoRemove}>
            <option value="no">no</option>
            <option value="on-failure">on-failure</option>
            <option value="unless-stopped">unless-stopped</option>
            <option value="always">always</option>
          </select>
        </label>
        <label className="field">
          <span>Network</span>
          <select value={network} onChange={(e) => setNetwork(e.target.value)}>
            <option value="">default (bridge)</option>
            {networks
              .filter((n) => n.name !== 'bridge')
              .map((n) => (
                <option key={n.id} value={n.name}>
                  {n.name}
                </option>
              ))}
          </select>
        </label>
      </div>
      <label className="check">
        <input type="checkbox" checked={autoRemove} onChange={(e) => setAutoRemove(e.target.checked)} disabled={restart !== 'no'} />
        Remove the container when it exits
      </label>

      {task?.progress && running && <TransferView progress={task.progress} verb="Pulling" />}
      <ErrorNote error={error} />
    </Dialog>
  );
}
