import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type * as ClientNodeModule from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeConfigView } from '../../../../shared/models';
import { BerthError } from '../../rpc/errors';
import { KubeClient } from './client';

type ClientNode = typeof ClientNodeModule;
let clientNode: Promise<ClientNode> | null = null;

/** @kubernetes/client-node takes ~0.6 s to load (its generated API): only when Kubernetes is first used. */
export function loadClientNode(): Promise<ClientNode> {
  clientNode ??= import('@kubernetes/client-node');
  return clientNode;
}

/**
 * The kubeconfig the views read, as kubectl would: Berth's own path when it has one, else
 * $KUBECONFIG (a list of files, merged), else ~/.kube/config. The files are read again when they
 * change (by mtime), so a context added with kubectl shows up; a client per context is kept while
 * its cluster and user stay the same.
 */
export class KubeConfigSource {
  private loaded: { stamp: string; kc: KubeConfig | null; files: string[]; problem: string | null } | null = null;
  private readonly clients = new Map<string, { fingerprint: string; client: KubeClient }>();

  constructor(
    private readonly path: () => string | null,
    private readonly env: Record<string, string | undefined> = process.env,
    private readonly home: string = homedir(),
  ) {}

  /** The files named, in order (existing or not). */
  candidates(): string[] {
    const own = this.path();
    if (own) return [own];
    const list = this.env.KUBECONFIG?.split(delimiter).filter(Boolean);
    if (list?.length) return list;
    return [join(this.home, '.kube', 'config')];
  }

  private async load(): Promise<{ kc: KubeConfig | null; files: string[]; problem: string | null }> {
    const named = this.candidates();
    const files = named.filter((f) => existsSync(f));
    const stamp = files.map((f) => `${f}:${statSync(f).mtimeMs}`).join('|') || `none:${named.join('|')}`;
    if (this.loaded?.stamp === stamp) return this.loaded;
    const { KubeConfig } = await loadClientNode();
    let kc: KubeConfig | null = null;
    let problem: string | null = null;
    if (!files.length) {
      problem = `No kubeconfig at ${named.join(', ')}. Turn on Berth's Kubernetes in Settings, or point KUBECONFIG at a cluster's kubeconfig.`;
    } else {
      try {
        kc = new KubeConfig();
        kc.loadFromFile(files[0]!);
        for (const f of files.slice(1)) {
          const more = new KubeConfig();
          more.loadFromFile(f);
          kc.mergeConfig(more, true);
        }
        if (!kc.getContexts().length) problem = `The kubeconfig ${files.join(', ')} has no contexts.`;
      } catch (err) {
        kc = null;
        problem = `Berth cannot read the kubeconfig ${files.join(', ')}: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    this.loaded = { stamp, kc, files, problem };
    return this.loaded;
  }

  async view(): Promise<KubeConfigView> {
    const { kc, files, problem } = await this.load();
    if (!kc) return { files, contexts: [], currentContext: null, problem };
    return {
      files,
      contexts: kc.getContexts().map((c) => ({
        name: c.name,
        cluster: c.cluster,
        server: kc.getCluster(c.cluster)?.server ?? null,
        user: c.user,
        namespace: c.namespace ?? null,
      })),
      currentContext: kc.getCurrentContext() || null,
      problem,
    };
  }

  /** The client for a context, made on first use and kept while the context's cluster and user stay the same. */
  async client(context: string): Promise<KubeClient> {
    const { kc, problem } = await this.load();
    if (!kc) throw new BerthError('not-found', problem ?? 'There is no kubeconfig.');
    const ctx = kc.getContextObject(context);
    if (!ctx) throw new BerthError('not-found', `The kubeconfig has no context "${context}" (any more). Choose another one.`);
    const cluster = kc.getCluster(ctx.cluster);
    if (!cluster) throw new BerthError('not-found', `Context "${context}" names a cluster "${ctx.cluster}" the kubeconfig does not have.`);
    const fingerprint = JSON.stringify([ctx, cluster, kc.getUser(ctx.user)]);
    const known = this.clients.get(context);
    if (known?.fingerprint === fingerprint) return known.client;
    known?.client.dispose();
    const { KubeConfig } = await loadClientNode();
    const own = new KubeConfig();
    own.loadFromOptions({ clusters: kc.getClusters(), users: kc.getUsers(), contexts: kc.getContexts(), currentContext: context });
    const client = new KubeClient(own, context);
    this.clients.set(context, { fingerprint, client });
    return client;
  }

  dispose(): void {
    for (const { client } of this.clients.values()) client.dispose();
    this.clients.clear();
  }
}
