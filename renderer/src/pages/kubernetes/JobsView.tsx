import { useState } from 'react';
import type { CronJobRow, JobRow } from '../../../../shared/models';
import type { RpcError } from '../../../../shared/result';
import { ErrorNote } from '../../components/ErrorNote';
import { useNow } from '../../lib/use-now';
import { age, byName, ownedBy, shortDuration, statusClass } from './kube-format';
import { kubeHref, kubeNavigate } from './kube-route';
import { DeleteDialog, RowError, useNamespace, WatchStatus, useRowErrors, DetailsTitle } from './common';
import { PodsTable } from './PodsTable';
import { EventsTable } from './EventsTable';
import { useKubeWatch } from './use-kube-watch';

function completions(j: JobRow): string {
  return `${j.succeeded}/${j.completions ?? 1}`;
}

function duration(j: JobRow, now: number): string {
  if (!j.startTime) return '—';
  return shortDuration((j.completionTime ?? now) - j.startTime);
}

function JobsTable({ jobs, namespace, label }: { jobs: JobRow[]; namespace: string | null; label: string }) {
  const showNamespace = !namespace;
  const now = useNow(1_000);
  const pods = useKubeWatch('pods', { namespace, labelSelector: 'batch.kubernetes.io/job-name', enabled: jobs.length > 0 });
  const [deleting, setDeleting] = useState<JobRow | null>(null);
  const { errors, setError, dismiss } = useRowErrors();
  const sorted = [...jobs].sort((a, b) => (b.created ?? 0) - (a.created ?? 0));
  if (!sorted.length) return <div className="empty-state kube-empty">No jobs.</div>;
  return (
    <>
      <table className="table kube-table" aria-label={label}>
        <thead>
          <tr>
            <th>Name</th>
            {showNamespace && <th>Namespace</th>}
            <th>Status</th>
            <th>Completions</th>
            <th>Duration</th>
            <th>Pods run</th>
            <th>Age</th>
            <th className="actions">Actions</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((j) => {
            const ran = pods.rows.filter((p) => ownedBy(p, j.uid)).sort(byName);
            return [
              <tr key={j.uid} data-job-name={j.name} data-job-status={j.status} data-completions={completions(j)}>
                <td>
                  <a className="name link" href={kubeHref('jobs', j.namespace, j.name)}>
                    {j.name}
                  </a>
                </td>
                {showNamespace && <td>{j.namespace}</td>}
                <td>
                  <span className={`kube-status ${statusClass(j.status)}`}>{j.status}</span>
                  {j.failed > 0 && <span className="kube-bad small"> {j.failed} failed</span>}
                </td>
                <td>{completions(j)}</td>
                <td className="nowrap">{duration(j, now)}</td>
                <td className="kube-pod-chips">
                  {ran.length
                    ? ran.map((p) => (
                        <a key={p.uid} className="chip link" href={kubeHref('pods', p.namespace, p.name)} title={p.status}>
                          <span className={statusClass(p.status)}>●</span> {p.name}
                        </a>
                      ))
                    : <span className="muted">—</span>}
                </td>
                <td className="nowrap">{age(j.created, now)}</td>
                <td className="actions">
                  <button type="button" className="danger-quiet" onClick={() => setDeleting(j)} aria-label={`Delete ${j.name}`}>
                    Delete
                  </button>
                </td>
              </tr>,
              <RowError
                key={`${j.uid}-e`}
                error={errors[j.uid]}
                columns={showNamespace ? 8 : 7}
                label={j.name}
                id={j.name}
                onDismiss={() => dismiss(j.uid)}
              />,
            ];
          })}
        </tbody>
      </table>
      {deleting && (
        <DeleteDialog
          kind="jobs"
          label="Job"
          target={deleting}
          extra={<p className="muted">The pods it ran go with it.</p>}
          onCancel={() => setDeleting(null)}
          onDone={(e) => {
            const j = deleting;
            setDeleting(null);
            if (e) setError(j.uid, e);
          }}
        />
      )}
    </>
  );
}

export function JobsView() {
  const namespace = useNamespace();
  const list = useKubeWatch('jobs', { namespace });
  return (
    <div className="kube-list" data-kube-list="jobs" data-phase={list.phase}>
      <div className="toolbar">
        <h2 className="kube-title">Jobs</h2>
        <span className="muted">{list.phase === 'loading' ? 'loading…' : `${list.rows.length}`}</span>
      </div>
      <WatchStatus list={list} what="jobs" />
      {list.phase === 'live' && <JobsTable jobs={list.rows} namespace={namespace} label="Jobs" />}
    </div>
  );
}

export function JobDetails({ namespace, name }: { namespace: string; name: string }) {
  const list = useKubeWatch('jobs', { namespace, fieldSelector: `metadata.name=${name}` });
  const job = list.rows[0];
  const pods = useKubeWatch('pods', { namespace, labelSelector: `batch.kubernetes.io/job-name=${name}` });
  const events = useKubeWatch('events', { namespace, fieldSelector: job ? `involvedObject.uid=${job.uid}` : undefined, enabled: !!job });
  const now = useNow(1_000);
  const [error, setError] = useState<RpcError | null>(null);
  const [deleting, setDeleting] = useState(false);
  const mine = job ? pods.rows.filter((p) => ownedBy(p, job.uid)) : [];
  const owner = job?.owners.find((o) => o.kind === 'CronJob');
  return (
    <div className="kube-details" data-job-details={name} data-job-status={job?.status ?? ''}>
      <div className="toolbar">
        <DetailsTitle back="jobs" backLabel="Jobs" name={name} namespace={namespace} status={job ? { className: statusClass(job.status), text: job.status } : null} />
        <span className="spacer" />
        {job && (
          <button type="button" className="danger-quiet" onClick={() => setDeleting(true)}>
            Delete
          </button>
        )}
      </div>
      <WatchStatus list={list} what="the job" />
      <ErrorNote error={error} onDismiss={() => setError(null)} />
      {job && (
        <div className="kube-overview">
          <dl className="kv card">
            <dt>Completions</dt>
            <dd data-completions={completions(job)}>
              {completions(job)} · {job.active} active · {job.failed} failed{job.parallelism !== null ? ` · parallelism ${job.parallelism}` : ''}
            </dd>
            <dt>Duration</dt>
            <dd>{duration(job, now)}</dd>
            <dt>Started</dt>
            <dd>{job.startTime ? new Date(job.startTime).toLocaleString() : '—'}</dd>
            <dt>Finished</dt>
            <dd>{job.completionTime ? new Date(job.completionTime).toLocaleString() : '—'}</dd>
            <dt>Images</dt>
            <dd className="mono">{job.images.map((i) => i.image).join(', ')}</dd>
            {owner && (
              <>
                <dt>Made by</dt>
                <dd>CronJob {owner.name}</dd>
              </>
            )}
          </dl>
          <h3>Pods run</h3>
          <PodsTable pods={mine} showNamespace={false} label={`Pods of ${name}`} empty="No pods (yet)." />
          <h3>Events</h3>
          <EventsTable events={events.rows} showObject={false} label={`Events of ${name}`} />
        </div>
      )}
      {deleting && job && (
        <DeleteDialog
          kind="jobs"
          label="Job"
          target={job}
          extra={<p className="muted">The pods it ran go with it.</p>}
          onCancel={() => setDeleting(false)}
          onDone={(e) => {
            setDeleting(false);
            if (e) setError(e);
            else kubeNavigate('jobs');
          }}
        />
      )}
    </div>
  );
}

function CronJobRowView({ c, jobs, now }: { c: CronJobRow; jobs: JobRow[]; now: number }) {
  const mine = jobs.filter((j) => ownedBy(j, c.uid));
  const last = mine.sort((a, b) => (b.created ?? 0) - (a.created ?? 0))[0];
  return (
    <tr data-cronjob-name={c.name}>
      <td className="name">{c.name}</td>
      <td>{c.namespace}</td>
      <td className="mono">{c.schedule}</td>
      <td>{c.suspend ? <span className="kube-busy">suspended</span> : 'active'}</td>
      <td className="kube-num">{c.active}</td>
      <td className="nowrap">{c.lastSchedule ? `${age(c.lastSchedule, now)} ago` : '—'}</td>
      <td className="nowrap">{c.lastSuccessful ? `${age(c.lastSuccessful, now)} ago` : '—'}</td>
      <td>
        {last ? (
          <a className="link" href={kubeHref('jobs', last.namespace, last.name)}>
            {last.name} ({last.status}, {completions(last)})
          </a>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="nowrap">{age(c.created, now)}</td>
    </tr>
  );
}

export function CronJobsView() {
  const namespace = useNamespace();
  const list = useKubeWatch('cronjobs', { namespace });
  const jobs = useKubeWatch('jobs', { namespace });
  const now = useNow(5_000);
  const sorted = [...list.rows].sort(byName);
  return (
    <div className="kube-list" data-kube-list="cronjobs" data-phase={list.phase}>
      <div className="toolbar">
        <h2 className="kube-title">CronJobs</h2>
        <span className="muted">{list.phase === 'loading' ? 'loading…' : `${list.rows.length}`}</span>
      </div>
      <WatchStatus list={list} what="CronJobs" />
      {list.phase === 'live' && !sorted.length && <div className="empty-state kube-empty">No CronJobs{namespace ? ` in ${namespace}` : ''}.</div>}
      {sorted.length > 0 && (
        <table className="table kube-table" aria-label="CronJobs">
          <thead>
            <tr>
              <th>Name</th>
              <th>Namespace</th>
              <th>Schedule</th>
              <th>State</th>
              <th className="kube-num">Active</th>
              <th>Last scheduled</th>
              <th>Last success</th>
              <th>Last job</th>
              <th>Age</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((c) => (
              <CronJobRowView key={c.uid} c={c} jobs={jobs.rows} now={now} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
