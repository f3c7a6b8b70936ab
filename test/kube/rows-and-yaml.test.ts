/** Pure pieces of the Kubernetes views: kubectl's pod STATUS, YAML document splitting, row shapes. */
import { describe, expect, it } from 'vitest';
import { podStatus, toRow, type RawObject } from '../../electron/backend/kube/views/rows';
import { splitDocuments } from '../../electron/backend/kube/views/apply';
import { kubeError, KubeApiError } from '../../electron/backend/kube/views/errors';

const pod = (status: Record<string, unknown>, extra: Partial<RawObject> = {}): RawObject => ({
  metadata: { name: 'p', namespace: 'n', uid: 'u', resourceVersion: '1', ...(extra.metadata ?? {}) },
  spec: { containers: [{ name: 'c', image: 'i' }], ...(extra.spec ?? {}) },
  status,
});

describe('pod status as kubectl prints it', () => {
  it('Running, Pending, waiting reasons, completion, termination', () => {
    expect(podStatus(pod({ phase: 'Running', containerStatuses: [{ name: 'c', ready: true, state: { running: {} } }] }))).toBe('Running');
    expect(podStatus(pod({ phase: 'Pending' }))).toBe('Pending');
    expect(podStatus(pod({ phase: 'Pending', containerStatuses: [{ name: 'c', state: { waiting: { reason: 'ContainerCreating' } } }] }))).toBe('ContainerCreating');
    expect(podStatus(pod({ phase: 'Running', containerStatuses: [{ name: 'c', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }))).toBe('CrashLoopBackOff');
    expect(podStatus(pod({ phase: 'Succeeded', containerStatuses: [{ name: 'c', state: { terminated: { reason: 'Completed', exitCode: 0 } } }] }))).toBe('Completed');
    expect(podStatus(pod({ phase: 'Failed', containerStatuses: [{ name: 'c', state: { terminated: { exitCode: 2 } } }] }))).toBe('ExitCode:2');
    expect(podStatus(pod({ phase: 'Running', containerStatuses: [{ name: 'c', ready: true, state: { running: {} } }] }, { metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' } }))).toBe('Terminating');
  });

  it('init containers: Init:N/M, and their failures', () => {
    const spec = { initContainers: [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'c' }] };
    expect(podStatus(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'a', state: { terminated: { exitCode: 0 } } }, { name: 'b', state: { running: {} } }] }, { spec }))).toBe('Init:1/2');
    expect(podStatus(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'a', state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, { spec }))).toBe('Init:CrashLoopBackOff');
  });

  it('a pod row carries containers, readiness, restarts and its owner', () => {
    const row = toRow(
      'pods',
      pod(
        { phase: 'Running', podIP: '10.0.0.5', containerStatuses: [{ name: 'c', ready: true, restartCount: 2, state: { running: { startedAt: '2026-01-01T00:00:00Z' } }, lastState: { terminated: { exitCode: 1, reason: 'Error' } } }] },
        { metadata: { ownerReferences: [{ kind: 'ReplicaSet', name: 'rs', uid: 'rs-uid', controller: true }] } },
      ),
    );
    expect(row).toMatchObject({ kind: 'pods', status: 'Running', ready: 1, total: 1, restarts: 2, ip: '10.0.0.5', owners: [{ kind: 'ReplicaSet', uid: 'rs-uid', controller: true }] });
    expect(row.kind === 'pods' && row.containers[0]?.lastTerminated).toEqual({ reason: 'Error', exitCode: 1, finishedAt: null });
  });
});

describe('YAML documents', () => {
  it('splits at --- lines and remembers where each starts', () => {
    const docs = splitDocuments('a: 1\n---\nb: 2\n--- # comment\nc: 3\n...\n---\n');
    expect(docs.map((d) => d.line)).toEqual([1, 2, 4, 7]);
    expect(docs.map((d) => d.text.trim())).toEqual(['a: 1', 'b: 2', 'c: 3', '']);
  });

  it('a leading --- does not make an empty first document', () => {
    expect(splitDocuments('---\nkind: A\n').map((d) => [d.line, d.text.trim()])).toEqual([[1, 'kind: A']]);
  });
});

describe('errors in words', () => {
  const where = { context: 'c', server: 'https://x:6443', user: 'u' };
  it('keeps the apiserver’s own message', () => {
    expect(kubeError(new KubeApiError(422, 'Deployment.apps "x" is invalid: spec.replicas: Invalid value: -1'), where).message).toBe('Deployment.apps "x" is invalid: spec.replicas: Invalid value: -1.');
    expect(kubeError(new KubeApiError(404, 'pods "x" not found'), where).code).toBe('not-found');
    expect(kubeError(new KubeApiError(409, 'namespaces "x" already exists'), where).code).toBe('conflict');
  });
  it('says what to do for connection, TLS and credential failures', () => {
    expect(kubeError(Object.assign(new Error('x'), { code: 'ETIMEDOUT' }), where).message).toBe('Cannot reach the cluster of context "c" at https://x:6443: timed out. Is it running?');
    expect(kubeError(Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }), where).message).toMatch(/^Berth does not trust the cluster of context "c"/);
    expect(kubeError(new KubeApiError(401, 'Unauthorized'), where).message).toMatch(/refused its credentials \(user "u"\): they may have expired/);
  });
});
