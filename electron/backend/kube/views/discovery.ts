import { BerthError } from '../../rpc/errors';
import type { KubeClient } from './client';
import { KubeApiError, kubeError } from './errors';
import { groupVersionPath } from './resources';

export interface ApiResource {
  apiVersion: string;
  kind: string;
  /** The plural the paths use. */
  plural: string;
  namespaced: boolean;
}

interface RawResourceList {
  resources?: { name?: string; kind?: string; namespaced?: boolean }[];
}

/**
 * Which resource (plural, namespaced or not) a kind of an apiVersion is, from the apiserver's
 * discovery documents; each group/version is asked once per client and again when a kind is not
 * found (a CRD may have been added since).
 */
export class Discovery {
  private readonly cache = new WeakMap<KubeClient, Map<string, { at: number; list: RawResourceList }>>();

  private async groupVersion(client: KubeClient, apiVersion: string, fresh: boolean): Promise<RawResourceList> {
    let perClient = this.cache.get(client);
    if (!perClient) {
      perClient = new Map();
      this.cache.set(client, perClient);
    }
    const known = perClient.get(apiVersion);
    if (known && !fresh) return known.list;
    try {
      const list = await client.requestRaw<RawResourceList>('GET', groupVersionPath(apiVersion));
      perClient.set(apiVersion, { at: Date.now(), list });
      return list;
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) {
        throw new BerthError('invalid-input', `The cluster has no API "${apiVersion}". Check apiVersion (e.g. apps/v1 for a Deployment, v1 for a Service), or install what provides it.`);
      }
      throw kubeError(err, client.where);
    }
  }

  async resolve(client: KubeClient, apiVersion: string, kind: string): Promise<ApiResource> {
    const find = (list: RawResourceList) => list.resources?.find((r) => r.kind === kind && r.name && !r.name.includes('/'));
    let found = find(await this.groupVersion(client, apiVersion, false));
    const cached = this.cache.get(client)?.get(apiVersion);
    if (!found && cached && Date.now() - cached.at > 2000) found = find(await this.groupVersion(client, apiVersion, true));
    if (!found?.name) {
      const kinds = [...new Set((cached?.list.resources ?? []).filter((r) => r.name && !r.name.includes('/')).map((r) => r.kind))].slice(0, 12);
      const all = [...new Set((cached?.list.resources ?? []).map((r) => r.kind ?? ''))];
      const near = all.find((k) => k.toLowerCase() === kind.toLowerCase()) ?? all.find((k) => editDistance(k.toLowerCase(), kind.toLowerCase()) <= 2);
      throw new BerthError(
        'invalid-input',
        near
          ? `Unknown kind "${kind}" in ${apiVersion}: did you mean "${near}"?`
          : `Unknown kind "${kind}" in ${apiVersion}.${kinds.length ? ` It has: ${kinds.join(', ')}.` : ''}`,
      );
    }
    return { apiVersion, kind, plural: found.name, namespaced: !!found.namespaced };
  }
}

/** Levenshtein distance, for "did you mean". */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
