import { NotYetPage } from '../NotYetPage';

/** Placeholder until this page is built. */
export function ImagesPage() {
  return <NotYetPage page="images" title="Images" />;
}
