import { useEffect, useState } from 'react';

export const pages = ['containers', 'images', 'volumes', 'networks', 'disk', 'terminal', 'kubernetes', 'settings', 'troubleshoot'] as const;
export type Page = (typeof pages)[number];

export interface Route {
  page: Page;
  /** The path after the page: a container ID, an image ID, a volume name. */
  param: string | null;
  query: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [name = '', ...rest] = path.split('/');
  const page = (pages as readonly string[]).includes(name) ? (name as Page) : 'containers';
  const param = rest.length ? decodeURIComponent(rest.join('/')) : null;
  return { page, param, query: new URLSearchParams(search) };
}

/** The hash for a page (and optional param and query), e.g. "#/containers/abc". */
export function href(page: Page, param?: string | null, query?: Record<string, string>): string {
  const q = query && Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : '';
  return `#/${page}${param ? `/${encodeURIComponent(param)}` : ''}${q}`;
}

export function navigate(page: Page, param?: string | null, query?: Record<string, string>): void {
  location.hash = href(page, param, query);
}

/** The page lives in the URL hash, so a reload keeps it and nothing navigates the window. */
export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
