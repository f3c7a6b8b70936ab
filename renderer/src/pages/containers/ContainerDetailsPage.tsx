import { NotYetPage } from '../NotYetPage';

/** Placeholder until this page is built. */
export function ContainerDetailsPage({ id }: { id: string }) {
  return <NotYetPage page="containers" title={id} />;
}
