/**
 * Starts Berth exactly as a user does in browser mode (node out/main/serve.js, the built bundle)
 * against a given engine, and Debian's Chromium through playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { defaultSettings } from '../../shared/settings';

export interface RunningBerth {
  /** The backend's process ID. */
  pid: number;
  url: string;
  /** The instance's data folder (settings.json, …). */
  dataDir: string;
  loginUrl: string;
  stderr: () => string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** Start as a new installation would: no settings file, so the first-run flow shows. Otherwise it counts as done. */
  firstRun?: boolean;
  /** The kubeconfig the Kubernetes views read (BERTH_KUBECONFIG). */
  kubeconfig?: string;
}

export async function startBerthServe(engineHost: string, options: ServeOptions = {}): Promise<RunningBerth> {
  const entry = resolve('out/main/serve.js');
  if (!existsSync(entry) || !existsSync(resolve('out/renderer/index.html'))) {
    throw new Error('Berth is not built: run "npm run build" before the e2e tests (npm test does).');
  }
  // Its own data folder (settings, …), so a test never touches the real user's.
  const dataDir = await mkdtemp('/tmp/berth-data-');
  // Past the first-run flow unless a test is about it: its dialog would cover every page.
  if (!options.firstRun) await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ ...defaultSettings(''), firstRun: { done: true } }));
  const child: ChildProcess = spawn(process.execPath, [entry, '--port', '0', '--engine-host', engineHost, '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DOCKER_HOST: '', DOCKER_CONTEXT: '', ...(options.kubeconfig ? { BERTH_KUBECONFIG: options.kubeconfig } : {}) },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const loginUrl = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no URL within 15 s. stderr:\n${stderr}`)), 15_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}. stderr:\n${stderr}`)));
  });
  return {
    pid: child.pid ?? 0,
    loginUrl,
    url: loginUrl.replace(/\?token=.*$/, ''),
    stderr: () => stderr,
    dataDir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`No Chromium at ${chromiumPath}: install Debian's chromium package (apt-get install chromium), as .ci/run does.`);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
