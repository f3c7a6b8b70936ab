import { z } from 'zod';

/**
 * Validation schemas for every input that crosses the boundary between renderer and backend.
 * Objects are strict: an unknown key is an error, not something silently dropped.
 */

/** A container ID (hex, 1–64) or a container name as the engine allows it (optionally with its leading slash). */
export const containerRef = z
  .string()
  .min(1, 'a container ID or name is required')
  .max(256)
  .regex(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'not a container ID or name');

export const noArgs = z.strictObject({});

/** A container ID or a unique prefix of one. */
export const containerId = z.string().regex(/^[a-f0-9]{1,64}$/, 'not a container ID');

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

export const containerRemoveArgs = z.strictObject({
  id: containerRef,
  force: z.boolean().optional(),
  /** Also remove anonymous volumes. */
  volumes: z.boolean().optional(),
});

/** Stream and session IDs chosen by the client. */
export const streamId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a stream id');
