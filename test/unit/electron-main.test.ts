/**
 * Electron's binary cannot run on the build machines, so this test replaces the `electron` module
 * with a recording double and checks what Berth's main process asks of it: the window's security
 * settings, the IPC sender check, navigation and permission denial. Everything behind IPC (the
 * router) is the real one.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { z } from 'zod';

const h = vi.hoisted(() => ({
  handlers: new Map<string, (...args: unknown[]) => unknown>(),
  listeners: new Map<string, (...args: unknown[]) => unknown>(),
  windows: [] as { options: Record<string, unknown>; url?: string }[],
  opened: [] as string[],
  permissionHandler: null as null | ((...a: unknown[]) => void),
  permissionCheck: null as null | (() => boolean),
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {};
    constructor(public options: Record<string, unknown>) {
      h.windows.push({ options });
    }
    once() {}
    loadURL(url: string) {
      h.windows[h.windows.length - 1]!.url = url;
      return Promise.resolve();
    }
  }
  return {
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, fn: (...args: unknown[]) => unknown) => h.handlers.set(channel, fn),
      on: (channel: string, fn: (...args: unknown[]) => unknown) => h.listeners.set(channel, fn),
      removeHandler: (channel: string) => h.handlers.delete(channel),
      removeAllListeners: (channel: string) => h.listeners.delete(channel),
    },
    shell: { openExternal: (url: string) => (h.opened.push(url), Promise.resolve()) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: (...a: unknown[]) => void) => (h.permissionHandler = fn),
        setPermissionCheckHandler: (fn: () => boolean) => (h.permissionCheck = fn),
      },
    },
    app: { on: () => undefined },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    net: { fetch: () => undefined },
  };
});

const { createMainWindow } = await import('../../electron/main/window');
const { bindIpc } = await import('../../electron/main/ipc');
const { hardenContents, hardenSession } = await import('../../electron/main/security');
const { Router } = await import('../../electron/backend/rpc/router');
const { silentLogger } = await import('../../electron/backend/logger');

/** A webContents double: an EventEmitter with a main frame and a record of what was sent. */
class FakeContents extends EventEmitter {
  static next = 1;
  id = FakeContents.next++;
  sent: unknown[][] = [];
  mainFrame: { url: string; parent: null };
  destroyed = false;
  windowOpen: ((d: { url: string }) => { action: string }) | null = null;
  constructor(url = 'berth://app/index.html') {
    super();
    this.mainFrame = { url, parent: null };
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  isDestroyed() {
    return this.destroyed;
  }
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
    this.windowOpen = fn;
  }
}

/** An IPC event from the window's top frame, or from a subframe at `subframeUrl`. */
function ipcEvent(contents: FakeContents, subframeUrl?: string) {
  const senderFrame = subframeUrl === undefined ? contents.mainFrame : { url: subframeUrl, parent: contents.mainFrame };
  return { sender: contents, senderFrame };
}

beforeEach(() => {
  h.handlers.clear();
  h.listeners.clear();
  h.opened.length = 0;
});

describe('main window', () => {
  it('is created with context isolation, sandbox and no node integration, from the berth:// scheme', () => {
    createMainWindow('/app/out/preload/index.cjs');
    const { options, url } = h.windows.at(-1)!;
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(url).toBe('berth://app/index.html');
  });
});

describe('IPC binding', () => {
  function setup() {
    const router = new Router(silentLogger);
    const list = vi.fn(async () => []);
    router.handle('containers:list', list);
    let live = 0;
    router.streamRaw('test:ticker', z.strictObject({}), () => {
      live++;
      return { close: () => void live-- };
    });
    const binding = bindIpc(router, silentLogger);
    const invoke = h.handlers.get('berth:invoke')!;
    const stream = h.listeners.get('berth:stream')!;
    return { router, list, binding, invoke, stream, live: () => live };
  }

  it('answers invokes from Berth’s own main frame only', async () => {
    const { list, invoke } = setup();
    const win = new FakeContents();
    expect(await invoke(ipcEvent(win), 'containers:list', {})).toEqual({ ok: true, value: [] });
    expect(list).toHaveBeenCalledTimes(1);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'berth://other/index.html']) {
      const evil = new FakeContents(url);
      expect(await invoke(ipcEvent(evil), 'containers:list', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    // a subframe inside Berth's page is not Berth's page
    expect(await invoke(ipcEvent(win, 'berth://app/frame.html'), 'containers:list', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(list).toHaveBeenCalledTimes(1);
  });

  it('validates stream messages and closes a window’s streams when it is destroyed or reloads', async () => {
    const { router, stream, live } = setup();
    const win = new FakeContents();
    stream(ipcEvent(win), { type: 'open', sid: 's1', channel: 'test:ticker', args: {} });
    stream(ipcEvent(win), { type: 'open', sid: 's2', channel: 'test:ticker', args: {} });
    stream(ipcEvent(win), { type: 'open', sid: 'bad sid!', channel: 'test:ticker', args: {} }); // dropped
    stream(ipcEvent(new FakeContents('https://evil.example/')), { type: 'open', sid: 's9', channel: 'test:ticker', args: {} }); // refused
    await new Promise((r) => setTimeout(r, 5));
    expect(live()).toBe(2);
    win.emit('did-navigate');
    expect(live()).toBe(0);
    expect(router.openStreamCount).toBe(0);
    stream(ipcEvent(win), { type: 'open', sid: 's3', channel: 'test:ticker', args: {} });
    await new Promise((r) => setTimeout(r, 5));
    expect(live()).toBe(1);
    win.destroyed = true;
    win.emit('destroyed');
    expect(live()).toBe(0);
  });

  it('sends broadcasts to attached windows', () => {
    const { router, binding } = setup();
    const win = new FakeContents();
    binding.attach(win as never);
    router.broadcast('engine:status', { state: 'connecting', endpoint: null, attempt: 1 });
    expect(win.sent).toEqual([['berth:event', 'engine:status', { state: 'connecting', endpoint: null, attempt: 1 }]]);
  });
});

describe('navigation and permissions', () => {
  it('denies navigation away from Berth and new windows, opening http(s) links in the OS browser', () => {
    const win = new FakeContents();
    hardenContents(win as never);
    const nav = (url: string) => {
      const event = { prevented: false, preventDefault() { this.prevented = true; } };
      win.emit('will-navigate', event, url);
      return event.prevented;
    };
    expect(nav('https://example.com/docs')).toBe(true);
    expect(nav('file:///etc/passwd')).toBe(true);
    expect(nav('berth://app/index.html#/images')).toBe(false);
    expect(win.windowOpen!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(win.windowOpen!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(h.opened).toEqual(['https://example.com/docs', 'https://example.com/']);
  });

  it('refuses every permission request', () => {
    hardenSession();
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read']) h.permissionHandler!({}, p, (ok: boolean) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false]);
    expect(h.permissionCheck!()).toBe(false);
  });
});
