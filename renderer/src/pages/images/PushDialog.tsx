import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { TransferView } from '../../components/TransferView';
import { useTasks } from '../../stores/context';

/** Push one of an image's tags to its registry, with per-layer progress. */
export function PushDialog({ tags, onClose }: { tags: string[]; onClose(): void }) {
  const [reference, setReference] = useState(tags[0] ?? '');
  const [taskId, setTaskId] = useState<string | null>(null);
  const task = useTasks((s) => s.tasks.find((t) => t.id === taskId) ?? null);
  const start = useTasks((s) => s.start);
  const running = task?.status === 'running';
  return (
    <Dialog
      title="Push to a registry"
      wide
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            {running ? 'Close (keeps pushing)' : 'Close'}
          </button>
          <button type="button" className="primary" disabled={!reference || running} onClick={() => setTaskId(start('images:push', { reference }, reference))}>
            Push
          </button>
        </>
      }
    >
      {tags.length === 0 ? (
        <p>This image has no tag. Tag it with a registry name first (for example registry.example.com:5000/team/app:1.0).</p>
      ) : (
        <label className="field">
          <span>Tag to push (its registry part says where)</span>
          <select value={reference} onChange={(e) => setReference(e.target.value)}>
            {tags.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
      )}
      <p className="muted small">Sign in to the registry first (Registries tab) if it needs credentials.</p>
      {task && (
        <div data-push-status={task.status}>
          <TransferView progress={task.progress} verb="Pushed" />
          {task.status === 'done' && <p className="ok-note">Pushed {task.title}.</p>}
          <ErrorNote error={task.error} />
        </div>
      )}
    </Dialog>
  );
}
