/**
 * The native test cluster (resources/kube/native-cluster.sh --hold) made reachable from this
 * process, from Berth's backend and from Chromium.
 *
 * The cluster runs in its own network namespace: its apiserver listens on 127.0.0.1:6443 *inside*
 * it. Unix sockets are named in the filesystem, not in a network namespace, so the bridge is two
 * halves joined by one socket file in the run dir:
 *   - inside: `nsenter --net` runs a small Node relay (this Node binary) that accepts on
 *     <run>/apiserver.sock and connects to 127.0.0.1:6443 in the cluster's namespace;
 *   - outside: a TCP server on the host's 127.0.0.1:<random port> (in this process) relays each
 *     connection to that socket.
 * The apiserver's serving certificate names 127.0.0.1, so TLS is verified end to end and nothing
 * else of the host changes. Everything that talks to the cluster (kubectl, the tests, Berth's
 * backend, and through it the browser) uses the kubeconfig written here.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface KubeCluster {
  /** The script's run dir (logs/, pki/, docker.sock). */
  run: string;
  /** A kubeconfig with the contexts below; current-context `berth`. */
  kubeconfig: string;
  /** https://127.0.0.1:PORT on the host. */
  server: string;
  kubectl: string;
  /** The cluster's own dockerd (its images are what pods can run): unix://<run>/docker.sock. */
  engineHost: string;
  /** Runs kubectl against the cluster (argv, never a shell string). */
  k(args: string[], input?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Contexts in the kubeconfig, for the fault tests:
 *   berth          cluster-admin
 *   berth-limited  a ServiceAccount that may only read pods in namespace `limited` (RBAC refusals)
 *   berth-expired  a bearer token the apiserver does not know (as an expired credential answers)
 *   berth-down     a server address where nothing listens
 */
export const contextNames = { admin: 'berth', limited: 'berth-limited', expired: 'berth-expired', down: 'berth-down' } as const;

function kubeVersion(): string {
  const env = readFileSync(resolve('resources/kube/versions.env'), 'utf8');
  const m = /^KUBE_VERSION=(\S+)/m.exec(env);
  if (!m?.[1]) throw new Error('resources/kube/versions.env has no KUBE_VERSION');
  return m[1];
}

export function kubeBinDir(): string {
  const cache = process.env.BERTH_KUBE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'berth/kube');
  return process.env.BERTH_KUBE_BIN ?? join(cache, kubeVersion(), 'bin');
}

async function waitFor(what: string, timeoutMs: number, check: () => boolean, failed?: () => string | null): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    const why = failed?.();
    if (why) throw new Error(`${what}: ${why}`);
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function pipeBoth(a: Socket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  const end = (): void => {
    a.destroy();
    b.destroy();
  };
  a.once('error', end);
  b.once('error', end);
  a.once('close', end);
  b.once('close', end);
}

/** The inside half of the bridge, run by `nsenter --net` with this process's Node. */
const relayScript = `
const net = require('node:net');
const [sock, host, port] = process.argv.slice(1);
const server = net.createServer((c) => {
  const u = net.connect(Number(port), host);
  c.pipe(u); u.pipe(c);
  const end = () => { c.destroy(); u.destroy(); };
  c.on('error', end); u.on('error', end); c.on('close', end); u.on('close', end);
});
server.listen(sock);
process.on('SIGTERM', () => process.exit(0));
`;

/**
 * Starts the native cluster held for the run; ~20 s on the 2-core machines. The script's own
 * checks can race (seen once: the ClusterIP check before kube-proxy had its rules in), so a
 * failed start is tried once more; the script leaves nothing behind when it fails.
 */
export async function startKubeCluster(log: (line: string) => void = () => undefined): Promise<KubeCluster> {
  try {
    return await startOnce(log);
  } catch (err) {
    log(`the cluster did not come up; trying once more. ${err instanceof Error ? err.message.split('\n').slice(-4).join(' | ') : String(err)}`);
    return startOnce(log);
  }
}

async function startOnce(log: (line: string) => void): Promise<KubeCluster> {
  if (process.getuid?.() !== 0) throw new Error('the kube tests run the cluster natively and need root (as the integration tests do)');
  const bin = kubeBinDir();
  const kubectl = join(bin, 'kubectl');
  if (!existsSync(join(bin, 'kube-apiserver'))) {
    throw new Error(`no Kubernetes binaries in ${bin}: run resources/kube/build.sh (cached after the first build)`);
  }
  const run = await mkdtemp('/tmp/berth-kube.');
  const logPath = `${run}.log`;
  const logFd = openSync(logPath, 'w');
  const started = Date.now();
  const script: ChildProcess = spawn('bash', [resolve('resources/kube/native-cluster.sh'), '--hold'], {
    env: { ...process.env, BERTH_KUBE_RUN: run },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  let exited: number | null = null;
  const scriptExit = new Promise<void>((r) =>
    script.once('exit', (code) => {
      exited = code ?? -1;
      r();
    }),
  );
  const tail = (): string => {
    try {
      return readFileSync(logPath, 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      return '';
    }
  };
  let bridgeInside: ChildProcess | null = null;
  let bridgeOutside: Server | null = null;
  const stop = async (): Promise<void> => {
    bridgeOutside?.close();
    bridgeInside?.kill('SIGTERM');
    if (exited === null) {
      await rm(join(run, 'hold'), { force: true });
      const timer = setTimeout(() => script.kill('SIGTERM'), 90_000);
      await scriptExit;
      clearTimeout(timer);
    }
    if (exited === 0) await rm(logPath, { force: true });
    else {
      // The script keeps a failed run's dir (its daemons' logs) and says so in its own log.
      log(`the cluster script exited with ${exited}; its log: ${logPath} (daemon logs in ${run}/logs)`);
    }
  };
  try {
    await waitFor('the native cluster (resources/kube/native-cluster.sh)', 300_000, () => existsSync(join(run, 'hold')), () =>
      exited !== null ? `the script exited with ${exited}:\n${tail()}` : null,
    );
    log(`cluster up in ${((Date.now() - started) / 1000).toFixed(1)} s (${run})`);
    const unsharePid = readFileSync(join(run, 'unshare.pid'), 'utf8').trim();
    const inner = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim().split(/\s+/)[0];
    if (!inner) throw new Error('cannot find the cluster namespace’s first process');

    // The bridge: inside half (in the cluster's netns), then the host's loopback port.
    const sock = join(run, 'apiserver.sock');
    bridgeInside = spawn('nsenter', ['-t', inner, '-n', process.execPath, '-e', relayScript, sock, '127.0.0.1', '6443'], { stdio: 'ignore' });
    await waitFor('the apiserver relay socket', 10_000, () => existsSync(sock));
    const server = createServer((c) => pipeBoth(c, createConnection(sock)));
    bridgeOutside = server;
    const port = await new Promise<number>((r, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port));
    });
    const serverUrl = `https://127.0.0.1:${port}`;

    const pki = join(run, 'pki');
    const b64 = async (file: string): Promise<string> => (await readFile(join(pki, file))).toString('base64');
    const ca = await b64('ca.crt');
    const kubeconfig = join(run, 'berth-test.kubeconfig');
    const k = async (args: string[], input?: string): Promise<string> => {
      const child = execFile(kubectl, ['--kubeconfig', kubeconfig, ...args], { maxBuffer: 256 * 1024 * 1024 });
      if (input !== undefined) child.stdin?.end(input);
      return new Promise((res, rej) => {
        let out = '';
        let err = '';
        child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
        child.once('exit', (code) => (code === 0 ? res(out) : rej(new Error(`kubectl ${args.join(' ')}: ${err || out}`))));
      });
    };
    const writeConfig = async (limitedToken: string | null): Promise<void> => {
      // JSON is YAML: kubectl and @kubernetes/client-node read it as a kubeconfig.
      const config = {
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          { name: 'berth', cluster: { server: serverUrl, 'certificate-authority-data': ca } },
          { name: 'berth-down', cluster: { server: 'https://127.0.0.1:1', 'certificate-authority-data': ca } },
        ],
        users: [
          { name: 'berth-admin', user: { 'client-certificate-data': await b64('admin.crt'), 'client-key-data': await b64('admin.key') } },
          { name: 'berth-expired', user: { token: 'an-expired-token' } },
          ...(limitedToken ? [{ name: 'berth-limited', user: { token: limitedToken } }] : []),
        ],
        contexts: [
          { name: contextNames.admin, context: { cluster: 'berth', user: 'berth-admin' } },
          { name: contextNames.expired, context: { cluster: 'berth', user: 'berth-expired' } },
          { name: contextNames.down, context: { cluster: 'berth-down', user: 'berth-admin' } },
          ...(limitedToken ? [{ name: contextNames.limited, context: { cluster: 'berth', user: 'berth-limited', namespace: 'limited' } }] : []),
        ],
        'current-context': contextNames.admin,
      };
      await writeFile(kubeconfig, JSON.stringify(config, null, 2), { mode: 0o600 });
    };
    await writeConfig(null);
    // A ServiceAccount that may only read pods in `limited`: what an RBAC refusal looks like.
    await k(['apply', '-f', '-'], limitedManifest);
    const token = (await k(['-n', 'limited', 'create', 'token', 'viewer', '--duration', '6h'])).trim();
    await writeConfig(token);
    return { run, kubeconfig, server: serverUrl, kubectl, engineHost: `unix://${join(run, 'docker.sock')}`, k, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

const limitedManifest = `
apiVersion: v1
kind: Namespace
metadata: {name: limited}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: viewer, namespace: limited}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader, namespace: limited}
rules:
- apiGroups: [""]
  resources: [pods, pods/log]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: viewer-reads-pods, namespace: limited}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
subjects: [{kind: ServiceAccount, name: viewer, namespace: limited}]
`;
