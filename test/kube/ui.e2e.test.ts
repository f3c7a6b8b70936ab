/**
 * The Kubernetes views in Chromium (browser mode, the built bundle) against the native cluster:
 * clicking as a person would, through every view the issue names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, startBerthServe, type RunningBerth } from '../harness/browser-mode';
import { uniqueNamespace } from './helpers';
import { invalidDeploymentYaml, jobYaml, tickerYaml, webYaml } from './manifests';

const kubeconfig = inject('kubeconfig');
const kubectl = inject('kubectl');
const engineHost = inject('kubeEngineHost');
const artifacts = 'test/.artifacts';
const ns = uniqueNamespace('ke');
const exec = promisify(execFile);
const k = async (args: string[], input?: string): Promise<string> => {
  const child = exec(kubectl, ['--kubeconfig', kubeconfig, ...args]);
  if (input !== undefined) child.child.stdin?.end(input);
  return (await child).stdout;
};

let berth: RunningBerth;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const cspViolations: string[] = [];

async function go(hash: string): Promise<void> {
  await page.goto(`${berth.url}#/kubernetes/${hash}`);
}

/** Replaces the Apply YAML editor's text, as typing (an input event) would. */
async function setEditorText(text: string): Promise<void> {
  const content = page.locator('[data-yaml-editor]:not([data-readonly]) .cm-content');
  await content.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

async function applyText(text: string, button: 'Validate' | 'Apply'): Promise<void> {
  await go('apply');
  await setEditorText(text);
  await page.getByRole('button', { name: button, exact: true }).click();
}

/** What the active terminal holds: its "Copy all", then the clipboard (WebGL draws on a canvas). */
async function terminalText(): Promise<string> {
  await page.locator('.term-pane:not([hidden])').getByRole('button', { name: 'Copy all' }).click();
  return String(await page.evaluate('navigator.clipboard.readText()'));
}

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  berth = await startBerthServe(engineHost, { kubeconfig });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1400, height: 860 }, permissions: ['clipboard-read', 'clipboard-write'] });
  page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await page.goto(berth.loginUrl);
});

afterAll(async () => {
  await browser?.close();
  await berth?.stop();
  await k(['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
});

describe('Kubernetes views in Chromium against the native cluster', () => {
  it('creates a namespace, picks it, and the choice persists over a reload', async () => {
    await go('namespaces');
    await page.getByLabel('New namespace name').fill(ns);
    await page.getByRole('button', { name: 'Create namespace' }).click();
    const row = page.locator(`tr[data-namespace-name="${ns}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: 'Use' }).click();
    await expect.poll(() => page.getByLabel('Namespace', { exact: true }).inputValue()).toBe(ns);
    await page.reload();
    await expect.poll(() => page.getByLabel('Namespace', { exact: true }).inputValue()).toBe(ns);
    expect(await page.getByLabel('Kubernetes context').inputValue()).toBe('berth');
  });

  it('applies a Deployment YAML (validated first) and its pods appear and run', async () => {
    await applyText(webYaml('web'), 'Validate');
    const result = page.locator('[data-apply-result]');
    await expect.poll(() => result.getAttribute('data-apply-mode')).toBe('validate');
    expect(await result.getAttribute('data-apply-result')).toBe('ok');
    expect(await page.locator('[data-doc-index]').allTextContents()).toEqual([expect.stringMatching(/would be created.*Deployment web in/), expect.stringMatching(/would be created.*Service web in/)]);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => result.getAttribute('data-apply-mode')).toBe('apply');
    expect(await page.locator('[data-outcome]').evaluateAll((els) => els.map((e) => e.getAttribute('data-outcome')))).toEqual(['created', 'created']);
    await go('pods');
    const running = page.locator('tr[data-pod-name^="web-"][data-pod-status="Running"][data-ready="1/1"]');
    await expect.poll(() => running.count(), { timeout: 60_000 }).toBe(1);
  });

  it('scales the Deployment to 3 with the number field and sees 3 Running', async () => {
    await go(`deployments/${ns}/web`);
    await page.getByLabel('Replicas of web').fill('3');
    await page.getByRole('button', { name: 'Scale', exact: true }).click();
    const details = page.locator('[data-deployment-details="web"]');
    await expect.poll(() => details.getAttribute('data-ready'), { timeout: 60_000 }).toBe('3');
    const running = page.locator('table[aria-label="Pods of the deployment"] tr[data-pod-status="Running"][data-ready="1/1"]');
    await expect.poll(() => running.count(), { timeout: 60_000 }).toBe(3);
    expect(await page.locator('table[aria-label="ReplicaSets of the deployment"] tr[data-replicaset-name]').count()).toBe(1);
    await page.screenshot({ path: `${artifacts}/kube-deployment.png`, fullPage: true });
    await go('pods');
    await expect.poll(() => page.locator('tr[data-pod-name^="web-"][data-pod-status="Running"]').count(), { timeout: 30_000 }).toBe(3);
    await page.screenshot({ path: `${artifacts}/kube-pods.png` });
  });

  it('follows a pod’s logs in the same viewer as container logs', async () => {
    await k(['-n', ns, 'apply', '-f', '-'], tickerYaml('ticker'));
    await k(['-n', ns, 'wait', '--for=condition=Ready', 'pod/ticker', '--timeout=60s']);
    await go(`pods/${ns}/ticker?tab=logs`);
    await page.locator('[data-log-viewer]').waitFor();
    const rows = page.locator('[data-log-row]');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const ticks = async (): Promise<number> => Math.max(...(await rows.allTextContents()).map((t) => Number(/tick (\d+)/.exec(t)?.[1] ?? 0)));
    const first = await ticks();
    await expect.poll(ticks, { timeout: 10_000 }).toBeGreaterThanOrEqual(first + 3);
    expect(await page.locator('[data-log-viewer]').getAttribute('data-log-status')).toBe('streaming');
  });

  it('execs `echo hi` in a pod’s container through the same terminal as containers', async () => {
    await go(`pods/${ns}/ticker?tab=terminal`);
    const pane = page.locator('.term-pane:not([hidden])');
    await expect.poll(() => pane.getAttribute('data-session-id'), { timeout: 20_000 }).toBeTruthy();
    await page.locator('.term-pane:not([hidden]) .xterm').click();
    await page.keyboard.type('echo hi\n');
    await expect.poll(terminalText, { timeout: 10_000 }).toMatch(/^hi$/m);
  });

  it('creates a Job and sees it complete, with the pod it ran', async () => {
    await applyText(jobYaml('once'), 'Apply');
    await expect.poll(() => page.locator('[data-apply-result]').getAttribute('data-apply-result')).toBe('ok');
    await go('jobs');
    const row = page.locator('tr[data-job-name="once"]');
    await expect.poll(() => row.getAttribute('data-job-status'), { timeout: 60_000 }).toBe('Complete');
    expect(await row.getAttribute('data-completions')).toBe('1/1');
    await row.getByRole('link', { name: 'once', exact: true }).click();
    await expect.poll(() => page.locator('table[aria-label="Pods of once"] tr[data-pod-status="Completed"]').count(), { timeout: 30_000 }).toBe(1);
  });

  it('port-forwards a Service to host loopback with one click, fetches from it, opens it, and stops it', async () => {
    await go('services');
    const row = page.locator('tr[data-service-name="web"]');
    await expect.poll(() => row.getAttribute('data-endpoints'), { timeout: 30_000 }).toBe('3');
    await row.getByRole('button', { name: 'Forward web:80' }).click();
    const forward = row.locator('[data-forward="web:80"]');
    await forward.waitFor();
    const port = Number(await forward.getAttribute('data-local-port'));
    expect(port).toBeGreaterThan(0);
    const body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    expect(body).toMatch(/^hello from web-/);
    await expect.poll(() => page.locator('[aria-label="Port forwards"] tr[data-forward-id]').count()).toBe(1);
    await page.screenshot({ path: `${artifacts}/kube-port-forward.png` });
    // Open in the browser: a new tab on the forwarded port.
    const [tab] = await Promise.all([context.waitForEvent('page'), forward.getByRole('link').click()]);
    await tab.waitForLoadState();
    expect(await tab.textContent('body')).toMatch(/hello from web-/);
    await tab.close();
    await forward.getByRole('button', { name: 'Stop forwarding web:80' }).click();
    await expect.poll(() => row.locator('[data-forward="web:80"]').count()).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });

  it('shows the apiserver’s message for a bad YAML, at the document, and applies nothing', async () => {
    await applyText(`${invalidDeploymentYaml('broken')}---\n${jobYaml('after-broken')}`, 'Apply');
    const result = page.locator('[data-apply-result]');
    await expect.poll(() => result.getAttribute('data-apply-result')).toBe('failed');
    const bad = page.locator('[data-doc-index="0"]');
    expect(await bad.getAttribute('data-outcome')).toBe('error');
    expect(await bad.textContent()).toMatch(/Deployment\.apps "broken" is invalid: spec\.replicas: Invalid value: -1: must be greater than or equal to 0/);
    expect(await page.locator('[data-doc-index="1"]').getAttribute('data-outcome')).toBe('skipped');
    // The editor marks the line; the rest of the page still works.
    await expect.poll(() => page.locator('[data-yaml-editor] .cm-lint-marker-error').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${artifacts}/kube-apply-error.png` });
    expect(await k(['-n', ns, 'get', 'deployment,job', '-o', 'name'])).not.toMatch(/broken|after-broken/);
  });

  it('the editor is CodeMirror with its styles, under the CSP, without loosening it', async () => {
    await go('apply');
    const editor = page.locator('[data-yaml-editor] .cm-editor');
    await editor.waitFor();
    // CodeMirror's own base styles took (they live in an adopted stylesheet of the editor's shadow root).
    expect(await editor.evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).display)).toBe('flex');
    expect(await page.evaluate("document.querySelector('[data-yaml-editor]').shadowRoot.adoptedStyleSheets.length")).toBeGreaterThan(0);
    // What the CSP does to a <style> element, which is what CodeMirror makes when mounted in a document.
    await page.evaluate("(() => { const s = document.createElement('style'); s.textContent = '.kube-csp-probe { color: red }'; document.head.appendChild(s); s.remove(); })()");
    await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
    cspViolations.length = 0;
  });

  it('quick-deploys a local image with a Service, and shows the Deployment', async () => {
    await go('deploy');
    const form = page.getByRole('form', { name: 'Quick deploy' });
    await form.getByLabel('Name', { exact: true }).fill('quick');
    // The engine's local images are offered.
    await expect.poll(() => form.locator('datalist option[value="berth/probe:test"]').count(), { timeout: 10_000 }).toBe(1);
    await form.getByLabel('Image (local)').fill('berth/probe:test');
    await form.getByLabel('Replicas').fill('2');
    await form.getByLabel('Container port (optional)').fill('8080');
    await form.getByLabel('Service').selectOption('ClusterIP');
    await form.getByRole('button', { name: 'Deploy' }).click();
    const details = page.locator('[data-deployment-details="quick"]');
    await details.waitFor();
    await expect.poll(() => details.getAttribute('data-ready'), { timeout: 60_000 }).toBe('2');
    expect(await k(['-n', ns, 'get', 'service', 'quick', '-o', 'jsonpath={.spec.ports[0].port}'])).toBe('8080');
  });

  it('lists the cluster’s events, filterable by object', async () => {
    await go('events');
    await expect.poll(() => page.locator('tr[data-event-object]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.getByLabel('Object kind').selectOption('Deployment');
    await page.getByLabel('Filter events by object').fill('quick');
    await expect.poll(() => page.locator('tr[data-event-object]').count()).toBeGreaterThan(0);
    const objects = await page.locator('tr[data-event-object]').evaluateAll((els) => els.map((e) => e.getAttribute('data-event-object')));
    expect(new Set(objects)).toEqual(new Set(['Deployment/quick']));
    await page.screenshot({ path: `${artifacts}/kube-events.png` });
  });

  it('a context whose server is down says so where the list would be; the rest keeps working', async () => {
    await go('pods');
    await page.getByLabel('Kubernetes context').selectOption('berth-down');
    const error = page.locator('[data-watch-error]');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.textContent()).toMatch(/Cannot list pods: Cannot reach the cluster of context "berth-down" at https:\/\/127\.0\.0\.1:1: connection refused/);
    await page.screenshot({ path: `${artifacts}/kube-context-down.png` });
    await page.locator('nav.sidebar').getByRole('link', { name: 'Containers' }).click();
    await page.locator('.page h1').filter({ hasText: 'Containers' }).waitFor();
    await page.locator('nav.sidebar').getByRole('link', { name: 'Kubernetes' }).click();
    await page.getByLabel('Kubernetes context').selectOption('berth');
    await expect.poll(() => page.getByLabel('Namespace', { exact: true }).inputValue()).toBe(ns);
    await expect.poll(() => page.locator('tr[data-pod-name^="web-"]').count(), { timeout: 20_000 }).toBe(3);
    await page.screenshot({ path: `${artifacts}/kube-pods.png` });
  });

  it('deletes the namespace after showing what is inside, and everything goes', async () => {
    await go('namespaces');
    const row = page.locator(`tr[data-namespace-name="${ns}"]`);
    await row.getByRole('button', { name: `Delete namespace ${ns}` }).click();
    const dialog = page.getByRole('dialog');
    const contents = dialog.locator(`[data-namespace-contents="${ns}"]`);
    await contents.waitFor();
    expect(await contents.locator('[data-kind="Deployments"]').getAttribute('data-count')).toBe('2'); // web, quick
    expect(Number(await contents.locator('[data-kind="Pods"]').getAttribute('data-count'))).toBeGreaterThanOrEqual(6);
    await page.screenshot({ path: `${artifacts}/kube-namespace-delete.png` });
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => row.count(), { timeout: 120_000 }).toBe(0);
    await go('pods');
    await expect.poll(() => page.locator(`tr[data-pod-namespace="${ns}"]`).count(), { timeout: 30_000 }).toBe(0);
    expect(await k(['get', 'namespace', ns, '--ignore-not-found', '-o', 'name'])).toBe('');
    expect(cspViolations).toEqual([]);
  });
});
