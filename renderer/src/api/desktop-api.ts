import type { DesktopApi } from '../../../shared/api';
import { createWebSocketApi, type WebSocketApi } from './websocket-api';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    berth?: DesktopApi;
  }
}

/** The one DesktopApi of this window: the preload's under Electron, a websocket in browser mode. */
export function connectDesktopApi(): DesktopApi | WebSocketApi {
  if (window.berth) return window.berth;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWebSocketApi(`${scheme}//${location.host}/rpc`);
}

export function isWebSocketApi(api: DesktopApi): api is WebSocketApi {
  return api.transport === 'websocket';
}
