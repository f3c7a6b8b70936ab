import type { Router } from '../rpc/router';
import type { Logger } from '../logger';
import type { StreamContext, StreamSession } from '../rpc/streams';
import type { TerminalEvent } from '../../../shared/models';
import { BerthError } from '../rpc/errors';
import { TerminalSessions, type TerminalSession } from '../terminals/session';
import { load as loadYaml, dump as dumpYaml } from 'js-yaml';
import { KubeConfigSource } from '../kube/views/kubeconfig';
import type { KubeClient } from '../kube/views/client';
import { WatchHub, type ResourceWatchOptions } from '../kube/views/watch';
import { PodLogFollower } from '../kube/views/logs';
import { defaultShellCommand, startPodExec } from '../kube/views/exec';
import { PortForwards } from '../kube/views/port-forward';
import { Discovery } from '../kube/views/discovery';
import { YamlApplier } from '../kube/views/apply';
import { createNamespace, deleteObject, getObject, namespaceContents, quickDeploy, restart, scale, setImage } from '../kube/views/actions';
import { clusterScopedKinds, podTerminalOwner } from '../../../shared/models';

export interface KubeViewDeps {
  log: Logger;
  /** The kubeconfig to read; null means the user's default ($KUBECONFIG, ~/.kube/config). */
  kubeconfigPath: () => string | null;
  /** The backend's terminal sessions, so pod shells show in terminals:list and close with terminals:close. */
  terminals?: TerminalSessions;
  /** Tests: watch tuning. */
  watch?: ResourceWatchOptions;
  env?: Record<string, string | undefined>;
}

export interface KubeViews {
  dispose(): void;
  /** For tests: the watches running now (closing a view closes its watches). */
  readonly watches: WatchHub;
  readonly forwards: PortForwards;
  readonly sessions: TerminalSessions;
}

function attach(session: TerminalSession, ctx: StreamContext<TerminalEvent>, replay: boolean): StreamSession<string> {
  const detach = session.attach(ctx.send, replay);
  return { write: (data) => session.write(data), resize: (cols, rows) => session.resize(cols, rows), close: detach };
}

/**
 * The Kubernetes views' channels (shared/channels-kube.ts): lists kept current by watches, pod
 * logs and shells, port forwards to loopback, Apply YAML and quick deploy, against any context of
 * the kubeconfig. The backend calls this once at start and dispose() at stop.
 */
export function registerKubeViewHandlers(router: Router, deps: KubeViewDeps): KubeViews {
  const config = new KubeConfigSource(deps.kubeconfigPath, deps.env ?? process.env);
  const hub = new WatchHub({ log: deps.log, ...deps.watch });
  const discovery = new Discovery();
  const sessions = deps.terminals ?? new TerminalSessions();
  const ownSessions = !deps.terminals;
  const forwards = new PortForwards((context) => config.client(context), (list) => router.broadcast('kube:port-forwards', list), deps.log);
  const client = (context: string): Promise<KubeClient> => config.client(context);
  const namespaceOf = (c: KubeClient, namespace: string | undefined): string => namespace ?? c.defaultNamespace ?? 'default';

  router.handle('kube:contexts', () => config.view());

  router.handle('kube:get-yaml', async (args) => {
    const c = await client(args.context);
    const object = await getObject(c, args.kind, clusterScopedKinds.includes(args.kind) ? undefined : namespaceOf(c, args.namespace), args.name);
    return dumpYaml(object, { noRefs: true, lineWidth: 120 });
  });

  router.handle('kube:delete', async (args) => {
    const c = await client(args.context);
    await deleteObject(c, args.kind, clusterScopedKinds.includes(args.kind) ? undefined : namespaceOf(c, args.namespace), args.name);
    return null;
  });

  router.handle('kube:scale', async (args) => {
    await scale(await client(args.context), args.kind, args.namespace, args.name, args.replicas);
    return null;
  });

  router.handle('kube:restart', async (args) => {
    await restart(await client(args.context), args.kind, args.namespace, args.name);
    return null;
  });

  router.handle('kube:set-image', async (args) => {
    await setImage(await client(args.context), args.namespace, args.name, args.container, args.image);
    return null;
  });

  router.handle('kube:create-namespace', async (args) => {
    await createNamespace(await client(args.context), args.name);
    return null;
  });

  router.handle('kube:namespace-contents', async (args) => namespaceContents(await client(args.context), args.name));

  router.handle('kube:apply', async (args) => {
    const c = await client(args.context);
    // js-yaml itself: client-node's loadYaml would turn documents into its typed models, dropping
    // fields it does not know (a typo the apiserver's strict validation should report).
    const applier = new YamlApplier(discovery, (text) => loadYaml(text));
    return applier.run(c, args.yaml, args.mode, namespaceOf(c, args.namespace));
  });

  router.handle('kube:quick-deploy', async (args) => quickDeploy(await client(args.context), args));

  router.handle('kube:port-forward', (args) => forwards.start(args));
  router.handle('kube:port-forward-stop', (args) => {
    forwards.stop(args.id);
    return null;
  });
  router.handle('kube:port-forwards', () => forwards.list());

  router.stream('kube:watch', async (args, ctx) => {
    const c = await client(args.context);
    const namespace = clusterScopedKinds.includes(args.kind) ? undefined : args.namespace;
    const unsubscribe = await hub.subscribe(c, { kind: args.kind, namespace, labelSelector: args.labelSelector, fieldSelector: args.fieldSelector }, { send: ctx.send, fail: (e) => ctx.end(e) });
    return { close: unsubscribe };
  });

  router.stream('kube:pod-logs', async (args, ctx) => {
    const c = await client(args.context);
    const options = {
      follow: args.follow ?? true,
      tail: args.tail ?? 500,
      previous: !!args.previous,
      timestamps: !!args.timestamps,
      ...(args.since !== undefined ? { since: args.since } : {}),
      ...(args.until !== undefined ? { until: args.until } : {}),
    };
    const follower = new PodLogFollower(c, hub, args.namespace, args.pod, args.container, options, ctx.send, ctx.end);
    await follower.start().catch((err: unknown) => {
      follower.close();
      throw err;
    });
    return { close: () => follower.close() };
  });

  router.stream('kube:exec', async (args, ctx) => {
    if (args.sessionId) {
      const session = sessions.get(args.sessionId);
      if (!session) throw new BerthError('not-found', 'That terminal session has ended (or Berth was restarted). Open a new one.');
      return attach(session, ctx, true);
    }
    if (!args.context || !args.namespace || !args.pod || !args.container) throw new BerthError('invalid-input', 'Say which context, namespace, pod and container to open a shell in.');
    const c = await client(args.context);
    const command = args.command ?? defaultShellCommand;
    const process = await startPodExec(c, { namespace: args.namespace, pod: args.pod, container: args.container }, command, { cols: args.cols, rows: args.rows });
    const shown = args.command ? args.command.join(' ') : 'shell';
    const session = sessions.create('pod', process, {
      command: args.command ?? ['sh'],
      title: `${shown} in ${args.pod}/${args.container}`,
      // The tab's owner when it is restored after a reload (terminals:list): the pod.
      containerId: podTerminalOwner(args.context, args.namespace, args.pod),
      containerName: `${args.pod}/${args.container}`,
    });
    return attach(session, ctx, false);
  });

  return {
    watches: hub,
    forwards,
    sessions,
    dispose: () => {
      hub.dispose();
      forwards.dispose();
      if (ownSessions) sessions.closeAll();
      config.dispose();
    },
  };
}
