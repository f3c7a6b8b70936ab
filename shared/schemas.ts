import { z } from 'zod';
import { parseImageReference } from './references';

/**
 * Validation schemas for every input that crosses the boundary between renderer and backend.
 * Objects are strict: an unknown key is an error, not something silently dropped.
 */

export const noArgs = z.strictObject({});

/** Stream and session IDs chosen by the client. */
export const streamId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a stream id');

// ---- names and references -------------------------------------------------------------------

/** A container ID (hex, 1–64) or a container name as the engine allows it (optionally with its leading slash). */
export const containerRef = z
  .string()
  .min(1, 'a container ID or name is required')
  .max(256)
  .regex(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'not a container ID or name');

/** A container ID or a unique prefix of one. */
export const containerId = z.string().regex(/^[a-f0-9]{1,64}$/, 'not a container ID');

/** A name for a new object (container, volume, network): what the engine accepts. */
const objectName = (what: string) =>
  z
    .string()
    .min(2, `a ${what} name has at least 2 characters`)
    .max(200)
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/, `a ${what} name starts with a letter or digit and holds only letters, digits and _ . -`);

export const containerName = objectName('container');
export const volumeName = objectName('volume');
export const networkName = objectName('network');

export const imageReference = z
  .string()
  .max(512)
  .superRefine((value, ctx) => {
    const parsed = parseImageReference(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `"${value}" is not a valid image reference: ${parsed.reason}` });
  });

/** An image by ID (sha256:…, or a hex prefix) or by reference. */
export const imageRef = z
  .string()
  .min(1, 'an image is required')
  .max(512)
  .refine((v) => /^(sha256:)?[a-f0-9]{4,64}$/.test(v) || parseImageReference(v).ok, 'not an image ID or reference');

export const volumeRef = z.string().min(1).max(256).regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'not a volume name');
export const networkRef = z.string().min(1).max(256).regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'not a network ID or name');

const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'must be an absolute path')
  .refine((p) => !p.includes('\0'), 'must not contain NUL');

const containerPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/'), 'a path inside a container starts with /')
  .refine((p) => !p.includes('\0'), 'must not contain NUL');

const port = z.number().int().min(1, 'ports run from 1').max(65535, 'ports run up to 65535');
const ipAddress = z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+)$/, 'not an IP address');
const cidr = z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9a-fA-F:]+\/\d{1,3})$/, 'not a subnet in CIDR form (e.g. 172.28.0.0/16)');
const labels = z.record(z.string().min(1).max(256), z.string().max(4096));

// ---- containers -------------------------------------------------------------------------------

export const containersListArgs = z.strictObject({
  /** Only these containers (IDs or ID prefixes); used to refresh rows after an engine event. */
  ids: z.array(containerId).max(1000).optional(),
});

export const containerActionArgs = z.strictObject({ id: containerRef });

export const containerStopArgs = z.strictObject({
  id: containerRef,
  /** Seconds to wait for the process to exit before SIGKILL; the engine's default when absent. */
  timeoutSeconds: z.number().int().min(0).max(3600).optional(),
});

export const containerKillArgs = z.strictObject({
  id: containerRef,
  signal: z.string().regex(/^(SIG)?[A-Z0-9]{2,10}$|^\d{1,2}$/, 'not a signal name').optional(),
});

export const containerRemoveArgs = z.strictObject({
  id: containerRef,
  force: z.boolean().optional(),
  /** Also remove anonymous volumes. */
  volumes: z.boolean().optional(),
});

export const containerRenameArgs = z.strictObject({ id: containerRef, name: containerName });

export const portCheckArgs = z.strictObject({
  ports: z.array(z.strictObject({ port, protocol: z.enum(['tcp', 'udp']).optional(), hostIp: ipAddress.optional() })).min(1).max(100),
});

export const runSpec = z.strictObject({
  image: imageReference,
  name: containerName.optional(),
  command: z.array(z.string().max(65536)).max(1000).optional(),
  ports: z
    .array(z.strictObject({ hostPort: port, containerPort: port, protocol: z.enum(['tcp', 'udp']), hostIp: ipAddress.optional() }))
    .max(100)
    .optional(),
  env: z
    .array(z.strictObject({ name: z.string().min(1).max(1024).regex(/^[^=\0]+$/, 'an environment variable name has no "="'), value: z.string().max(65536) }))
    .max(1000)
    .optional(),
  mounts: z
    .array(
      z.strictObject({
        type: z.enum(['bind', 'volume']),
        source: z.string().min(1).max(4096),
        target: containerPath,
        readOnly: z.boolean().optional(),
      }),
    )
    .max(100)
    .optional(),
  restartPolicy: z.enum(['no', 'always', 'unless-stopped', 'on-failure']).optional(),
  network: networkRef.optional(),
  autoRemove: z.boolean().optional(),
  labels: labels.optional(),
});

export const containerStatsArgs = z.strictObject({ id: containerRef });

// ---- logs and terminals -----------------------------------------------------------------------

const unixSeconds = z.number().int().min(0).max(32503680000);

export const containerLogsArgs = z.strictObject({
  id: containerRef,
  /** Keep the stream open for new lines (and across restarts); default true. */
  follow: z.boolean().optional(),
  /** The last N lines first; 'all' for the whole log. Default 500. */
  tail: z.union([z.number().int().min(0).max(10_000_000), z.literal('all')]).optional(),
  since: unixSeconds.optional(),
  until: unixSeconds.optional(),
  timestamps: z.boolean().optional(),
});

export const saveLogsArgs = z.strictObject({
  id: containerRef,
  timestamps: z.boolean().optional(),
  since: unixSeconds.optional(),
  until: unixSeconds.optional(),
});

export const terminalSessionId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a terminal session id');
const terminalSize = { cols: z.number().int().min(2).max(1000), rows: z.number().int().min(2).max(500) };

export const containerExecArgs = z.strictObject({
  id: containerRef,
  /** Reattach to this session (its recent output is replayed) instead of starting a new one. */
  sessionId: terminalSessionId.optional(),
  /** 'exec' runs in the container; 'debug' runs a helper shell that joins the container's namespaces. */
  mode: z.enum(['exec', 'debug']).optional(),
  /** argv; absent means the best shell the container has (bash, else sh, else ash). */
  command: z.array(z.string().min(1).max(4096)).min(1).max(100).optional(),
  user: z.string().regex(/^[a-zA-Z0-9_.-]+(:[a-zA-Z0-9_.-]+)?$/, 'a user is a name or uid, optionally :group').max(128).optional(),
  ...terminalSize,
});

/** Keystrokes or a paste; a megabyte at a time at most. */
export const terminalInput = z.string().max(1024 * 1024, 'a paste of more than 1 MB at once');

export const hostTerminalArgs = z.strictObject({ sessionId: terminalSessionId.optional(), ...terminalSize });
export const terminalCloseArgs = z.strictObject({ sessionId: terminalSessionId });

// ---- layers ------------------------------------------------------------------------------------

export const layersAnalyzeArgs = z.strictObject({ image: imageRef });
const layerPath = z
  .string()
  .max(4096)
  .refine((p) => p.startsWith('/'), 'a path in the image starts with /')
  .refine((p) => !p.split('/').includes('..'), 'a path cannot contain ".."');
export const layersTreeArgs = z.strictObject({
  image: imageRef,
  layer: z.number().int().min(0).max(10_000),
  /** 'changes': what this layer changed; 'stack': the image as it stands at this layer. */
  mode: z.enum(['changes', 'stack']),
  path: layerPath,
});
export const layersSearchArgs = z.strictObject({
  image: imageRef,
  layer: z.number().int().min(0).max(10_000),
  mode: z.enum(['changes', 'stack']),
  /** Matches path names case-insensitively. */
  query: z.string().max(256),
  changes: z.array(z.enum(['added', 'modified', 'removed', 'unchanged'])).max(4).optional(),
  limit: z.number().int().min(1).max(5000).optional(),
});
export const layersCompareArgs = z.strictObject({ a: imageRef, b: imageRef });
export const containerFileArgs = z.strictObject({ id: containerRef, path: layerPath });

// ---- images -----------------------------------------------------------------------------------

export const imageIdArgs = z.strictObject({ id: imageRef });
export const imageRemoveArgs = z.strictObject({ id: imageRef, force: z.boolean().optional() });
export const imageTagArgs = z.strictObject({ source: imageRef, target: imageReference });
export const imagePullArgs = z.strictObject({ reference: imageReference });
export const imagePushArgs = z.strictObject({ reference: imageReference });

export const imageBuildArgs = z.strictObject({
  /** The build context: a folder on this machine. */
  context: absolutePath,
  /** Dockerfile path relative to the context. */
  dockerfile: z
    .string()
    .min(1)
    .max(1024)
    .refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'), 'the Dockerfile must be inside the context folder')
    .optional(),
  tags: z.array(imageReference).max(20).optional(),
  buildArgs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not a build argument name'), z.string().max(65536)).optional(),
  target: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'not a build stage name').optional(),
  noCache: z.boolean().optional(),
  pull: z.boolean().optional(),
});

// ---- registries -------------------------------------------------------------------------------

export const registryServer = z
  .string()
  .min(1, 'a registry address is required')
  .max(256)
  .regex(/^(https?:\/\/)?[a-zA-Z0-9.-]+(:\d{1,5})?\/?$|^(https?:\/\/)?\[[0-9a-fA-F:]+\](:\d{1,5})?\/?$/, 'a registry is a host name with an optional port, e.g. registry.example.com:5000');

export const registryLoginArgs = z.strictObject({
  server: registryServer,
  username: z.string().min(1, 'a username is required').max(256),
  password: z.string().min(1, 'a password or token is required').max(8192),
});
export const registryServerArgs = z.strictObject({ server: registryServer });
export const registryTagsArgs = z.strictObject({ server: registryServer, repository: z.string().min(1).max(255).regex(/^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*$/, 'not a repository name') });

// ---- volumes ----------------------------------------------------------------------------------

export const volumesListArgs = z.strictObject({ withSizes: z.boolean().optional() });
export const volumeCreateArgs = z.strictObject({ name: volumeName.optional(), driver: z.string().regex(/^[a-zA-Z0-9_.:/-]+$/).max(256).optional(), labels: labels.optional() });
export const volumeRemoveArgs = z.strictObject({ name: volumeRef, force: z.boolean().optional() });
export const volumeBrowseArgs = z.strictObject({ name: volumeRef, path: containerPath });

// ---- networks ---------------------------------------------------------------------------------

export const networkCreateArgs = z.strictObject({
  name: networkName,
  driver: z.enum(['bridge']).optional(),
  subnet: cidr.optional(),
  gateway: ipAddress.optional(),
  internal: z.boolean().optional(),
  labels: labels.optional(),
});
export const networkIdArgs = z.strictObject({ id: networkRef });
export const networkConnectArgs = z.strictObject({ network: networkRef, container: containerRef });
export const networkDisconnectArgs = z.strictObject({ network: networkRef, container: containerRef, force: z.boolean().optional() });

// ---- system -----------------------------------------------------------------------------------

export const pruneArgs = z.strictObject({
  targets: z.array(z.enum(['containers', 'images', 'volumes', 'networks', 'build-cache'])).min(1).max(5),
  /** Images: all unused, not only dangling ones. */
  allImages: z.boolean().optional(),
});
