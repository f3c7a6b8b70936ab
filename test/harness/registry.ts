/**
 * A real registry for tests: Debian's docker-registry on 127.0.0.1 (which the engine treats as an
 * insecure registry, so plain HTTP works) with htpasswd basic auth. Stopped and deleted at the end.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface TestRegistry {
  /** host:port, e.g. 127.0.0.1:41234 */
  readonly address: string;
  readonly username: string;
  readonly password: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

export async function startTestRegistry(options: { auth?: boolean } = {}, username = 'berth', password = 'correct-horse'): Promise<TestRegistry> {
  const auth = options.auth ?? true;
  const dir = await mkdtemp('/tmp/berth-registry-');
  const port = await freePort();
  const { stdout } = await exec('htpasswd', ['-Bbn', username, password]).catch((err: Error) => {
    throw new Error(`htpasswd failed (${err.message}). Install apache2-utils, as .ci/run does.`);
  });
  await writeFile(join(dir, 'htpasswd'), stdout);
  await writeFile(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log: { level: error }',
      `storage: { filesystem: { rootdirectory: ${join(dir, 'data')} }, delete: { enabled: true } }`,
      `http: { addr: 127.0.0.1:${port}, secret: berth-test-secret }`,
      auth ? `auth: { htpasswd: { realm: berth-test, path: ${join(dir, 'htpasswd')} } }` : '',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 15_000;
  while ((await status(`http://127.0.0.1:${port}/v2/`)) !== (auth ? 401 : 200)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill();
      throw new Error(`docker-registry did not start (install Debian's docker-registry package). ${stderr.slice(-500)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    address: `127.0.0.1:${port}`,
    username,
    password,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
