import { useState } from 'react';
import { useTasks } from '../stores/context';
import type { Task } from '../stores/tasks-store';
import { ProgressBar } from './TransferView';

const verbs: Record<Task['kind'], string> = { pull: 'Pull', push: 'Push', build: 'Build', run: 'Run' };

function summary(t: Task): string {
  if (t.status === 'failed') return t.error?.message ?? 'failed';
  if (t.status === 'cancelled') return 'cancelled';
  if (t.status === 'done') return t.kind === 'run' ? `started ${t.result?.name ?? ''}` : 'done';
  if (t.kind === 'build' && t.step) return `step ${t.step.index}/${t.step.total}: ${t.step.instruction}`;
  if (t.progress?.total) return `${Math.round((t.progress.current / t.progress.total) * 100)}%`;
  return 'working…';
}

/**
 * Pulls, pushes, builds and runs in progress or just finished, wherever the user is: long work is
 * never tied to the dialog that started it.
 */
export function TasksPanel() {
  const tasks = useTasks((s) => s.tasks);
  const cancel = useTasks((s) => s.cancel);
  const dismiss = useTasks((s) => s.dismiss);
  const [open, setOpen] = useState(true);
  if (tasks.length === 0) return null;
  const running = tasks.filter((t) => t.status === 'running').length;
  return (
    <aside className="tasks" aria-label="Tasks">
      <button type="button" className="tasks-toggle" onClick={() => setOpen(!open)} aria-expanded={open}>
        {running ? `${running} task${running === 1 ? '' : 's'} running` : 'Tasks'} {open ? '▾' : '▸'}
      </button>
      {open && (
        <ul>
          {tasks.map((t) => (
            <li key={t.id} className={`task task-${t.status}`} data-task-kind={t.kind} data-task-status={t.status}>
              <div className="task-title">
                <strong>{verbs[t.kind]}</strong> <span className="mono">{t.title}</span>
              </div>
              {t.status === 'running' && t.progress && <ProgressBar value={t.progress.current} max={t.progress.total} label={`${verbs[t.kind]} ${t.title}`} />}
              <div className="task-summary small">{summary(t)}</div>
              {t.status === 'running' ? (
                <button type="button" className="link-button" onClick={() => cancel(t.id)}>
                  Cancel
                </button>
              ) : (
                <button type="button" className="link-button" onClick={() => dismiss(t.id)} aria-label={`Dismiss ${verbs[t.kind]} ${t.title}`}>
                  Dismiss
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
