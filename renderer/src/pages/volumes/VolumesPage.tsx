import { NotYetPage } from '../NotYetPage';

/** Placeholder until this page is built. */
export function VolumesPage() {
  return <NotYetPage page="volumes" title="VolumesPage" />;
}
