import { useEffect, useRef, useState } from 'react';
import { parseImageReference } from '../../../../shared/references';
import type { RpcError } from '../../../../shared/result';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { useApi, useTasks } from '../../stores/context';

/** Build from a folder with a Dockerfile: build args, target, tags; output streamed as it comes. */
export function BuildDialog({ onClose }: { onClose(): void }) {
  const api = useApi();
  const [context, setContext] = useState('');
  const [dockerfile, setDockerfile] = useState('Dockerfile');
  const [tag, setTag] = useState('');
  const [target, setTarget] = useState('');
  const [args, setArgs] = useState<{ name: string; value: string }[]>([]);
  const [noCache, setNoCache] = useState(false);
  const [pickError, setPickError] = useState<RpcError | null>(null);
  const [taskId, setTaskId] = useState<string | null>(null);
  const task = useTasks((s) => s.tasks.find((t) => t.id === taskId) ?? null);
  const start = useTasks((s) => s.start);
  const cancel = useTasks((s) => s.cancel);
  const output = useRef<HTMLPreElement>(null);
  const tags = tag.split(/[\s,]+/).filter(Boolean);
  const badTag = tags.map((t) => parseImageReference(t)).find((p) => !p.ok);
  const absolute = context.startsWith('/') || /^[A-Za-z]:[\\/]/.test(context);
  const running = task?.status === 'running';

  useEffect(() => {
    if (output.current) output.current.scrollTop = output.current.scrollHeight;
  }, [task?.log.length]);

  const pick = async (): Promise<void> => {
    const r = await api.invoke('host:pick-folder', {});
    if (r.ok && r.value) setContext(r.value);
    else if (!r.ok) setPickError(r.error);
  };
  const build = (): void => {
    const request = {
      context,
      ...(dockerfile && dockerfile !== 'Dockerfile' ? { dockerfile } : {}),
      ...(tags.length ? { tags } : {}),
      ...(target ? { target } : {}),
      ...(args.length ? { buildArgs: Object.fromEntries(args.filter((a) => a.name).map((a) => [a.name, a.value])) } : {}),
      ...(noCache ? { noCache } : {}),
    };
    setTaskId(start('images:build', request, tags[0] ?? context));
  };
  const failed = task?.failedStep;
  return (
    <Dialog
      title="Build an image"
      wide
      onClose={onClose}
      actions={
        <>
          {running && (
            <button type="button" onClick={() => cancel(task.id)}>
              Cancel build
            </button>
          )}
          <button type="button" onClick={onClose}>
            {running ? 'Close (keeps building)' : 'Close'}
          </button>
          <button type="button" className="primary" disabled={!absolute || !!badTag || running} onClick={build}>
            Build
          </button>
        </>
      }
    >
      <label className="field">
        <span>Folder with the Dockerfile (the build context)</span>
        <div className="row-fields">
          <input type="text" aria-label="Build context folder" value={context} placeholder="/home/me/project" onChange={(e) => setContext(e.target.value)} aria-invalid={!!context && !absolute} />
          <button type="button" onClick={() => void pick()}>
            Browse…
          </button>
        </div>
        {context && !absolute && <span className="field-error">an absolute path to a folder on this machine</span>}
        <ErrorNote error={pickError} onDismiss={() => setPickError(null)} />
      </label>
      <div className="form-grid">
        <label className="field">
          <span>Dockerfile (inside the folder)</span>
          <input type="text" value={dockerfile} onChange={(e) => setDockerfile(e.target.value)} />
        </label>
        <label className="field">
          <span>Tags (space or comma separated)</span>
          <input type="text" aria-label="Tags" value={tag} placeholder="app:dev" onChange={(e) => setTag(e.target.value)} aria-invalid={!!badTag} />
          {badTag && !badTag.ok && <span className="field-error">{badTag.reason}</span>}
        </label>
        <label className="field">
          <span>Target stage (optional)</span>
          <input type="text" value={target} onChange={(e) => setTarget(e.target.value)} />
        </label>
      </div>
      <fieldset className="group">
        <legend>Build arguments</legend>
        {args.map((a, i) => (
          <div className="row-fields" key={i}>
            <input type="text" aria-label={`Build argument ${i + 1}`} placeholder="NAME" value={a.name} onChange={(e) => setArgs(args.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
            <span className="muted">=</span>
            <input type="text" aria-label={`Build argument value ${i + 1}`} value={a.value} onChange={(e) => setArgs(args.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} />
            <button type="button" aria-label={`Remove argument ${i + 1}`} onClick={() => setArgs(args.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        <button type="button" className="link-button" onClick={() => setArgs([...args, { name: '', value: '' }])}>
          + Add argument
        </button>
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={noCache} onChange={(e) => setNoCache(e.target.checked)} />
        Do not use the build cache
      </label>
      {task && (
        <div data-build-status={task.status}>
          {task.step && (
            <p className="small">
              Step {task.step.index}/{task.step.total}: <code>{task.step.instruction}</code>
            </p>
          )}
          <pre ref={output} className="output" aria-label="Build output">
            {task.log.join('\n')}
          </pre>
          {failed && (
            <p className="field-error" role="alert">
              Failed at step {failed.index ?? '?'}: <code>{failed.instruction ?? 'unknown'}</code>
            </p>
          )}
          {task.status === 'done' && <p className="ok-note">Built {task.result?.tags?.join(', ') || task.result?.id}.</p>}
          <ErrorNote error={task.error} />
        </div>
      )}
    </Dialog>
  );
}
