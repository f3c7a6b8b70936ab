/**
 * A real dockerd for tests: Debian's docker.io with its own data-root, exec-root, pidfile and
 * socket under a temporary folder, stopped (and its mounts released) at the end. Needs root.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface TestEngine {
  /** unix:///tmp/berth-dockerd-xxxx/docker.sock */
  readonly host: string;
  readonly socketPath: string;
  readonly dir: string;
  /** Runs the docker CLI against this engine (argv, never a shell string). */
  docker(args: string[], input?: string): Promise<string>;
  /** Stops the daemon, keeping its data (for reconnect tests). */
  stopDaemon(): Promise<void>;
  startDaemon(): Promise<void>;
  /** Stops the daemon and deletes everything it had. */
  destroy(): Promise<void>;
}

export interface TestEngineOptions {
  /**
   * 'bridge': a bridge of its own (never the host's docker0, which another engine may own) with
   * iptables, so published ports work; 'none': no networking at all.
   */
  network?: 'bridge' | 'none';
}

/** Creates a bridge with a free 172.30.N.1/24 address for one test engine; returns its name. */
async function createBridge(): Promise<{ name: string; remove: () => Promise<void> }> {
  const { stdout } = await exec('ip', ['-4', '-o', 'addr', 'show']);
  const used = new Set([...stdout.matchAll(/inet 172\.30\.(\d+)\./g)].map((m) => Number(m[1])));
  const free = Array.from({ length: 250 }, (_, i) => i + 1).filter((n) => !used.has(n));
  const n = free[Math.floor(Math.random() * free.length)];
  if (n === undefined) throw new Error('no free 172.30.N.0/24 subnet for a test bridge');
  const name = `berth${process.pid % 100000}${n}`.slice(0, 15);
  await exec('ip', ['link', 'add', 'name', name, 'type', 'bridge']);
  await exec('ip', ['addr', 'add', `172.30.${n}.1/24`, 'dev', name]);
  await exec('ip', ['link', 'set', name, 'up']);
  return { name, remove: () => exec('ip', ['link', 'del', name]).then(() => undefined, () => undefined) };
}

function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, logPath: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  const log = await readFile(logPath, 'utf8').catch(() => '');
  throw new Error(`${what} within ${timeoutMs} ms. Last lines of dockerd's log:\n${log.split('\n').slice(-15).join('\n')}`);
}

/** Unmounts whatever the daemon left mounted below `dir` (overlay merges, netns, shm), deepest first. */
async function releaseMounts(dir: string): Promise<void> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  const points = info
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((p) => p.startsWith(dir + '/'))
    .sort((a, b) => b.length - a.length);
  for (const p of points) await exec('umount', ['-l', p]).catch(() => undefined);
}

/** The docker CLI against `host` (argv only, never a shell string); resolves with stdout. */
export function runDocker(host: string, args: string[], input?: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: host };
  delete env.DOCKER_CONTEXT;
  const run = execFile('docker', args, { env, maxBuffer: 256 * 1024 * 1024 });
  if (input !== undefined) run.stdin?.end(input);
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    run.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    run.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    run.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`docker ${args.join(' ')} failed (${code}): ${stderr.trim()}`))));
  });
}

export async function startTestEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  if (process.getuid?.() !== 0) throw new Error('The test engine needs root (it starts its own dockerd). Run the tests as root, as .ci/run does.');
  const dir = await mkdtemp('/tmp/berth-dockerd-');
  const socketPath = join(dir, 'docker.sock');
  const logPath = join(dir, 'dockerd.log');
  await mkdir(join(dir, 'data'));
  await mkdir(join(dir, 'exec'));
  const bridge = options.network === 'none' ? null : await createBridge();
  const args = [
    `--data-root=${join(dir, 'data')}`,
    `--exec-root=${join(dir, 'exec')}`,
    `--pidfile=${join(dir, 'dockerd.pid')}`,
    `--host=unix://${socketPath}`,
    '--log-level=warn',
    ...(bridge ? [`--bridge=${bridge.name}`] : ['--bridge=none', '--iptables=false', '--ip6tables=false']),
  ];
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  async function startDaemon(): Promise<void> {
    const log = openSync(logPath, 'a');
    const proc = spawn('dockerd', args, { stdio: ['ignore', log, log] });
    closeSync(log); // the child has its own copy
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    proc.once('error', () => undefined);
    await waitFor('dockerd did not answer /_ping', () => ping(socketPath), 30_000, logPath);
  }

  async function stopDaemon(): Promise<void> {
    const proc = child;
    if (!proc || proc.exitCode !== null) return;
    proc.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 20_000)))]);
    clearTimeout(timer);
    if (!killed) {
      proc.kill('SIGKILL');
      await exited;
    }
    child = null;
  }

  const host = `unix://${socketPath}`;
  const engine: TestEngine = {
    host,
    socketPath,
    dir,
    docker: (dockerArgs, input) => runDocker(host, dockerArgs, input),
    stopDaemon,
    startDaemon,
    destroy: async () => {
      await stopDaemon();
      await releaseMounts(dir);
      await bridge?.remove();
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  try {
    await startDaemon();
  } catch (err) {
    await engine.destroy().catch(() => undefined);
    throw err;
  }
  return engine;
}
