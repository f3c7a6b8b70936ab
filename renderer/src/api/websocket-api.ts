import type { DesktopApi, StreamHandlers } from '../../../shared/api';
import type { ClientMessage, ServerMessage } from '../../../shared/protocol';
import type { Result, RpcError } from '../../../shared/result';

export type BackendLink = 'connecting' | 'open' | 'lost';

export interface WebSocketApi extends DesktopApi {
  /** The state of the link to Berth's backend itself (not the engine). */
  onLinkChange(listener: (link: BackendLink) => void): () => void;
  close(): void;
}

const lostLink: RpcError = {
  code: 'cancelled',
  message: "Lost the connection to Berth's backend. It reconnects by itself; if it does not, restart `npm run serve` and open its new URL.",
};

/**
 * The DesktopApi over a websocket (browser mode). The session cookie set by the server carries the
 * token. Messages sent before the socket opens wait in a queue; after a drop it reconnects with
 * backoff, ends the streams that were open (the server closed them), and re-announces the engine
 * status so every store resynchronises.
 */
export function createWebSocketApi(url: string, WebSocketImpl: typeof WebSocket = WebSocket): WebSocketApi {
  let socket: WebSocket | null = null;
  let queue: string[] = [];
  let nextId = 0;
  let nextStream = 0;
  let retryMs = 500;
  let closed = false;
  let everOpened = false;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const streams = new Map<string, StreamHandlers<unknown>>();
  const events = new Map<string, Set<(payload: unknown) => void>>();
  const linkListeners = new Set<(link: BackendLink) => void>();

  const setLink = (link: BackendLink): void => {
    for (const l of linkListeners) l(link);
  };

  const emit = (channel: string, payload: unknown): void => {
    for (const listener of events.get(channel) ?? []) listener(payload);
  };

  function send(message: ClientMessage): void {
    const text = JSON.stringify(message);
    if (socket && socket.readyState === WebSocketImpl.OPEN) socket.send(text);
    else queue.push(text);
  }

  function onMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'result': {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        resolve?.(message.result);
        return;
      }
      case 'event':
        emit(message.channel, message.payload);
        return;
      case 'data':
        streams.get(message.sid)?.onData(message.data);
        return;
      case 'end': {
        const handlers = streams.get(message.sid);
        streams.delete(message.sid);
        handlers?.onEnd?.(message.error);
        return;
      }
    }
  }

  function connect(): void {
    setLink('connecting');
    const ws = new WebSocketImpl(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 500;
      const reconnected = everOpened;
      everOpened = true;
      setLink('open');
      for (const text of queue) ws.send(text);
      queue = [];
      if (reconnected) {
        // Whatever happened while we were away, the stores refetch on a fresh status.
        void api.invoke('engine:get-status', {}).then((r) => r.ok && emit('engine:status', r.value));
      }
    };
    ws.onmessage = (event) => {
      try {
        onMessage(JSON.parse(String(event.data)) as ServerMessage);
      } catch {
        /* a malformed message from our own server: ignore it */
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      for (const resolve of pending.values()) resolve({ ok: false, error: lostLink });
      pending.clear();
      for (const handlers of streams.values()) handlers.onEnd?.(lostLink);
      streams.clear();
      if (closed) return;
      setLink('lost');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  }

  const api: WebSocketApi = {
    transport: 'websocket',
    invoke: (channel, args) =>
      new Promise((resolve) => {
        const id = ++nextId;
        pending.set(id, resolve as (r: Result<unknown>) => void);
        send({ type: 'invoke', id, channel, args });
      }),
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
      const set = events.get(channel) ?? new Set();
      events.set(channel, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
    onLinkChange: (listener) => {
      linkListeners.add(listener);
      return () => {
        linkListeners.delete(listener);
      };
    },
    close: () => {
      closed = true;
      socket?.close();
    },
  };
  connect();
  return api;
}
