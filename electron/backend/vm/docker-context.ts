import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contextDigest } from '../engine/endpoint';

export const contextName = 'berth';

async function writeAtomic(path: string, body: string, mode: number): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, body, { mode });
  await rename(temp, path);
}

/**
 * Creates or updates the docker CLI context `berth` (meta and TLS material, the layout the CLI
 * itself writes) so that `docker --context berth …` reaches the VM's engine. The user's current
 * context is changed only when asked.
 */
export async function writeDockerContext(dockerConfigDir: string, host: string, tls: { ca: string; cert: string; key: string }, makeCurrent: boolean): Promise<void> {
  const digest = contextDigest(contextName);
  const metaDir = join(dockerConfigDir, 'contexts', 'meta', digest);
  const tlsDir = join(dockerConfigDir, 'contexts', 'tls', digest, 'docker');
  await mkdir(metaDir, { recursive: true, mode: 0o755 });
  await mkdir(tlsDir, { recursive: true, mode: 0o700 });
  await writeAtomic(join(tlsDir, 'ca.pem'), tls.ca, 0o644);
  await writeAtomic(join(tlsDir, 'cert.pem'), tls.cert, 0o644);
  await writeAtomic(join(tlsDir, 'key.pem'), tls.key, 0o600);
  const meta = { Name: contextName, Metadata: { Description: "Berth's VM" }, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } };
  await writeAtomic(join(metaDir, 'meta.json'), JSON.stringify(meta), 0o644);
  if (makeCurrent) await setCurrentContext(dockerConfigDir, contextName);
}

/** Sets currentContext in config.json, keeping everything else in it (credentials, aliases…). */
export async function setCurrentContext(dockerConfigDir: string, name: string | null): Promise<void> {
  const path = join(dockerConfigDir, 'config.json');
  let config: Record<string, unknown> = {};
  try {
    config = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return; // a config we cannot read is left alone
  }
  if (name) config.currentContext = name;
  else delete config.currentContext;
  await mkdir(dockerConfigDir, { recursive: true });
  await writeAtomic(path, `${JSON.stringify(config, null, '\t')}\n`, 0o600);
}
