import { NotYetPage } from '../NotYetPage';

/** Placeholder until this page is built. */
export function VolumeBrowserPage({ name, path }: { name: string; path: string }) {
  return <NotYetPage page="volumes" title={`Volume ${name} ${path}`} />;
}
