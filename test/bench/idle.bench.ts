/**
 * Bench (not a test): idle cost. Berth in browser mode with the Containers page open in Chromium
 * and nothing happening, for 60 s: how many requests the backend sends the engine (counted by a
 * recording proxy in front of the engine's socket) and how much CPU the backend process uses
 * (/proc/<pid>/stat). Baseline: the same 60 s with no Berth at all (the engine's own CPU).
 *
 *   npm run build && npm run bench:idle      (as root)
 */
import { readFile } from 'node:fs/promises';
import { startTestEngine } from '../harness/dockerd';
import { busyboxImage, importBusybox } from '../harness/images';
import { launchChromium, startBerthServe } from '../harness/browser-mode';
import { startRecordingProxy } from '../harness/recording-proxy';
import { execFileSync } from 'node:child_process';

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / ticks) * 1000; // utime + stime
}

async function main(): Promise<void> {
  const engine = await startTestEngine({ network: 'none' });
  const proxy = await startRecordingProxy(engine.socketPath);
  const berth = await startBerthServe(proxy.host);
  const browser = await launchChromium();
  try {
    await importBusybox(engine);
    for (let i = 0; i < 20; i++) await engine.docker(['run', '-d', '--name', `idle-${i}`, busyboxImage, 'sleep', '3600']);
    const page = await browser.newPage();
    await page.goto(berth.loginUrl);
    // A function, not a string: the page's CSP (no 'unsafe-eval') refuses evaluated strings.
    await page.waitForFunction((n) => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('tr[data-state="running"]').length >= n, 20, { timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 2000)); // let the first load settle
    const dockerdPid = Number((await readFile(`${engine.dir}/dockerd.pid`, 'utf8')).trim());
    const requestsBefore = proxy.requests.length;
    const berthBefore = await cpuMs(berth.pid);
    const dockerdBefore = await cpuMs(dockerdPid);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const requests = proxy.requests.slice(requestsBefore);
    const berthUsed = (await cpuMs(berth.pid)) - berthBefore;
    const dockerdUsed = (await cpuMs(dockerdPid)) - dockerdBefore;
    console.log(`\nidle for ${seconds} s with the Containers page open (20 running containers)`);
    console.log(`engine requests from Berth:      ${requests.length}${requests.length ? ` (${[...new Set(requests)].slice(0, 5).join(', ')})` : ''}`);
    console.log(`Berth backend CPU:               ${berthUsed.toFixed(0)} ms (${((berthUsed / (seconds * 1000)) * 100).toFixed(3)} % of one core)`);
    console.log(`baseline, dockerd's own CPU:     ${dockerdUsed.toFixed(0)} ms over the same ${seconds} s`);
    console.log(`CPU clock resolution:            ${(1000 / ticks).toFixed(0)} ms`);
  } finally {
    await browser.close();
    await berth.stop();
    await proxy.close();
    await engine.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
