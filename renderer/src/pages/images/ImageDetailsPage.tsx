import { NotYetPage } from '../NotYetPage';

/** Placeholder until this page is built. */
export function ImageDetailsPage({ id }: { id: string }) {
  return <NotYetPage page="images" title={id} />;
}
