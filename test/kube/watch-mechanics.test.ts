/**
 * The watch's bookkeeping against a scripted apiserver (plain HTTP on loopback), for what a real
 * cluster does only now and then: a 410 Gone (as an ERROR event and as an HTTP status) makes it
 * re-list; a cut connection is resumed from the last resourceVersion it saw; bookmarks move it on.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { silentLogger } from '../../electron/backend/logger';
import { KubeConfigSource } from '../../electron/backend/kube/views/kubeconfig';
import { ResourceWatch } from '../../electron/backend/kube/views/watch';
import type { KubeWatchEvent } from '../../shared/models';
import { until, watchRows } from './helpers';

interface Request {
  watch: boolean;
  resourceVersion: string | null;
}

type Handler = (req: Request, res: ServerResponse) => void;

const ns = (name: string, rv: string) => ({ kind: 'Namespace', apiVersion: 'v1', metadata: { name, uid: `uid-${name}`, resourceVersion: rv }, status: { phase: 'Active' } });
const line = (res: ServerResponse, type: string, object: unknown): boolean => res.write(`${JSON.stringify({ type, object })}\n`);

let server: Server;
let dir: string;
let source: KubeConfigSource;
let requests: Request[];
let onList: Handler;
let onWatch: Handler;

beforeEach(async () => {
  requests = [];
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const r: Request = { watch: url.searchParams.get('watch') === 'true', resourceVersion: url.searchParams.get('resourceVersion') };
    requests.push(r);
    res.setHeader('Content-Type', 'application/json');
    (r.watch ? onWatch : onList)(r, res);
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  dir = await mkdtemp('/tmp/berth-kube-fake-');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server: `http://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'me', user: { token: 't' } }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'me' } }],
    'current-context': 'fake',
  };
  await writeFile(join(dir, 'config'), JSON.stringify(config));
  source = new KubeConfigSource(() => join(dir, 'config'));
});

afterEach(async () => {
  source.dispose();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

async function watchNamespaces(): Promise<{ watch: ResourceWatch; events: KubeWatchEvent[] }> {
  const client = await source.client('fake');
  const watch = new ResourceWatch(client, { kind: 'namespaces' }, { log: silentLogger, batchMs: 5 });
  const events: KubeWatchEvent[] = [];
  await watch.first;
  watch.add({ send: (e) => events.push(e), fail: (e) => events.push({ type: 'status', state: 'reconnecting', message: `FAILED ${e.message}` }) });
  return { watch, events };
}

describe('watch bookkeeping (a scripted apiserver)', () => {
  it('a 410 Gone ERROR event makes it re-list; the new snapshot replaces the rows', async () => {
    let lists = 0;
    onList = (_r, res) => {
      lists++;
      res.end(JSON.stringify({ metadata: { resourceVersion: lists === 1 ? '10' : '20' }, items: lists === 1 ? [ns('a', '5'), ns('b', '6')] : [ns('a', '5'), ns('c', '19')] }));
    };
    onWatch = (r, res) => {
      if (r.resourceVersion === '10') {
        line(res, 'MODIFIED', ns('b', '11'));
        line(res, 'ERROR', { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired', message: 'too old resource version: 10 (15)' });
        res.end();
      } else {
        line(res, 'BOOKMARK', { kind: 'Namespace', apiVersion: 'v1', metadata: { resourceVersion: '25' } });
        // stays open
      }
    };
    const { watch, events } = await watchNamespaces();
    await until('the re-list', () => events.filter((e) => e.type === 'snapshot').length === 2, 5_000);
    expect(events.some((e) => e.type === 'status' && e.state === 'relisting')).toBe(true);
    expect([...watchRows(events).keys()].sort()).toEqual(['uid-a', 'uid-c']);
    expect(watch.counts).toMatchObject({ lists: 2, gone: 1 });
    await until('the watch from the new list', () => requests.some((r) => r.watch && r.resourceVersion === '20'));
    watch.stop();
  });

  it('a 410 Gone as the HTTP status of the watch does the same', async () => {
    let lists = 0;
    onList = (_r, res) => {
      lists++;
      res.end(JSON.stringify({ metadata: { resourceVersion: String(lists * 10) }, items: [ns('a', '1')] }));
    };
    onWatch = (r, res) => {
      if (r.resourceVersion === '10') {
        res.statusCode = 410;
        res.end(JSON.stringify({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old' }));
      }
    };
    const { watch } = await watchNamespaces();
    await until('the re-list', () => watch.counts.lists === 2, 5_000);
    expect(watch.counts.gone).toBe(1);
    watch.stop();
  });

  it('a cut watch is resumed from the last resourceVersion seen (events and bookmarks), without a re-list', async () => {
    onList = (_r, res) => res.end(JSON.stringify({ metadata: { resourceVersion: '10' }, items: [ns('a', '1')] }));
    let watches = 0;
    onWatch = (_r, res) => {
      watches++;
      if (watches === 1) {
        line(res, 'ADDED', ns('b', '12'));
        line(res, 'BOOKMARK', { kind: 'Namespace', apiVersion: 'v1', metadata: { resourceVersion: '14' } });
        setTimeout(() => res.socket?.destroy(), 50); // cut mid-stream
      } else line(res, 'ADDED', ns('c', '15'));
    };
    const { watch, events } = await watchNamespaces();
    await until('the resumed watch', () => [...watchRows(events).keys()].includes('uid-c'), 10_000);
    expect(requests.filter((r) => r.watch).map((r) => r.resourceVersion)).toEqual(['10', '14']);
    expect(watch.counts.lists).toBe(1);
    expect(events.some((e) => e.type === 'status' && e.state === 'reconnecting')).toBe(true);
    expect(events.at(-2)).toEqual({ type: 'status', state: 'live', message: null });
    watch.stop();
  });

  it('a refusal after the start (RBAC changed) ends the subscribers with the apiserver’s words', async () => {
    onList = (_r, res) => res.end(JSON.stringify({ metadata: { resourceVersion: '10' }, items: [] }));
    onWatch = (_r, res) => {
      res.statusCode = 403;
      res.end(JSON.stringify({ kind: 'Status', code: 403, message: 'namespaces is forbidden: User "me" cannot watch resource "namespaces"' }));
    };
    const { watch, events } = await watchNamespaces();
    await until('the failure', () => events.some((e) => e.type === 'status' && e.message?.startsWith('FAILED')));
    expect(events.at(-1)).toMatchObject({ message: 'FAILED Not allowed in context "fake": namespaces is forbidden: User "me" cannot watch resource "namespaces".' });
    expect(watch.isStopped).toBe(true);
  });
});
