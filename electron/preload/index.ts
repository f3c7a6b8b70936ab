/**
 * The preload: window.berth, the DesktopApi over Electron IPC. Sandboxed, so it is bundled into one
 * CommonJS file that requires only `electron`; it imports types (never code) from shared/.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DesktopApi, StreamHandlers } from '../../shared/api';
import type { IpcChannels, StreamClientMessage, StreamServerMessage } from '../../shared/protocol';
import type { Result } from '../../shared/result';

const channels: IpcChannels = { invoke: 'berth:invoke', stream: 'berth:stream', event: 'berth:event' };

const streams = new Map<string, StreamHandlers<unknown>>();
let nextStream = 0;

ipcRenderer.on(channels.stream, (_e: IpcRendererEvent, message: StreamServerMessage) => {
  const handlers = streams.get(message.sid);
  if (!handlers) return;
  if (message.type === 'data') handlers.onData(message.data);
  else {
    streams.delete(message.sid);
    handlers.onEnd?.(message.error);
  }
});

const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
ipcRenderer.on(channels.event, (_e: IpcRendererEvent, channel: string, payload: unknown) => {
  for (const listener of eventListeners.get(channel) ?? []) listener(payload);
});

function send(message: StreamClientMessage): void {
  ipcRenderer.send(channels.stream, message);
}

const api: DesktopApi = {
  transport: 'ipc',
  invoke: (channel, args) => ipcRenderer.invoke(channels.invoke, channel, args) as Promise<Result<never>>,
  openStream: (channel, args, handlers) => {
    const sid = `s${++nextStream}`;
    streams.set(sid, handlers as StreamHandlers<unknown>);
    send({ type: 'open', sid, channel, args });
    return {
      write: (data) => send({ type: 'write', sid, data }),
      resize: (cols, rows) => send({ type: 'resize', sid, cols, rows }),
      close: () => {
        if (streams.delete(sid)) send({ type: 'close', sid });
      },
    };
  },
  on: (channel, listener) => {
    const set = eventListeners.get(channel) ?? new Set();
    eventListeners.set(channel, set);
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('berth', api);
