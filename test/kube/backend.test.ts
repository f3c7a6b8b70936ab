/**
 * The Kubernetes views' backend (handlers/kube-views.ts and kube/views/*) against the real native
 * cluster: every call goes through the router, as a window's would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { CronJobRow, DaemonSetRow, JobRow, KubeWatchEvent, LogEvent, PodRow, ReplicaSetRow, ServiceRow, TerminalEvent } from '../../shared/models';
import { kubeViewsOn, uniqueNamespace, until, watchRows } from './helpers';
import { crasherYaml, invalidDeploymentYaml, jobYaml, otherWorkloadsYaml, tickerYaml, webYaml } from './manifests';

const kubeconfig = inject('kubeconfig');
const context = 'berth';
const ns = uniqueNamespace('kb');
let t: ReturnType<typeof kubeViewsOn>;

const podsIn = (events: KubeWatchEvent[]) => [...watchRows(events).values()] as PodRow[];
const linesOf = (events: LogEvent[]) => events.flatMap((e) => (e.kind === 'lines' ? e.lines : []));

beforeAll(async () => {
  t = kubeViewsOn(kubeconfig);
  await t.call('kube:create-namespace', { context, name: ns });
});

afterAll(async () => {
  await t.invoke('kube:delete', { context, kind: 'namespaces', name: ns });
  t.dispose();
});

describe('Kubernetes views against the native cluster', () => {
  it('lists the kubeconfig’s contexts with their servers', async () => {
    const view = await t.call('kube:contexts', {});
    expect(view.problem).toBeNull();
    expect(view.currentContext).toBe('berth');
    expect(view.contexts.map((c) => c.name).sort()).toEqual(['berth', 'berth-down', 'berth-expired', 'berth-limited']);
    expect(view.contexts.find((c) => c.name === 'berth')?.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('applies a Deployment YAML (dry run first) and the watch shows its pods appear and run', async () => {
    const pods = t.open('kube:watch', { context, kind: 'pods', namespace: ns });
    await until('the first snapshot', () => pods.data.length > 0);
    const yaml = webYaml('web');
    const dry = await t.call('kube:apply', { context, yaml, mode: 'validate', namespace: ns });
    expect(dry.ok).toBe(true);
    expect(dry.documents.map((d) => [d.kind, d.name, d.outcome])).toEqual([
      ['Deployment', 'web', 'created'],
      ['Service', 'web', 'created'],
    ]);
    // A dry run changes nothing.
    expect((await t.invoke('kube:get-yaml', { context, kind: 'deployments', namespace: ns, name: 'web' })).ok).toBe(false);
    const applied = await t.call('kube:apply', { context, yaml, mode: 'apply', namespace: ns });
    expect(applied.ok).toBe(true);
    expect(applied.documents.map((d) => d.outcome)).toEqual(['created', 'created']);
    await until('a Running web pod', () => podsIn(pods.data).some((p) => p.name.startsWith('web-') && p.status === 'Running' && p.ready === 1), 60_000);
    const again = await t.call('kube:apply', { context, yaml, mode: 'apply', namespace: ns });
    expect(again.documents.map((d) => d.outcome)).toEqual(['unchanged', 'unchanged']);
    pods.close();
  });

  it('scales the Deployment to 3 and sees 3 Running', async () => {
    const pods = t.open('kube:watch', { context, kind: 'pods', namespace: ns, labelSelector: 'app=web' });
    await t.call('kube:scale', { context, kind: 'deployments', namespace: ns, name: 'web', replicas: 3 });
    await until('3 Running pods', () => podsIn(pods.data).filter((p) => p.status === 'Running' && p.ready === 1).length === 3, 60_000);
    const deployments = t.open('kube:watch', { context, kind: 'deployments', namespace: ns });
    await until('the deployment says 3 ready', () => {
      const d = [...watchRows(deployments.data).values()][0];
      return d?.kind === 'deployments' && d.desired === 3 && d.ready === 3;
    });
    pods.close();
    deployments.close();
  });

  it('restarts the Deployment (a rollout) and changes its image', async () => {
    await t.call('kube:restart', { context, kind: 'deployments', namespace: ns, name: 'web' });
    const yaml = await t.call('kube:get-yaml', { context, kind: 'deployments', namespace: ns, name: 'web' });
    expect(yaml).toContain('kubectl.kubernetes.io/restartedAt');
    expect(yaml).not.toContain('managedFields');
    const wrong = await t.invoke('kube:set-image', { context, namespace: ns, name: 'web', container: 'nope', image: 'berth/probe:test' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.message).toMatch(/no container "nope" \(it has: web\)/);
    await t.call('kube:set-image', { context, namespace: ns, name: 'web', container: 'web', image: 'docker.io/berth/probe:test' });
    expect(await t.call('kube:get-yaml', { context, kind: 'deployments', namespace: ns, name: 'web' })).toContain('image: docker.io/berth/probe:test');
    await t.call('kube:set-image', { context, namespace: ns, name: 'web', container: 'web', image: 'berth/probe:test' });
  });

  it('port-forwards the Service to host loopback and fetches from it; stopping closes the port', async () => {
    const pods = t.open('kube:watch', { context, kind: 'pods', namespace: ns, labelSelector: 'app=web' });
    await until('a ready pod', () => podsIn(pods.data).some((p) => p.ready === 1 && !p.deleting), 90_000);
    pods.close();
    const forward = await t.call('kube:port-forward', { context, namespace: ns, target: { kind: 'services', name: 'web' }, port: 80 });
    expect(forward.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const body = await until('an answer through the forward', async () => {
      const r = await fetch(forward.url).catch(() => null);
      return r?.ok ? r.text() : null;
    });
    expect(body).toMatch(/^hello from web-/);
    // Many connections at once, each through its own stream.
    const answers = await Promise.all(Array.from({ length: 8 }, () => fetch(forward.url).then((r) => r.text())));
    expect(answers.every((a) => a.startsWith('hello from web-'))).toBe(true);
    expect((await t.call('kube:port-forwards', {})).find((f) => f.id === forward.id)?.total).toBeGreaterThanOrEqual(9);
    await until('a kube:port-forwards event', () => t.events.some((e) => e.channel === 'kube:port-forwards'));
    await t.call('kube:port-forward-stop', { id: forward.id });
    await expect(fetch(forward.url)).rejects.toThrow();
    const missing = await t.invoke('kube:port-forward', { context, namespace: ns, target: { kind: 'services', name: 'web' }, port: 81 });
    expect(!missing.ok && missing.error.message).toMatch(/has no port 81 \(its ports: 80\)/);
  });

  it('follows a pod’s logs as they come', async () => {
    await t.call('kube:apply', { context, yaml: tickerYaml('ticker'), mode: 'apply', namespace: ns });
    const pods = t.open('kube:watch', { context, kind: 'pods', namespace: ns, fieldSelector: 'metadata.name=ticker' });
    await until('the ticker running', () => podsIn(pods.data)[0]?.status === 'Running', 60_000);
    pods.close();
    const log = t.open('kube:pod-logs', { context, namespace: ns, pod: 'ticker', container: 'ticker', follow: true, tail: 2 });
    const first = await until('some ticks', () => linesOf(log.data).length >= 1 && linesOf(log.data));
    const n = Number(/tick (\d+)/.exec(first[0]!)?.[1]);
    await until('later ticks, followed', () => linesOf(log.data).some((l) => Number(/tick (\d+)/.exec(l)?.[1]) >= n + 3), 10_000);
    const ticks = linesOf(log.data).map((l) => Number(/tick (\d+)/.exec(l)?.[1]));
    expect(ticks).toEqual([...ticks].sort((a, b) => a - b)); // in order, no repeats
    expect(new Set(ticks).size).toBe(ticks.length);
    log.close();
    // With timestamps, each line carries its time.
    const stamped = t.open('kube:pod-logs', { context, namespace: ns, pod: 'ticker', container: 'ticker', follow: false, tail: 3, timestamps: true });
    expect(await stamped.ended).toBeUndefined();
    const batch = stamped.data.find((e) => e.kind === 'lines');
    expect(batch?.kind === 'lines' && batch.times?.every((s) => /^\d{4}-\d\d-\d\dT/.test(s))).toBe(true);
  });

  it('execs `echo hi` in a pod, and a shell session can be reattached', async () => {
    const exec = t.open('kube:exec', { context, namespace: ns, pod: 'ticker', container: 'ticker', command: ['echo', 'hi'], cols: 80, rows: 24 });
    await until('the command’s exit', () => exec.data.some((e) => e.kind === 'exit'));
    const events = exec.data as TerminalEvent[];
    expect(events.filter((e) => e.kind === 'output').map((e) => (e.kind === 'output' ? e.data : '')).join('')).toContain('hi');
    expect(events.find((e) => e.kind === 'exit')).toEqual({ kind: 'exit', code: 0 });

    const shell = t.open('kube:exec', { context, namespace: ns, pod: 'ticker', container: 'ticker', cols: 100, rows: 30 });
    const session = await until('the session', () => (shell.data as TerminalEvent[]).find((e) => e.kind === 'session'));
    const id = session.kind === 'session' ? session.session.sessionId : '';
    expect(session.kind === 'session' && session.session.kind).toBe('pod');
    const output = (events: TerminalEvent[]) => events.map((e) => (e.kind === 'output' ? e.data : '')).join('');
    await until('a prompt', () => /[#$] /.test(output(shell.data as TerminalEvent[])));
    shell.write('echo $((40+2))\r');
    await until('the answer', () => output(shell.data as TerminalEvent[]).includes('42'));
    expect(output(shell.data as TerminalEvent[])).not.toContain('berth-pid'); // the PID marker is taken out
    shell.close(); // detach: the shell keeps running
    const again = t.open('kube:exec', { sessionId: id, cols: 100, rows: 30 });
    await until('the replay', () => output(again.data as TerminalEvent[]).includes('42'));
    expect(t.terminals.list().find((s) => s.sessionId === id)?.alive).toBe(true);
    t.terminals.close(id);
    await until('the session’s end', () => (again.data as TerminalEvent[]).some((e) => e.kind === 'exit') || !t.terminals.get(id));
    again.close();
  });

  it('creates a Job and sees it complete, with the pod it ran', async () => {
    const jobs = t.open('kube:watch', { context, kind: 'jobs', namespace: ns });
    await t.call('kube:apply', { context, yaml: jobYaml('once'), mode: 'apply', namespace: ns });
    const job = await until('the job complete', () => {
      const j = [...watchRows(jobs.data).values()].find((r) => r.name === 'once') as JobRow | undefined;
      return j?.status === 'Complete' && j;
    }, 60_000);
    expect(job.succeeded).toBe(1);
    expect(job.completionTime! - job.startTime!).toBeGreaterThanOrEqual(0);
    const pods = t.open('kube:watch', { context, kind: 'pods', namespace: ns, labelSelector: 'batch.kubernetes.io/job-name=once' });
    const pod = await until('its pod', () => podsIn(pods.data).find((p) => p.owners.some((o) => o.uid === job.uid)));
    expect(pod.status).toBe('Completed');
    const log = t.open('kube:pod-logs', { context, namespace: ns, pod: pod.name, container: 'work', follow: true });
    await log.ended; // a finished pod's followed log ends by itself
    expect(linesOf(log.data)).toEqual(['job done']);
    expect(log.data.some((e) => e.kind === 'note' && /finished/.test(e.text))).toBe(true);
    jobs.close();
    pods.close();
  });

  it('reads the previous run of a container that restarted', async () => {
    await t.call('kube:apply', { context, yaml: crasherYaml('crasher'), mode: 'apply', namespace: ns });
    const pods = t.open('kube:watch', { context, kind: 'pods', namespace: ns, fieldSelector: 'metadata.name=crasher' });
    await until('a restart', () => (podsIn(pods.data)[0]?.restarts ?? 0) >= 1, 60_000);
    pods.close();
    const log = t.open('kube:pod-logs', { context, namespace: ns, pod: 'crasher', container: 'crash', previous: true, follow: false });
    expect(await log.ended).toBeUndefined();
    expect(linesOf(log.data)).toEqual([expect.stringMatching(/^started at \d+$/), 'bye']);
    const none = t.open('kube:pod-logs', { context, namespace: ns, pod: 'ticker', container: 'ticker', previous: true, follow: false });
    const err = await none.ended;
    expect(err?.message).toMatch(/previous terminated container "ticker" in pod "ticker" not found/i);
  });

  it('shows the apiserver’s message for a bad YAML, per document, and applies nothing', async () => {
    const typo = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typo}\ndatta: {a: b}\n';
    const yaml = `${webYaml('ok-one')}---\n${invalidDeploymentYaml('bad-one')}---\napiVersion: v1\nkind: Pood\nmetadata: {name: x}\n---\nkind: [unclosed\n---\n${typo}`;
    const r = await t.call('kube:apply', { context, yaml, mode: 'apply', namespace: ns });
    expect(r.ok).toBe(false);
    const [deployment, service, bad, unknown, broken, misspelt] = r.documents;
    expect(deployment?.outcome).toBe('skipped');
    expect(deployment?.message).toMatch(/would be created.*nothing was applied: documents 3, 4, 5, 6 failed/);
    // Strict field validation: a misspelt field is an error, not silently dropped.
    expect(misspelt).toMatchObject({ kind: 'ConfigMap', outcome: 'error' });
    expect(misspelt?.message).toMatch(/\.datta: field not declared in schema/);
    expect(service?.outcome).toBe('skipped');
    const separators = yaml.split('\n').flatMap((l, i) => (l === '---' ? [i + 1] : []));
    expect(bad).toMatchObject({ outcome: 'error', name: 'bad-one', line: separators[1] });
    expect(bad?.message).toMatch(/Deployment\.apps "bad-one" is invalid: spec\.replicas: Invalid value: -1: must be greater than or equal to 0/);
    expect(unknown?.message).toMatch(/Unknown kind "Pood" in v1: did you mean "Pod"\?/);
    expect(broken).toMatchObject({ outcome: 'error', line: separators[3] });
    expect(broken!.errorLine).toBeGreaterThan(separators[3]!);
    expect(broken?.message).toMatch(new RegExp(`^YAML error at line ${broken!.errorLine}`));
    expect((await t.invoke('kube:get-yaml', { context, kind: 'deployments', namespace: ns, name: 'ok-one' })).ok).toBe(false);
    const empty = await t.invoke('kube:apply', { context, yaml: '# nothing\n', mode: 'validate' });
    expect(!empty.ok && empty.error.message).toMatch(/nothing to apply/);
  });

  it('deletes what a YAML describes', async () => {
    const yaml = jobYaml('once');
    const r = await t.call('kube:apply', { context, yaml, mode: 'delete', namespace: ns });
    expect(r.documents.map((d) => d.outcome)).toEqual(['deleted']);
    const again = await t.call('kube:apply', { context, yaml, mode: 'delete', namespace: ns });
    expect(again.documents.map((d) => d.outcome)).toEqual(['absent']);
  });

  it('DaemonSets (per node), ReplicationControllers (scaled, with their pods) and CronJobs', async () => {
    await t.call('kube:apply', { context, yaml: otherWorkloadsYaml(), mode: 'apply', namespace: ns });
    const daemonsets = t.open('kube:watch', { context, kind: 'daemonsets', namespace: ns });
    const ds = await until('the DaemonSet ready on the node', () => {
      const row = [...watchRows(daemonsets.data).values()][0] as DaemonSetRow | undefined;
      return row && row.desired === 1 && row.ready === 1 && row;
    }, 60_000);
    expect(ds.name).toBe('everywhere');
    const rcs = t.open('kube:watch', { context, kind: 'replicationcontrollers', namespace: ns });
    await t.call('kube:scale', { context, kind: 'replicationcontrollers', namespace: ns, name: 'classic', replicas: 2 });
    const rc = await until('2 ready', () => {
      const row = [...watchRows(rcs.data).values()][0] as ReplicaSetRow | undefined;
      return row && row.desired === 2 && row.ready === 2 && row;
    }, 60_000);
    const pods = t.open('kube:watch', { context, kind: 'pods', namespace: ns, labelSelector: 'app=classic' });
    await until('its 2 pods, owned by it', () => podsIn(pods.data).filter((p) => p.owners.some((o) => o.uid === rc.uid)).length === 2);
    const cronjobs = t.open('kube:watch', { context, kind: 'cronjobs', namespace: ns });
    const cron = await until('the CronJob', () => [...watchRows(cronjobs.data).values()][0] as CronJobRow | undefined);
    expect(cron).toMatchObject({ name: 'nightly', schedule: '0 3 * * *', suspend: true, active: 0 });
    for (const w of [daemonsets, rcs, pods, cronjobs]) w.close();
    await t.call('kube:apply', { context, yaml: otherWorkloadsYaml(), mode: 'delete', namespace: ns });
  });

  it('quick-deploys a local image with a Service', async () => {
    const r = await t.call('kube:quick-deploy', { context, namespace: ns, name: 'quick', image: 'berth/probe:test', replicas: 1, containerPort: 8080, service: 'ClusterIP' });
    expect(r).toEqual({ namespace: ns, deployment: 'quick', service: 'quick' });
    const pods = t.open('kube:watch', { context, kind: 'pods', namespace: ns, labelSelector: 'app.kubernetes.io/name=quick' });
    await until('its pod running', () => podsIn(pods.data).some((p) => p.status === 'Running'), 60_000);
    pods.close();
    const services = t.open('kube:watch', { context, kind: 'services', namespace: ns, fieldSelector: 'metadata.name=quick' });
    const svc = await until('its service', () => [...watchRows(services.data).values()][0] as ServiceRow | undefined);
    expect(svc.ports).toEqual([{ name: null, port: 8080, targetPort: 8080, protocol: 'TCP', nodePort: null }]);
    services.close();
    const noPort = await t.invoke('kube:quick-deploy', { context, namespace: ns, name: 'quick2', image: 'berth/probe:test', replicas: 1, service: 'ClusterIP' });
    expect(!noPort.ok && noPort.error.message).toMatch(/A Service needs the container’s port/);
    await t.call('kube:delete', { context, kind: 'deployments', namespace: ns, name: 'quick' });
    await t.call('kube:delete', { context, kind: 'services', namespace: ns, name: 'quick' });
  });

  it('says what a namespace holds, then deletes it and the watch sees everything go', async () => {
    const contents = await t.call('kube:namespace-contents', { context, name: ns });
    const count = (kind: string) => contents.kinds.find((k) => k.kind === kind)?.count ?? 0;
    expect(count('Deployments')).toBe(1);
    expect(count('Services')).toBe(1);
    expect(count('Pods')).toBeGreaterThanOrEqual(5); // 3 web, ticker, crasher
    const pods = t.open('kube:watch', { context, kind: 'pods', namespace: ns });
    const namespaces = t.open('kube:watch', { context, kind: 'namespaces' });
    await until('both snapshots', () => pods.data.length > 0 && namespaces.data.length > 0);
    expect(podsIn(pods.data).length).toBeGreaterThanOrEqual(5);
    await t.call('kube:delete', { context, kind: 'namespaces', name: ns });
    await until('every pod gone', () => podsIn(pods.data).length === 0, 120_000);
    await until('the namespace gone', () => ![...watchRows(namespaces.data).values()].some((n) => n.name === ns), 120_000);
    pods.close();
    namespaces.close();
  });
});
