/**
 * `npm run serve`: Berth's backend as a plain Node process serving the built renderer on loopback.
 * Usage: node out/main/serve.js [--port N] [--engine-host unix:///path|tcp://host:port] [--quiet]
 */
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { Backend } from '../backend';
import { consoleLogger } from '../logger';
import { startBrowserServer } from './server';
import { SettingsStore, appDataDir } from '../settings/settings-store';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.BERTH_PORT ?? '0' },
      'engine-host': { type: 'string' },
      'static-dir': { type: 'string' },
      /** Where Berth keeps its data (settings, the VM's disk); the OS's app-data folder by default. */
      'data-dir': { type: 'string', default: process.env.BERTH_DATA_DIR },
      quiet: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a port number (0 picks a free one), not "${values.port}"\n`);
    process.exit(2);
  }
  const log = consoleLogger(values.quiet ? 'warn' : 'info', 'berth');
  const here = dirname(fileURLToPath(import.meta.url));
  const staticDir = values['static-dir'] ?? resolve(here, '../renderer');
  const dataDir = values['data-dir'] ?? appDataDir();
  const settings = await SettingsStore.open(dataDir);
  const backend = new Backend({
    engineHost: values['engine-host'] ?? process.env.BERTH_ENGINE_HOST ?? null,
    log,
    settings,
    // The kubeconfig of the Kubernetes views; without it, $KUBECONFIG or ~/.kube/config.
    ...(process.env.BERTH_KUBECONFIG ? { kubeconfigPath: process.env.BERTH_KUBECONFIG } : {}),
    // Browser mode can run Berth's VM too: the image built in this checkout (npm run vm:build).
    vm: {
      dataDir,
      imageDirs: [resolve(here, '../../resources/vm/build'), join(dataDir, 'vm-image')],
      kubeBundleDirs: [resolve(here, '../../resources/kube/build'), join(dataDir, 'kube-bundle')],
      qemuDirs: [],
      dockerConfigDir: process.env.DOCKER_CONFIG || join(homedir(), '.docker'),
    },
  });
  backend.start();
  const server = await startBrowserServer({ router: backend.router, log, staticDir, port });
  // The one line a script or test reads: the URL with the token.
  process.stdout.write(`Berth is running in browser mode: ${server.loginUrl}\n`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await backend.stop(); // the VM, when there is one, powers off gracefully
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`Berth could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
