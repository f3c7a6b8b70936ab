import { useEffect } from 'react';
import { useKube, useStores } from '../../stores/context';
import { kubeHref, kubeViews, parseKubeRoute, type KubeRoute } from './kube-route';
import { ContextBar } from './ContextBar';
import { PodsView } from './PodsView';
import { PodDetails } from './PodDetails';
import { DeploymentsView } from './DeploymentsView';
import { DeploymentDetails } from './DeploymentDetails';
import { ReplicaSetsView, ReplicaSetDetails } from './ReplicaSetsView';
import { DaemonSetsView, DaemonSetDetails } from './DaemonSetsView';
import { CronJobsView, JobDetails, JobsView } from './JobsView';
import { ServicesView } from './ServicesView';
import { EventsView } from './EventsView';
import { NamespacesView } from './NamespacesView';
import { ApplyView } from './ApplyView';
import { QuickDeployView } from './QuickDeployView';
import './kube.css';

function ViewFor({ route, tab }: { route: KubeRoute; tab: string | null }) {
  const { view, namespace, name } = route;
  const detail = namespace && name ? { namespace, name } : null;
  switch (view) {
    case 'pods':
      return detail ? <PodDetails key={`${detail.namespace}/${detail.name}/${tab ?? ''}`} {...detail} tab={tab} /> : <PodsView />;
    case 'deployments':
      return detail ? <DeploymentDetails key={`${detail.namespace}/${detail.name}`} {...detail} /> : <DeploymentsView />;
    case 'replicasets':
    case 'replicationcontrollers':
      return detail ? <ReplicaSetDetails key={`${view}/${detail.namespace}/${detail.name}`} kind={view} {...detail} /> : <ReplicaSetsView key={view} kind={view} />;
    case 'daemonsets':
      return detail ? <DaemonSetDetails key={`${detail.namespace}/${detail.name}`} {...detail} /> : <DaemonSetsView />;
    case 'jobs':
      return detail ? <JobDetails key={`${detail.namespace}/${detail.name}`} {...detail} /> : <JobsView />;
    case 'cronjobs':
      return <CronJobsView />;
    case 'services':
      return <ServicesView />;
    case 'events':
      return <EventsView />;
    case 'namespaces':
      return <NamespacesView />;
    case 'apply':
      return <ApplyView />;
    case 'deploy':
      return <QuickDeployView />;
  }
}

/**
 * Kubernetes: workloads, services and namespaces of any kubeconfig context, kept current by
 * watches. The context and namespace pickers sit on top; each view watches only what it shows.
 */
export function KubernetesPage({ param, tab = null }: { param: string | null; tab?: string | null }) {
  const route = parseKubeRoute(param);
  const kube = useStores().kube;
  const config = useKube((s) => s.config);
  const error = useKube((s) => s.error);
  const context = useKube((s) => s.context);

  useEffect(() => {
    void kube.getState().loadContexts();
  }, [kube]);

  return (
    <section className="page kube-page" data-kube-view={route.view}>
      <header className="page-header">
        <h1>Kubernetes</h1>
        <ContextBar />
      </header>
      {error && (
        <div className="banner error" role="alert">
          {error.message}
        </div>
      )}
      {config && !config.contexts.length ? (
        <div className="empty-state" role="alert">
          <p className="empty-title">No Kubernetes context</p>
          <p>{config.problem}</p>
          <button type="button" onClick={() => void kube.getState().loadContexts()}>
            Look again
          </button>
        </div>
      ) : !context ? (
        <div className="empty-state">Reading the kubeconfig…</div>
      ) : (
        <div className="kube-layout">
          <nav className="kube-nav" aria-label="Kubernetes views">
            {kubeViews.map((v, i) => {
              const heading = v.group !== kubeViews[i - 1]?.group ? v.group : null;
              return (
                <div key={v.id}>
                  {heading && <div className="kube-nav-group">{heading}</div>}
                  <a className={route.view === v.id ? 'kube-nav-item active' : 'kube-nav-item'} href={kubeHref(v.id)} aria-current={route.view === v.id ? 'page' : undefined}>
                    {v.label}
                  </a>
                </div>
              );
            })}
          </nav>
          <div className="kube-view" key={context}>
            <ViewFor route={route} tab={tab} />
          </div>
        </div>
      )}
    </section>
  );
}
