/**
 * Bench (not a test): engine event to visible row change. 200 running containers are stopped one
 * by one; for each, the time from the moment a separate raw /events subscriber (this process)
 * sees `die` to the moment the row in Chromium shows "exited" (a MutationObserver in the page).
 * Both clocks are this machine's wall clock. Target: p95 ≤ 100 ms.
 *
 *   npm run build && npm run bench:events     (as root)
 */
import { request } from 'node:http';
import { startTestEngine } from '../harness/dockerd';
import { busyboxImage, importBusybox } from '../harness/images';
import { launchChromium, startBerthServe } from '../harness/browser-mode';
import { JsonLineSplitter } from '../../electron/backend/engine/events';
import { printTable, stats } from './bench-util';
import Docker from 'dockerode';

const count = Number(process.env.BENCH_CONTAINERS ?? 200);

// Code that runs in the page is written as strings: this file is typechecked without the DOM.
const observeRows = `
  window.__exited = {};
  new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target;
      if (el.dataset.state === 'exited' && el.dataset.containerId && !window.__exited[el.dataset.containerId]) window.__exited[el.dataset.containerId] = Date.now();
    }
  }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
`;

async function main(): Promise<void> {
  const engine = await startTestEngine({ network: 'none' });
  const docker = new Docker({ socketPath: engine.socketPath });
  const berth = await startBerthServe(engine.host);
  const browser = await launchChromium();
  try {
    await importBusybox(engine);
    process.stderr.write(`starting ${count} containers…\n`);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const c = await docker.createContainer({ name: `ev-${i}`, Image: busyboxImage, Cmd: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.1; done'] });
      await c.start();
      ids.push(c.id);
    }
    const page = await browser.newPage();
    await page.goto(berth.loginUrl);
    // A function, not a string: the page's CSP (no 'unsafe-eval') refuses evaluated strings.
    await page.waitForFunction((n) => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('tr[data-state="running"]').length >= n, count, { timeout: 60_000 });
    await page.evaluate(observeRows);

    // The raw subscriber: this process, straight on the engine's socket.
    const seen = new Map<string, number>();
    const events = request({ socketPath: engine.socketPath, path: '/events?filters=' + encodeURIComponent(JSON.stringify({ event: ['die'] })) });
    events.on('response', (res) => {
      const splitter = new JsonLineSplitter((v) => {
        const e = v as { Actor?: { ID?: string } };
        if (e.Actor?.ID && !seen.has(e.Actor.ID)) seen.set(e.Actor.ID, Date.now());
      });
      res.on('data', (chunk: Buffer) => splitter.push(chunk));
    });
    events.end();
    await new Promise((r) => setTimeout(r, 300));

    process.stderr.write(`stopping them one by one…\n`);
    for (const id of ids) {
      await docker.getContainer(id).stop({ t: 5 });
      // Wait inside the page (no polling from here, which would compete for the CPU being measured).
      await page.evaluate(`new Promise((resolve) => {
        const id = ${JSON.stringify(id)};
        const check = () => (window.__exited[id] ? resolve(true) : setTimeout(check, 20));
        check();
        setTimeout(() => resolve(false), 5000);
      })`);
    }
    const shown = (await page.evaluate('window.__exited')) as Record<string, number>;
    const latencies = ids.flatMap((id) => (seen.has(id) && shown[id] ? [shown[id]! - seen.get(id)!] : []));
    events.destroy();
    console.log(`load average during the run: ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);
    printTable(`engine event → row shows "exited", ${latencies.length} of ${count} stops (raw /events subscriber as the start)`, [['Berth (backend → websocket → store → React)', stats(latencies)]]);
    const s = stats(latencies);
    console.log(`target p95 ≤ 100 ms: ${s.p95 <= 100 ? 'within' : 'OVER'} (max ${s.max.toFixed(1)} ms)`);
  } finally {
    await browser.close();
    await berth.stop();
    await engine.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
