/**
 * The one file that touches ipcMain: binds the router to Electron IPC. Every message's sender must
 * be a frame of Berth's own renderer (the berth:// origin); everything else is refused.
 */
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { streamClientMessage, type IpcChannels } from '../../shared/protocol';
import type { Router } from '../backend/rpc/router';
import type { ClientSession } from '../backend/rpc/streams';
import type { Logger } from '../backend/logger';
import { isTrustedRendererUrl } from './security';

const channels: IpcChannels = { invoke: 'berth:invoke', stream: 'berth:stream', event: 'berth:event' };

function trusted(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  // The top frame of a Berth page; a subframe (parent set) is never trusted, whatever its URL.
  return !!frame && !frame.parent && isTrustedRendererUrl(frame.url);
}

export interface IpcBinding {
  /** Connects a window so it receives broadcasts from the start, before its first call. */
  attach(contents: WebContents): void;
  dispose(): void;
}

export function bindIpc(router: Router, log: Logger): IpcBinding {
  const clients = new Map<number, ClientSession>();
  const watched = new WeakSet<WebContents>();

  function clientFor(contents: WebContents): ClientSession {
    const existing = clients.get(contents.id);
    if (existing) return existing;
    const client = router.connect({
      id: `window-${contents.id}`,
      sendStream: (message) => {
        if (!contents.isDestroyed()) contents.send(channels.stream, message);
      },
      sendEvent: (channel, payload) => {
        if (!contents.isDestroyed()) contents.send(channels.event, channel, payload);
      },
    });
    clients.set(contents.id, client);
    if (!watched.has(contents)) {
      watched.add(contents);
      const id = contents.id;
      const release = (): void => {
        clients.get(id)?.dispose();
        clients.delete(id);
      };
      // A window closed, crashed or reloaded: its streams go with it. A reload gets a fresh client.
      contents.on('destroyed', release);
      contents.on('render-process-gone', release);
      contents.on('did-navigate', release);
    }
    return client;
  }

  ipcMain.handle(channels.invoke, async (event, channel: unknown, args: unknown) => {
    if (!trusted(event)) {
      log.warn(`refused an invoke from ${event.senderFrame?.url ?? 'an unknown frame'}`);
      return { ok: false, error: { code: 'unauthorized', message: 'Refused: the request did not come from Berth.' } };
    }
    clientFor(event.sender);
    if (typeof channel !== 'string') return { ok: false, error: { code: 'invalid-input', message: 'Invalid input: channel must be a string.' } };
    return router.invoke(channel, args);
  });

  ipcMain.on(channels.stream, (event, raw: unknown) => {
    if (!trusted(event)) {
      log.warn(`refused a stream message from ${event.senderFrame?.url ?? 'an unknown frame'}`);
      return;
    }
    const message = streamClientMessage.safeParse(raw);
    if (!message.success) {
      log.warn('dropped a malformed stream message');
      return;
    }
    clientFor(event.sender).handle(message.data);
  });

  return {
    attach: (contents) => void clientFor(contents),
    dispose: () => {
      ipcMain.removeHandler(channels.invoke);
      ipcMain.removeAllListeners(channels.stream);
      for (const client of clients.values()) client.dispose();
      clients.clear();
    },
  };
}
