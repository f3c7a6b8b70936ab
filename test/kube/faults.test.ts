/**
 * Bad input and faults, and the watch mechanics: a cluster that is down, credentials the apiserver
 * refuses, RBAC refusals, unknown kinds; resourceVersion tracking, 410 Gone → re-list, and
 * closing a view closes its watches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { KubeConfigSource } from '../../electron/backend/kube/views/kubeconfig';
import type { KubeWatchEvent } from '../../shared/models';
import { kubeViewsOn, uniqueNamespace, until, watchRows } from './helpers';

const kubeconfig = inject('kubeconfig');
let t: ReturnType<typeof kubeViewsOn>;
const ns = uniqueNamespace('kf');

beforeAll(async () => {
  t = kubeViewsOn(kubeconfig);
  await t.call('kube:create-namespace', { context: 'berth', name: ns });
});

afterAll(async () => {
  await t.invoke('kube:delete', { context: 'berth', kind: 'namespaces', name: ns });
  t.dispose();
});

describe('faults, said where the user acted', () => {
  it('a context whose server is down: a clear message, quickly', async () => {
    const started = Date.now();
    const w = t.open('kube:watch', { context: 'berth-down', kind: 'pods' });
    const error = await w.ended;
    expect(error?.code).toBe('engine-unavailable');
    expect(error?.message).toBe('Cannot reach the cluster of context "berth-down" at https://127.0.0.1:1: connection refused. Is it running?');
    expect(Date.now() - started).toBeLessThan(5_000);
    const apply = await t.invoke('kube:apply', { context: 'berth-down', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', mode: 'validate' });
    expect(apply.ok && apply.value.documents[0]?.message).toMatch(/Cannot reach the cluster of context "berth-down"/);
  });

  it('credentials the cluster refuses (as expired ones are): unauthorized, naming the context and user', async () => {
    const r = await t.invoke('kube:namespace-contents', { context: 'berth-expired', name: 'default' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('unauthorized');
    expect(r.error.message).toMatch(/^The cluster of context "berth-expired" \(https:\/\/127\.0\.0\.1:\d+\) refused its credentials \(user "berth-expired"\): they may have expired/);
  });

  it('RBAC refusals carry the apiserver’s words; what is allowed still works', async () => {
    const all = t.open('kube:watch', { context: 'berth-limited', kind: 'pods' });
    const error = await all.ended;
    expect(error?.code).toBe('unauthorized');
    expect(error?.message).toMatch(/^Not allowed in context "berth-limited": pods is forbidden: User "system:serviceaccount:limited:viewer" cannot list resource "pods" in API group "" at the cluster scope/);
    const mine = t.open('kube:watch', { context: 'berth-limited', kind: 'pods', namespace: 'limited' });
    await until('the allowed list', () => mine.data.some((e) => e.type === 'snapshot'));
    mine.close();
    const apply = await t.call('kube:apply', { context: 'berth-limited', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', mode: 'apply' });
    expect(apply.ok).toBe(false);
    expect(apply.documents[0]?.message).toMatch(/configmaps "x" is forbidden/);
    const scale = await t.invoke('kube:scale', { context: 'berth-limited', kind: 'deployments', namespace: 'limited', name: 'x', replicas: 1 });
    expect(!scale.ok && scale.error.code).toBe('unauthorized');
  });

  it('a context the kubeconfig does not have, and invalid input, are refused before any request', async () => {
    const r = await t.invoke('kube:delete', { context: 'nope', kind: 'pods', namespace: 'default', name: 'x' });
    expect(!r.ok && r.error.message).toBe('The kubeconfig has no context "nope" (any more). Choose another one.');
    const bad = await t.invoke('kube:scale', { context: 'berth', kind: 'deployments', namespace: 'Not_A_Namespace', name: 'x', replicas: -2 });
    expect(!bad.ok && bad.error.code).toBe('invalid-input');
    const name = await t.invoke('kube:create-namespace', { context: 'berth', name: 'UPPER' });
    expect(!name.ok && name.error.message).toMatch(/lowercase letters, digits and '-'/);
  });

  it('a missing kubeconfig says where it looked', async () => {
    const other = kubeViewsOn('/nonexistent/kubeconfig');
    const view = await other.call('kube:contexts', {});
    expect(view.contexts).toEqual([]);
    expect(view.problem).toMatch(/^No kubeconfig at \/nonexistent\/kubeconfig\./);
    other.dispose();
  });

  it('reads the kubeconfig again when it changes', async () => {
    const path = `${kubeconfig}.copy`;
    const original = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(kubeconfig, 'utf8'))) as { contexts: { name: string }[] };
    await writeFile(path, JSON.stringify({ ...original, contexts: original.contexts.slice(0, 1) }));
    const source = new KubeConfigSource(() => path);
    expect((await source.view()).contexts.length).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(path, JSON.stringify(original));
    expect((await source.view()).contexts.length).toBe(original.contexts.length);
    source.dispose();
  });
});

describe('watches', () => {
  it('closing a view closes its watches; two views of one list share one', async () => {
    expect(t.views.watches.active).toBe(0);
    const a = t.open('kube:watch', { context: 'berth', kind: 'pods', namespace: ns });
    const b = t.open('kube:watch', { context: 'berth', kind: 'pods', namespace: ns });
    await until('both snapshots', () => a.data.length > 0 && b.data.length > 0);
    expect(t.views.watches.active).toBe(1);
    a.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(t.views.watches.active).toBe(1);
    b.close();
    await until('no watch left', () => t.views.watches.active === 0, 2_000);
    expect(t.router.openStreamCount).toBe(0);
  });

  it('tracks the resourceVersion of events and sends batched changes', async () => {
    const w = t.open('kube:watch', { context: 'berth', kind: 'namespaces' });
    await until('the snapshot', () => w.data.length > 0);
    const before = (w.data[0] as Extract<KubeWatchEvent, { type: 'snapshot' }>).resourceVersion;
    const name = uniqueNamespace('kf-rv');
    await t.call('kube:create-namespace', { context: 'berth', name });
    const change = await until('the change', () => w.data.find((e): e is Extract<KubeWatchEvent, { type: 'changes' }> => e.type === 'changes' && e.upserts.some((r) => r.name === name)));
    expect(BigInt(change.resourceVersion)).toBeGreaterThan(BigInt(before));
    await t.call('kube:delete', { context: 'berth', kind: 'namespaces', name });
    await until('it goes', () => ![...watchRows(w.data).values()].some((r) => r.name === name), 60_000);
    w.close();
  });
});
