import { z } from 'zod';
import {
  kubeKinds,
  type ApplyResult,
  type KubeConfigView,
  type KubePortForward,
  type KubeWatchEvent,
  type LogEvent,
  type NamespaceContents,
  type QuickDeployResult,
  type TerminalEvent,
} from './models';
import { imageReference } from './schemas';

/**
 * Kubernetes views: channels for pods, deployments, services and the rest. Owned by the Kubernetes
 * views work; merged into the contract by channels.ts. Every call names the kubeconfig context it
 * is for, so two windows may look at two clusters.
 */

const noArgs = z.strictObject({});

/** A kubeconfig context name: whatever the file says, within reason. */
const context = z
  .string()
  .min(1, 'choose a context')
  .max(253)
  .refine((v) => ![...v].some((c) => c.charCodeAt(0) < 32), 'a context name has no control characters');

/** DNS-1123 label: namespaces, services, containers. */
const label = (what: string) =>
  z
    .string()
    .min(1, `a ${what} name is required`)
    .max(63, `a ${what} name has at most 63 characters`)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, `a ${what} name has lowercase letters, digits and '-', and starts and ends with a letter or digit`);

/** DNS-1123 subdomain: most object names. */
const objectName = z
  .string()
  .min(1, 'a name is required')
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "a name has lowercase letters, digits, '-' and '.', and starts and ends with a letter or digit");

const namespace = label('namespace');
const kind = z.enum(kubeKinds);
const selector = z
  .string()
  .max(1024)
  .refine((v) => ![...v].some((c) => c.charCodeAt(0) < 32), 'a selector is one line');
const port = z.number().int().min(1, 'ports run from 1').max(65535, 'ports run up to 65535');
const terminalSessionId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a session id');

const objectRef = z.strictObject({ context, kind, namespace: namespace.optional(), name: objectName });

export const kubeInvokeSchemas = {
  /** The contexts of the kubeconfig Berth reads (Berth's own, $KUBECONFIG or ~/.kube/config). */
  'kube:contexts': noArgs,
  /** An object as YAML (without managedFields), for reading or editing in Apply YAML. */
  'kube:get-yaml': objectRef,
  /** Deletes one object (namespaces take what is inside with them). */
  'kube:delete': objectRef,
  'kube:scale': z.strictObject({
    context,
    kind: z.enum(['deployments', 'replicasets', 'replicationcontrollers']),
    namespace,
    name: objectName,
    replicas: z.number().int().min(0, 'replicas cannot be negative').max(10_000, 'at most 10,000 replicas'),
  }),
  /** A rolling restart, as `kubectl rollout restart` does it. */
  'kube:restart': z.strictObject({ context, kind: z.enum(['deployments', 'daemonsets']), namespace, name: objectName }),
  'kube:set-image': z.strictObject({ context, namespace, name: objectName, container: label('container'), image: imageReference }),
  'kube:create-namespace': z.strictObject({ context, name: namespace }),
  /** What deleting a namespace would take with it. */
  'kube:namespace-contents': z.strictObject({ context, name: namespace }),
  /**
   * Apply YAML: 'validate' runs a server-side dry run of every document; 'apply' does that first and
   * applies (server-side apply) only when every document passed; 'delete' deletes what it describes.
   */
  'kube:apply': z.strictObject({
    context,
    yaml: z.string().max(4 * 1024 * 1024, 'at most 4 MB of YAML'),
    mode: z.enum(['validate', 'apply', 'delete']),
    /** For documents that name none. */
    namespace: namespace.optional(),
  }),
  /** A Deployment (and optionally a Service) of a local image. */
  'kube:quick-deploy': z.strictObject({
    context,
    namespace,
    name: label('deployment'),
    image: imageReference,
    replicas: z.number().int().min(0).max(100),
    containerPort: port.optional(),
    service: z.enum(['ClusterIP', 'NodePort']).optional(),
  }),
  /** Forwards 127.0.0.1:localPort (0 or absent: a free one) to a pod's or a service's port. */
  'kube:port-forward': z.strictObject({
    context,
    namespace,
    target: z.strictObject({ kind: z.enum(['pods', 'services']), name: objectName }),
    port,
    localPort: z.number().int().min(0).max(65535).optional(),
  }),
  'kube:port-forward-stop': z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }),
  'kube:port-forwards': noArgs,
} as const satisfies Record<string, z.ZodType>;

export interface KubeInvokeResults {
  'kube:contexts': KubeConfigView;
  'kube:get-yaml': string;
  'kube:delete': null;
  'kube:scale': null;
  'kube:restart': null;
  'kube:set-image': null;
  'kube:create-namespace': null;
  'kube:namespace-contents': NamespaceContents;
  'kube:apply': ApplyResult;
  'kube:quick-deploy': QuickDeployResult;
  'kube:port-forward': KubePortForward;
  'kube:port-forward-stop': null;
  'kube:port-forwards': KubePortForward[];
}

const unixSeconds = z.number().int().min(0).max(32503680000);

export const kubeStreamSchemas = {
  /** A list kept current by a watch: snapshot, then changes (see KubeWatchEvent). No namespace: all namespaces. */
  'kube:watch': z.strictObject({
    context,
    kind,
    namespace: namespace.optional(),
    labelSelector: selector.optional(),
    fieldSelector: selector.optional(),
  }),
  /** A container's log, in the same events as container logs. */
  'kube:pod-logs': z.strictObject({
    context,
    namespace,
    pod: objectName,
    container: label('container'),
    /** The previous (ended) run of the container. */
    previous: z.boolean().optional(),
    follow: z.boolean().optional(),
    tail: z.union([z.number().int().min(0).max(10_000_000), z.literal('all')]).optional(),
    since: unixSeconds.optional(),
    until: unixSeconds.optional(),
    timestamps: z.boolean().optional(),
  }),
  /** A shell (or command) in a pod's container; with sessionId, reattaches to a running one. */
  'kube:exec': z.strictObject({
    sessionId: terminalSessionId.optional(),
    context: context.optional(),
    namespace: namespace.optional(),
    pod: objectName.optional(),
    container: label('container').optional(),
    command: z.array(z.string().min(1).max(4096)).min(1).max(100).optional(),
    cols: z.number().int().min(2).max(1000),
    rows: z.number().int().min(2).max(500),
  }),
} as const satisfies Record<string, z.ZodType>;

export interface KubeStreamTypes {
  'kube:watch': { args: z.input<(typeof kubeStreamSchemas)['kube:watch']>; data: KubeWatchEvent; write: never };
  'kube:pod-logs': { args: z.input<(typeof kubeStreamSchemas)['kube:pod-logs']>; data: LogEvent; write: never };
  /** Input is written as text; resize through the stream's resize. */
  'kube:exec': { args: z.input<(typeof kubeStreamSchemas)['kube:exec']>; data: TerminalEvent; write: string };
}

export interface KubeEventPayloads {
  /** The port forwards, whenever one starts, stops, or its connections change. */
  'kube:port-forwards': KubePortForward[];
}
