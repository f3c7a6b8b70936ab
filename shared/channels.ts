import type { z } from 'zod';
import * as s from './schemas';
import type { ContainerSummary, EngineEvent, EngineStatus } from './models';

/**
 * The contract: every channel between renderer and backend, with its input schema and result type.
 * Channels are named `noun:verb`. Add a channel here first; the router, preload and renderer follow
 * from the types.
 */

/** invoke: request/response. Input schemas (values) ... */
export const invokeSchemas = {
  'engine:get-status': s.noArgs,
  'engine:reconnect': s.noArgs,
  'containers:list': s.containersListArgs,
  'containers:start': s.containerActionArgs,
  'containers:stop': s.containerStopArgs,
  'containers:restart': s.containerStopArgs,
  'containers:remove': s.containerRemoveArgs,
} as const satisfies Record<string, z.ZodType>;

/** ... and result types. */
export interface InvokeResults {
  'engine:get-status': EngineStatus;
  /** Try to connect now instead of waiting for the next backoff step. */
  'engine:reconnect': null;
  'containers:list': ContainerSummary[];
  'containers:start': null;
  'containers:stop': null;
  'containers:restart': null;
  'containers:remove': null;
}

/**
 * stream: opened by the renderer, pushed by the backend, closed by either side. `data` is what the
 * backend pushes; `write` what the renderer may send into it (terminals), `never` when it may not.
 */
export const streamSchemas = {} as const satisfies Record<string, z.ZodType>;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- streams arrive with the logs and terminal work
export interface StreamTypes {}

/** event: broadcast by the backend to every window. */
export interface EventPayloads {
  'engine:status': EngineStatus;
  'engine:event': EngineEvent;
}

export type InvokeChannel = keyof typeof invokeSchemas;
export type InvokeArgs<C extends InvokeChannel> = z.input<(typeof invokeSchemas)[C]>;
export type InvokeParsedArgs<C extends InvokeChannel> = z.output<(typeof invokeSchemas)[C]>;
export type InvokeResult<C extends InvokeChannel> = InvokeResults[C];

export type StreamChannel = keyof typeof streamSchemas & keyof StreamTypes;
export type EventChannel = keyof EventPayloads;
export type EventPayload<C extends EventChannel> = EventPayloads[C];

// Compile-time check that every schema has a result type and every result type a schema.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const invokeMapsAgree: Same<keyof typeof invokeSchemas, keyof InvokeResults> = true;
