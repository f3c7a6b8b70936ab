/**
 * Window security in one place, following Electron's security checklist: the renderer is served
 * from a privileged custom scheme with a strict CSP, navigation and new windows are denied (http(s)
 * links open in the OS browser), and every permission request is refused.
 */
import { app, net, protocol, session, shell, type WebContents } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../../shared/csp';

export const rendererScheme = 'berth';
export const rendererOrigin = `${rendererScheme}://app`;

export function isTrustedRendererUrl(url: string): boolean {
  if (process.env.ELECTRON_RENDERER_URL && url.startsWith(process.env.ELECTRON_RENDERER_URL)) return true; // electron-vite dev server
  try {
    // Not URL.origin: for a custom scheme Node's URL reports the origin "null".
    const u = new URL(url);
    return u.protocol === `${rendererScheme}:` && u.host === 'app' && !u.username && !u.password && !u.port;
  } catch {
    return false;
  }
}

/** Must run before app ready. */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: rendererScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves out/renderer under berth://app with the CSP header; nothing outside that folder. */
export function serveRenderer(rendererDir: string): void {
  const root = normalize(rendererDir);
  protocol.handle(rendererScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return new Response('Not found', { status: 404 });
    const path = normalize(join(root, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
    if (!path.startsWith(root + sep)) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(path).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

function openExternally(url: string): void {
  try {
    const { protocol: scheme } = new URL(url);
    if (scheme === 'http:' || scheme === 'https:') void shell.openExternal(url);
  } catch {
    /* not a URL: ignore */
  }
}

/** Applies to every webContents the app creates. */
export function hardenContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (isTrustedRendererUrl(url)) return;
    event.preventDefault();
    openExternally(url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function installGlobalGuards(): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
}
