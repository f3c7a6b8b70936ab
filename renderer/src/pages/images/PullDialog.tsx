import { useState } from 'react';
import { parseImageReference, withDefaultTag } from '../../../../shared/references';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { TransferView } from '../../components/TransferView';
import { useTasks } from '../../stores/context';

/** Pull by reference; the pull runs as a task, so closing the dialog does not stop it. */
export function PullDialog({ initial, onClose }: { initial?: string; onClose(): void }) {
  const [reference, setReference] = useState(initial ?? '');
  const [taskId, setTaskId] = useState<string | null>(null);
  const task = useTasks((s) => s.tasks.find((t) => t.id === taskId) ?? null);
  const start = useTasks((s) => s.start);
  const cancel = useTasks((s) => s.cancel);
  const parsed = parseImageReference(reference);
  const running = task?.status === 'running';
  const pull = (): void => {
    if (!parsed.ok) return;
    setTaskId(start('images:pull', { reference: reference.trim() }, withDefaultTag(reference)));
  };
  return (
    <Dialog
      title="Pull an image"
      wide
      onClose={onClose}
      actions={
        <>
          {running && (
            <button type="button" onClick={() => cancel(task.id)}>
              Cancel pull
            </button>
          )}
          <button type="button" onClick={onClose}>
            {running ? 'Close (keeps pulling)' : 'Close'}
          </button>
          <button type="button" className="primary" disabled={!parsed.ok || running} onClick={pull}>
            Pull
          </button>
        </>
      }
    >
      <label className="field">
        <span>Image reference</span>
        <input
          type="text"
          value={reference}
          autoFocus
          placeholder="registry.example.com:5000/team/app:1.2"
          aria-invalid={!!reference && !parsed.ok}
          onChange={(e) => setReference(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && pull()}
        />
        {reference && !parsed.ok && <span className="field-error">{parsed.reason}</span>}
        {parsed.ok && !parsed.value.tag && !parsed.value.digest && <span className="muted small">No tag given: pulls :latest.</span>}
      </label>
      {task && (
        <div data-pull-status={task.status}>
          <TransferView progress={task.progress} verb="Downloaded" />
          {task.status === 'done' && <p className="ok-note">Pulled {task.title}.</p>}
          {task.status === 'cancelled' && <p className="muted">Cancelled.</p>}
          <ErrorNote error={task.error} />
        </div>
      )}
    </Dialog>
  );
}
