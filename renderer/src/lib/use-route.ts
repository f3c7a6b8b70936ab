import { useEffect, useState } from 'react';

export const pages = ['containers', 'images', 'volumes', 'networks', 'kubernetes', 'settings'] as const;
export type Page = (typeof pages)[number];

function current(): Page {
  const name = location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return (pages as readonly string[]).includes(name) ? (name as Page) : 'containers';
}

/** The page lives in the URL hash, so a reload keeps it and nothing navigates the window. */
export function useRoute(): Page {
  const [page, setPage] = useState<Page>(current);
  useEffect(() => {
    const onChange = (): void => setPage(current());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return page;
}
