import { NotYetPage } from '../NotYetPage';

/** Placeholder until this page is built. */
export function NetworksPage() {
  return <NotYetPage page="networks" title="NetworksPage" />;
}
