import { z } from 'zod';
import { streamId } from './schemas';
import type { Result, RpcError } from './result';

/**
 * The wire messages of the websocket transport (browser mode). Electron IPC carries the stream
 * messages below unchanged on one channel, and invokes through ipcRenderer.invoke.
 */

const channelName = z.string().regex(/^[a-z][a-z-]*:[a-z][a-z-]*$/, 'not a channel name');

export const streamClientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('open'), sid: streamId, channel: channelName, args: z.unknown() }),
  z.strictObject({ type: z.literal('write'), sid: streamId, data: z.unknown() }),
  z.strictObject({
    type: z.literal('resize'),
    sid: streamId,
    cols: z.number().int().min(1).max(10000),
    rows: z.number().int().min(1).max(10000),
  }),
  z.strictObject({ type: z.literal('close'), sid: streamId }),
]);

export const clientMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('invoke'),
    id: z.number().int().nonnegative(),
    channel: channelName,
    args: z.unknown(),
  }),
  ...streamClientMessage.options,
]);

export type StreamClientMessage = z.infer<typeof streamClientMessage>;
export type ClientMessage = z.infer<typeof clientMessage>;

export type StreamServerMessage =
  | { type: 'data'; sid: string; data: unknown }
  | { type: 'end'; sid: string; error?: RpcError };

export type ServerMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; channel: string; payload: unknown }
  | StreamServerMessage;

/** Names used by the Electron transport (preload <-> ipc.ts). */
export const ipcChannels = {
  invoke: 'berth:invoke',
  stream: 'berth:stream',
  event: 'berth:event',
} as const;

export type IpcChannels = typeof ipcChannels;
