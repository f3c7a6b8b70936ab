/**
 * Bench (not a test) of the Kubernetes views on the native test cluster:
 *
 *  1. list of 1,000 pods — made cheaply: a Deployment of 1,000 replicas whose nodeSelector matches
 *     no node, so every pod is an API object that stays Pending (no container runs) —
 *       a. backend: `kube:watch` opened through the router until its snapshot (1,000 rows) arrives,
 *       b. UI: Chromium navigating to the Pods view until 1,000 rows are drawn,
 *     beside `kubectl get pods -o json` on the same namespace (the baseline, same run);
 *  2. watch event to UI row change: a pod is patched (a label); the time from the moment a separate
 *     raw watch in this process sees the MODIFIED event to the moment the pod's row in Chromium
 *     shows the new resourceVersion (a MutationObserver in the page), with the 1,000 rows on
 *     screen. Both clocks are this machine's wall clock. Target: p95 ≤ 200 ms.
 *
 *   npm run build && npm run bench:kube       (as root; starts the native cluster, ~20 s)
 *   BERTH_KUBE_TEST_RUN=/tmp/berth-kube.XXXX  reuses a cluster held by test/harness/kube-cluster.ts
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { KubeConfigSource } from '../../electron/backend/kube/views/kubeconfig';
import type { KubeWatchEvent } from '../../shared/models';
import { kubeBinDir, startKubeCluster, type KubeCluster } from '../harness/kube-cluster';
import { launchChromium, startBerthServe } from '../harness/browser-mode';
import { kubeViewsOn } from '../kube/helpers';
import { printTable, stats } from './bench-util';

const count = Number(process.env.BENCH_PODS ?? 1000);
const patches = Number(process.env.BENCH_PATCHES ?? 100);
const ns = `bench-pods-${Date.now().toString(36)}`;
const exec = promisify(execFile);

const manyYaml = `apiVersion: v1
kind: Namespace
metadata: {name: ${ns}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: many, namespace: ${ns}}
spec:
  replicas: ${count}
  selector: {matchLabels: {app: many}}
  template:
    metadata: {labels: {app: many}}
    spec:
      # No node has this label: the pods are made and stay Pending, costing only the API objects.
      nodeSelector: {berth.bench/nowhere: "true"}
      containers:
      - {name: c, image: berth/pause:3.10.2, imagePullPolicy: Never}
`;

/** What the page code below reads (this file is typechecked without the DOM). */
interface PageGlobals {
  document: { querySelectorAll(selector: string): { length: number } };
  __changed: Record<string, number>;
}

// Code that runs in the page is written as strings: this file is typechecked without the DOM.
const observeRows = `
  window.__changed = {};
  new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target;
      if (el.dataset && el.dataset.podName && el.dataset.rv) window.__changed[el.dataset.podName + '@' + el.dataset.rv] = Date.now();
    }
  }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-rv'] });
`;

async function main(): Promise<void> {
  const reuse = process.env.BERTH_KUBE_TEST_RUN;
  let cluster: KubeCluster | null = null;
  const kubeconfig = reuse ? `${reuse}/berth-test.kubeconfig` : (cluster = await startKubeCluster((l) => process.stderr.write(`${l}\n`))).kubeconfig;
  const engineHost = reuse ? `unix://${reuse}/docker.sock` : cluster!.engineHost;
  const kubectl = `${kubeBinDir()}/kubectl`;
  const k = async (args: string[], input?: string): Promise<string> => {
    const child = exec(kubectl, ['--kubeconfig', kubeconfig, ...args], { maxBuffer: 512 * 1024 * 1024 });
    if (input !== undefined) child.child.stdin?.end(input);
    return (await child).stdout;
  };
  const views = kubeViewsOn(kubeconfig);
  const berth = await startBerthServe(engineHost, { kubeconfig });
  const browser = await launchChromium();
  try {
    await k(['apply', '-f', '-'], manyYaml);
    process.stderr.write(`waiting for ${count} pods…\n`);
    const t0 = Date.now();
    for (;;) {
      const n = (await k(['-n', ns, 'get', 'pods', '--no-headers', '-o', 'name'])).split('\n').filter(Boolean).length;
      if (n >= count) break;
      if (Date.now() - t0 > 600_000) throw new Error(`only ${n} pods after 10 minutes`);
      await new Promise((r) => setTimeout(r, 2000));
    }
    process.stderr.write(`${count} pods in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);

    // 1a. backend list → snapshot, through the router (a new watch each time: the previous one closed).
    const backend: number[] = [];
    for (let i = 0; i < 11; i++) {
      const started = performance.now();
      const w = views.open('kube:watch', { context: 'berth', kind: 'pods', namespace: ns });
      await new Promise<void>((resolve) => {
        w.onData = (e: KubeWatchEvent) => {
          if (e.type === 'snapshot' && e.rows.length >= count) resolve();
        };
      });
      if (i > 0) backend.push(performance.now() - started); // the first warms discovery and the connection
      w.close();
      await new Promise((r) => setTimeout(r, 50));
    }
    // Baseline: kubectl, same namespace, same run.
    const baseline: number[] = [];
    for (let i = 0; i < 11; i++) {
      const started = performance.now();
      const out = await k(['-n', ns, 'get', 'pods', '-o', 'json']);
      if (i > 0) baseline.push(performance.now() - started);
      if (!out.includes('"items"')) throw new Error('kubectl gave no list');
    }

    // 1b. UI: the Pods view drawing 1,000 rows.
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(berth.loginUrl);
    await page.evaluate(`localStorage.setItem('berth.kube.selection', JSON.stringify({ context: 'berth', namespaces: { berth: '${ns}' } }))`);
    await page.reload(); // the store reads the choice when the page starts
    const ui: number[] = [];
    for (let i = 0; i < 6; i++) {
      await page.goto(`${berth.url}#/kubernetes/namespaces`);
      await page.waitForSelector('tr[data-namespace-name]');
      const started = Date.now();
      await page.goto(`${berth.url}#/kubernetes/pods`);
      await page.waitForFunction((n) => (globalThis as unknown as PageGlobals).document.querySelectorAll('tr[data-pod-name]').length >= n, count, { timeout: 60_000, polling: 'raf' });
      if (i > 0) ui.push(Date.now() - started);
    }

    // 2. watch event → row change, with the 1,000 rows on screen.
    await page.evaluate(observeRows);
    const source = new KubeConfigSource(() => kubeconfig);
    const client = await source.client('berth');
    const names = (await k(['-n', ns, 'get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'])).split(' ').slice(0, patches);
    const seen = new Map<string, number>();
    const list = await client.request<{ metadata: { resourceVersion: string } }>('GET', `/api/v1/namespaces/${ns}/pods`, { query: { limit: 1 } });
    const raw = await client.open('GET', `/api/v1/namespaces/${ns}/pods`, { query: { watch: true, resourceVersion: list.metadata.resourceVersion } });
    let buffer = '';
    raw.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const e = JSON.parse(buffer.slice(0, nl)) as { type: string; object: { metadata: { name: string; resourceVersion: string } } };
        buffer = buffer.slice(nl + 1);
        if (e.type === 'MODIFIED') seen.set(`${e.object.metadata.name}@${e.object.metadata.resourceVersion}`, Date.now());
      }
    });
    const latencies: number[] = [];
    let missed = 0;
    for (const [i, name] of names.entries()) {
      const patched = await client.request<{ metadata: { resourceVersion: string } }>('PATCH', `/api/v1/namespaces/${ns}/pods/${name}`, {
        body: { metadata: { labels: { 'bench-step': String(i) } } },
        contentType: 'application/merge-patch+json',
      });
      const key = `${name}@${patched.metadata.resourceVersion}`;
      const shownAt = await page
        .waitForFunction((k) => (globalThis as unknown as PageGlobals).__changed[k], key, { timeout: 5_000, polling: 10 })
        .then((h) => h.jsonValue() as Promise<number>)
        .catch(() => null);
      const sawAt = seen.get(key);
      if (shownAt === null || sawAt === undefined) missed++;
      else latencies.push(shownAt - sawAt);
      await new Promise((r) => setTimeout(r, 30));
    }
    raw.destroy();
    source.dispose();

    printTable(`Kubernetes views, ${count} pods (Pending, API objects only), native cluster`, [
      [`Berth backend: kube:watch open → snapshot of ${count}`, stats(backend)],
      [`Berth UI: Pods view → ${count} rows drawn (Chromium)`, stats(ui)],
      [`baseline: kubectl get pods -o json (${count})`, stats(baseline)],
      [`watch event → UI row change (${latencies.length} patches)`, stats(latencies)],
    ]);
    if (missed) console.log(`${missed} patch(es) not seen within 5 s`);
    console.log(`target: watch event → row change p95 ≤ 200 ms: ${stats(latencies).p95 <= 200 ? 'met' : 'NOT met'}`);
  } finally {
    await k(['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
    await browser.close();
    await berth.stop();
    views.dispose();
    await cluster?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
