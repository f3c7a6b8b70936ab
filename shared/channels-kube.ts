import type { z } from 'zod';

/**
 * Kubernetes views: channels for pods, deployments, services and the rest. Owned by the Kubernetes
 * views work; merged into the contract by channels.ts.
 */
export const kubeInvokeSchemas = {} as const satisfies Record<string, z.ZodType>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the Kubernetes views
export interface KubeInvokeResults {}
export const kubeStreamSchemas = {} as const satisfies Record<string, z.ZodType>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the Kubernetes views
export interface KubeStreamTypes {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the Kubernetes views
export interface KubeEventPayloads {}
