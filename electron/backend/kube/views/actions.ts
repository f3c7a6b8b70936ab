import type { KubeKind, NamespaceContents, QuickDeployResult } from '../../../../shared/models';
import { BerthError } from '../../rpc/errors';
import type { KubeClient } from './client';
import { KubeApiError, kubeError } from './errors';
import { fieldManager } from './apply';
import { collectionPath, listPath, objectPath, resources } from './resources';
import type { RawObject } from './rows';

const mergePatch = 'application/merge-patch+json';
const strategicMergePatch = 'application/strategic-merge-patch+json';

function what(kind: KubeKind, name: string): string {
  return `${resources[kind].apiKind} ${name}`;
}

/** Replicas through the scale subresource, as `kubectl scale` does. */
export async function scale(client: KubeClient, kind: 'deployments' | 'replicasets' | 'replicationcontrollers', namespace: string, name: string, replicas: number): Promise<void> {
  await client.request('PATCH', `${objectPath(kind, namespace, name)}/scale`, { body: { spec: { replicas } }, contentType: mergePatch });
}

/** A rolling restart: a new annotation on the pod template, as `kubectl rollout restart`. */
export async function restart(client: KubeClient, kind: 'deployments' | 'daemonsets', namespace: string, name: string): Promise<void> {
  const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } } } };
  await client.request('PATCH', objectPath(kind, namespace, name), { body, contentType: strategicMergePatch });
}

/** A new image for one container of a Deployment (which then rolls out). */
export async function setImage(client: KubeClient, namespace: string, name: string, container: string, image: string): Promise<void> {
  const deployment = await client.request<RawObject>('GET', objectPath('deployments', namespace, name));
  const containers = ((deployment.spec?.template as { spec?: { containers?: { name?: string }[] } } | undefined)?.spec?.containers ?? []).map((c) => c.name ?? '');
  if (!containers.includes(container)) {
    throw new BerthError('not-found', `Deployment ${name} has no container "${container}" (it has: ${containers.join(', ') || 'none'}).`);
  }
  const body = { spec: { template: { spec: { containers: [{ name: container, image }] } } } };
  await client.request('PATCH', objectPath('deployments', namespace, name), { body, contentType: strategicMergePatch });
}

export async function deleteObject(client: KubeClient, kind: KubeKind, namespace: string | undefined, name: string): Promise<void> {
  if (resources[kind].namespaced && !namespace) throw new BerthError('invalid-input', `A ${resources[kind].apiKind} lives in a namespace: say which.`);
  try {
    await client.requestRaw('DELETE', objectPath(kind, namespace, name), { query: { propagationPolicy: 'Background' } });
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) throw new BerthError('not-found', `${what(kind, name)} does not exist (any more).`);
    throw kubeError(err, client.where);
  }
}

export async function createNamespace(client: KubeClient, name: string): Promise<void> {
  try {
    await client.requestRaw('POST', listPath('namespaces'), { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, query: { fieldManager } });
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 409) throw new BerthError('conflict', `Namespace ${name} already exists.`);
    throw kubeError(err, client.where);
  }
}

/** What a namespace holds, for the question before deleting it. */
const contentKinds: { label: string; apiVersion: string; plural: string }[] = [
  { label: 'Deployments', apiVersion: 'apps/v1', plural: 'deployments' },
  { label: 'StatefulSets', apiVersion: 'apps/v1', plural: 'statefulsets' },
  { label: 'DaemonSets', apiVersion: 'apps/v1', plural: 'daemonsets' },
  { label: 'ReplicaSets', apiVersion: 'apps/v1', plural: 'replicasets' },
  { label: 'ReplicationControllers', apiVersion: 'v1', plural: 'replicationcontrollers' },
  { label: 'Jobs', apiVersion: 'batch/v1', plural: 'jobs' },
  { label: 'CronJobs', apiVersion: 'batch/v1', plural: 'cronjobs' },
  { label: 'Pods', apiVersion: 'v1', plural: 'pods' },
  { label: 'Services', apiVersion: 'v1', plural: 'services' },
  { label: 'ConfigMaps', apiVersion: 'v1', plural: 'configmaps' },
  { label: 'Secrets', apiVersion: 'v1', plural: 'secrets' },
  { label: 'PersistentVolumeClaims', apiVersion: 'v1', plural: 'persistentvolumeclaims' },
  { label: 'ServiceAccounts', apiVersion: 'v1', plural: 'serviceaccounts' },
];

export async function namespaceContents(client: KubeClient, name: string): Promise<NamespaceContents> {
  await client.request('GET', objectPath('namespaces', null, name));
  const kinds = await Promise.all(
    contentKinds.map(async (k) => {
      const list = await client
        .requestRaw<{ items?: RawObject[]; metadata?: { remainingItemCount?: number } }>('GET', collectionPath({ apiVersion: k.apiVersion, plural: k.plural, namespaced: true }, name), { query: { limit: 20 } })
        .catch(() => null);
      if (!list) return null;
      const names = (list.items ?? []).map((o) => o.metadata?.name ?? '');
      return { kind: k.label, count: names.length + (list.metadata?.remainingItemCount ?? 0), names };
    }),
  );
  return { name, kinds: kinds.filter((k): k is NonNullable<typeof k> => !!k && k.count > 0) };
}

/** Applies (server-side) one object Berth made; returns it. */
async function applyObject(client: KubeClient, path: string, object: unknown): Promise<RawObject> {
  return client.request<RawObject>('PATCH', path, { query: { fieldManager, force: true }, body: object, contentType: 'application/apply-patch+yaml' });
}

export interface QuickDeploySpec {
  namespace: string;
  name: string;
  image: string;
  replicas: number;
  containerPort?: number | undefined;
  service?: 'ClusterIP' | 'NodePort' | undefined;
}

/** A Deployment of a local image (never pulled when present), and optionally a Service for its port. */
export async function quickDeploy(client: KubeClient, spec: QuickDeploySpec): Promise<QuickDeployResult> {
  if (spec.service && !spec.containerPort) throw new BerthError('invalid-input', 'A Service needs the container’s port: fill in "Container port".');
  const labels = { 'app.kubernetes.io/name': spec.name, 'app.kubernetes.io/managed-by': 'berth' };
  const selector = { 'app.kubernetes.io/name': spec.name };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: spec.name, namespace: spec.namespace, labels },
    spec: {
      replicas: spec.replicas,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: spec.name,
              image: spec.image,
              // A local image: use it when the node has it, never ask a registry first.
              imagePullPolicy: 'IfNotPresent',
              ...(spec.containerPort ? { ports: [{ containerPort: spec.containerPort, protocol: 'TCP' }] } : {}),
            },
          ],
        },
      },
    },
  };
  await applyObject(client, objectPath('deployments', spec.namespace, spec.name), deployment);
  if (!spec.service || !spec.containerPort) return { namespace: spec.namespace, deployment: spec.name, service: null };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: spec.name, namespace: spec.namespace, labels },
    spec: { type: spec.service, selector, ports: [{ port: spec.containerPort, targetPort: spec.containerPort, protocol: 'TCP' }] },
  };
  await applyObject(client, objectPath('services', spec.namespace, spec.name), service);
  return { namespace: spec.namespace, deployment: spec.name, service: spec.name };
}

/** An object for reading and editing: without managedFields (noise) but with status. */
export async function getObject(client: KubeClient, kind: KubeKind, namespace: string | undefined, name: string): Promise<RawObject> {
  const o = await client.request<RawObject>('GET', objectPath(kind, namespace, name));
  if (o.metadata) delete (o.metadata as { managedFields?: unknown }).managedFields;
  return o;
}
