import type { ApplyDocumentResult, ApplyResult } from '../../../../shared/models';
import { BerthError } from '../../rpc/errors';
import type { KubeClient } from './client';
import { KubeApiError, kubeError } from './errors';
import type { ApiResource, Discovery } from './discovery';
import { collectionPath } from './resources';
import type { RawObject } from './rows';

/** Berth's name in managedFields. */
export const fieldManager = 'berth';

export interface YamlDocument {
  index: number;
  /** 1-based line of the text where the document starts. */
  line: number;
  text: string;
}

/**
 * Splits a multi-document YAML text at `---` lines (and drops `...` end markers), remembering where
 * each document starts so errors can point at the line.
 */
export function splitDocuments(text: string): YamlDocument[] {
  const lines = text.split(/\r?\n/);
  const docs: YamlDocument[] = [];
  let current: string[] = [];
  let start = 1;
  const push = (): void => {
    docs.push({ index: docs.length, line: start, text: current.join('\n') });
    current = [];
  };
  lines.forEach((line, i) => {
    const sep = /^---(\s+(.*))?$/.exec(line);
    if (sep) {
      if (current.length || docs.length) push();
      start = i + 1;
      // Content on the marker line belongs to the document: keep it, on its own line number.
      current.push(sep[2] && !sep[2].startsWith('#') ? sep[2] : '');
      return;
    }
    if (/^\.\.\.\s*$/.test(line)) {
      current.push('');
      return;
    }
    current.push(line);
  });
  push();
  return docs;
}

interface Parsed {
  doc: YamlDocument;
  result: ApplyDocumentResult;
  object?: RawObject;
  resource?: ApiResource;
}

function blank(doc: YamlDocument): ApplyDocumentResult {
  return { index: doc.index, line: doc.line, kind: null, apiVersion: null, name: null, namespace: null, outcome: 'empty', message: null, errorLine: null };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Apply YAML: parses every document, finds its resource, then — validate — asks the apiserver for
 * a server-side dry run of each; — apply — does that first and applies (server-side apply) only if
 * every document passed; — delete — deletes what each document names. Results are per document,
 * in the text's order, with the apiserver's own words on failure.
 */
export class YamlApplier {
  constructor(
    private readonly discovery: Discovery,
    private readonly loadYaml: (text: string) => unknown,
  ) {}

  private async parse(client: KubeClient, text: string, defaultNamespace: string): Promise<Parsed[]> {
    const out: Parsed[] = [];
    for (const doc of splitDocuments(text)) {
      let value: unknown;
      try {
        value = this.loadYaml(doc.text);
      } catch (err) {
        const e = err as { reason?: string; message?: string; mark?: { line?: number; column?: number } };
        const line = typeof e.mark?.line === 'number' ? doc.line + e.mark.line : doc.line;
        out.push({ doc, result: { ...blank(doc), outcome: 'error', message: `YAML error at line ${line}${typeof e.mark?.column === 'number' ? `, column ${e.mark.column + 1}` : ''}: ${e.reason ?? e.message ?? String(err)}.`, errorLine: line } });
        continue;
      }
      if (value === null || value === undefined) continue; // only comments, or an empty document
      const items: unknown[] = isObject(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items) ? value.items : [value];
      for (const item of items) out.push(await this.check(client, doc, item, defaultNamespace));
    }
    return out;
  }

  private async check(client: KubeClient, doc: YamlDocument, value: unknown, defaultNamespace: string): Promise<Parsed> {
    const result = blank(doc);
    const fail = (message: string): Parsed => ({ doc, result: { ...result, outcome: 'error', message, errorLine: doc.line } });
    if (!isObject(value)) return fail(`Document ${doc.index + 1} is not a Kubernetes object (a mapping with apiVersion, kind and metadata).`);
    const o = value as RawObject;
    result.apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : null;
    result.kind = typeof o.kind === 'string' ? o.kind : null;
    const metadata = isObject(o.metadata) ? (o.metadata as NonNullable<RawObject['metadata']>) : null;
    result.name = typeof metadata?.name === 'string' ? metadata.name : null;
    if (!result.apiVersion) return fail('This document has no apiVersion (e.g. "apiVersion: apps/v1").');
    if (!result.kind) return fail('This document has no kind (e.g. "kind: Deployment").');
    if (!metadata || !result.name) {
      return fail(metadata && typeof (metadata as { generateName?: unknown }).generateName === 'string' ? 'Apply needs metadata.name: generateName is for create only.' : 'This document has no metadata.name.');
    }
    let resource: ApiResource;
    try {
      resource = await this.discovery.resolve(client, result.apiVersion, result.kind);
    } catch (err) {
      return fail((err instanceof BerthError ? err : kubeError(err, client.where)).message);
    }
    if (resource.namespaced) {
      metadata.namespace = typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : defaultNamespace;
      result.namespace = metadata.namespace;
    } else delete metadata.namespace;
    return { doc, result, object: o, resource };
  }

  private path(p: Parsed): string {
    const r = p.resource!;
    return `${collectionPath(r, p.object!.metadata?.namespace)}/${encodeURIComponent(p.result.name!)}`;
  }

  private async existing(client: KubeClient, p: Parsed): Promise<RawObject | null> {
    try {
      return await client.requestRaw<RawObject>('GET', this.path(p));
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return null;
      throw err;
    }
  }

  /** One server-side apply (dry or not); sets the outcome, or the error. */
  private async applyOne(client: KubeClient, p: Parsed, dryRun: boolean, createdNamespaces: Map<string, number>): Promise<void> {
    try {
      const before = await this.existing(client, p);
      const after = await client.requestRaw<RawObject>('PATCH', this.path(p), {
        query: { fieldManager, force: true, fieldValidation: 'Strict', dryRun: dryRun ? 'All' : undefined },
        body: p.object,
        contentType: 'application/apply-patch+yaml',
      });
      p.result.outcome = !before ? 'created' : changed(before, after) ? 'configured' : 'unchanged';
      p.result.message = null;
    } catch (err) {
      // Its namespace is made by another document of this text: it cannot be checked before that exists.
      const ns = p.result.namespace;
      if (dryRun && ns && createdNamespaces.has(ns) && err instanceof KubeApiError && err.status === 404 && isNamespaceMissing(err, ns)) {
        p.result.outcome = 'created';
        p.result.message = `Checked when applied: its namespace ${ns} is created by document ${createdNamespaces.get(ns)! + 1}.`;
        return;
      }
      p.result.outcome = 'error';
      p.result.message = kubeError(err, client.where).message;
    }
  }

  async run(client: KubeClient, text: string, mode: ApplyResult['mode'], defaultNamespace: string): Promise<ApplyResult> {
    const parsed = await this.parse(client, text, defaultNamespace);
    if (!parsed.length) throw new BerthError('invalid-input', 'There is nothing to apply: the text has no YAML document.');
    const valid = parsed.filter((p) => p.result.outcome !== 'error');
    const createdNamespaces = new Map<string, number>();
    for (const p of valid) if (p.result.kind === 'Namespace' && p.result.apiVersion === 'v1') createdNamespaces.set(p.result.name!, p.doc.index);

    if (mode === 'delete') {
      // Namespaces last: deleting one first would take the rest with it and report them absent.
      const order = [...valid].reverse().sort((a, b) => Number(a.result.kind === 'Namespace') - Number(b.result.kind === 'Namespace'));
      for (const p of order) {
        try {
          await client.requestRaw('DELETE', this.path(p), { query: { propagationPolicy: 'Background' } });
          p.result.outcome = 'deleted';
        } catch (err) {
          if (err instanceof KubeApiError && err.status === 404) p.result.outcome = 'absent';
          else {
            p.result.outcome = 'error';
            p.result.message = kubeError(err, client.where).message;
          }
        }
      }
      return { mode, ok: parsed.every((p) => p.result.outcome !== 'error'), documents: parsed.map((p) => p.result) };
    }

    for (const p of valid) await this.applyOne(client, p, true, createdNamespaces);
    const failed = parsed.filter((p) => p.result.outcome === 'error');
    if (mode === 'validate' || failed.length) {
      if (mode === 'apply') {
        const which = failed.map((p) => p.doc.index + 1).join(', ');
        for (const p of valid) {
          if (p.result.outcome === 'error') continue;
          p.result.message = `Valid (it would be ${p.result.outcome}), but nothing was applied: document${failed.length === 1 ? '' : 's'} ${which} failed.`;
          p.result.outcome = 'skipped';
        }
      }
      return { mode, ok: failed.length === 0, documents: parsed.map((p) => p.result) };
    }
    // Namespaces (and CRDs) first, then the rest in the text's order.
    const first = (p: Parsed): number => (p.result.kind === 'Namespace' || p.result.kind === 'CustomResourceDefinition' ? 0 : 1);
    for (const p of [...valid].sort((a, b) => first(a) - first(b))) await this.applyOne(client, p, false, new Map());
    return { mode, ok: parsed.every((p) => p.result.outcome !== 'error'), documents: parsed.map((p) => p.result) };
  }
}

function isNamespaceMissing(err: KubeApiError, ns: string): boolean {
  const details = (err.body as { details?: { kind?: string; name?: string } } | null)?.details;
  return (details?.kind === 'namespaces' && details.name === ns) || err.message.includes(`namespaces "${ns}" not found`);
}

/**
 * Whether an apply changed anything: the object before and after, without what changes by itself
 * (status, resourceVersion, managedFields' times): a controller writing status between the two
 * reads must not make an unchanged object look configured.
 */
function changed(before: RawObject, after: RawObject): boolean {
  const strip = (o: RawObject): string => {
    const { metadata, status: _status, ...rest } = o;
    const { managedFields: _m, resourceVersion: _rv, generation: _g, ...meta } = (metadata ?? {}) as Record<string, unknown>;
    return JSON.stringify({ ...rest, metadata: meta });
  };
  return strip(before) !== strip(after);
}
