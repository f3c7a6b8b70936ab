import { NotYetPage } from '../NotYetPage';

/** Placeholder until this page is built. */
export function DiskUsagePage() {
  return <NotYetPage page="disk" title="DiskUsagePage" />;
}
