const plans: Record<string, string> = {
  images: 'Pull, build, tag, push and remove images, and explore what each layer changed.',
  volumes: 'List, create, browse and prune volumes.',
  networks: 'List, create and remove networks; connect containers to them.',
  kubernetes: 'A local single-node cluster behind one switch, with its pods, deployments, services and jobs.',
  settings: 'The engine endpoint, VM resources, shared folders, Kubernetes and appearance.',
};

/** An honest placeholder: this page is planned, not built. */
export function NotYetPage({ title, page }: { title: string; page: string }) {
  return (
    <section className="page">
      <header className="page-header">
        <h1>{title}</h1>
      </header>
      <div className="empty-state">
        <p className="empty-title">Not built yet</p>
        <p>{plans[page] ?? ''}</p>
        <p className="muted">This page is planned; until it lands, the docker CLI does this against the same engine.</p>
      </div>
    </section>
  );
}
