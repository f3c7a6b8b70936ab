import { createHash } from 'node:crypto';
import { readFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import type { EndpointInfo } from '../../../shared/models';
import { BerthError } from '../rpc/errors';

/** Where the engine is, plus what is needed to connect to it. */
export interface ResolvedEndpoint extends EndpointInfo {
  tlsVerify: boolean;
  /** PEM contents, read at resolution so a later change on disk cannot half-apply. */
  tlsMaterial?: { ca?: string; cert?: string; key?: string };
}

export interface ResolveInput {
  /** Berth's own setting (engine endpoint); empty means "not set". */
  setting?: string | null;
  env: Record<string, string | undefined>;
  home: string;
  platform: NodeJS.Platform;
}

export function defaultHost(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
}

function dockerConfigDir(input: ResolveInput): string {
  return input.env.DOCKER_CONFIG || join(input.home, '.docker');
}

/** The docker CLI names a context's folders by the SHA-256 of its name. */
export function contextDigest(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function readTlsDir(dir: string): Promise<ResolvedEndpoint['tlsMaterial'] | undefined> {
  const [ca, cert, key] = await Promise.all(['ca.pem', 'cert.pem', 'key.pem'].map((f) => readIfExists(join(dir, f))));
  if (!ca && !cert && !key) return undefined;
  const material: NonNullable<ResolvedEndpoint['tlsMaterial']> = {};
  if (ca) material.ca = ca;
  if (cert) material.cert = cert;
  if (key) material.key = key;
  return material;
}

function isTlsHost(host: string): boolean {
  return host.startsWith('https://');
}

/** The CLI's current context: $DOCKER_CONTEXT, else currentContext in config.json; 'default' means none. */
async function currentContextName(input: ResolveInput): Promise<string | undefined> {
  const fromEnv = input.env.DOCKER_CONTEXT;
  if (fromEnv) return fromEnv === 'default' ? undefined : fromEnv;
  const configPath = join(dockerConfigDir(input), 'config.json');
  const raw = await readIfExists(configPath);
  if (!raw) return undefined;
  let config: unknown;
  try {
    config = JSON.parse(raw);
  } catch {
    throw new BerthError('engine-unavailable', `The docker CLI configuration ${configPath} is not valid JSON. Fix or remove it, or set the engine endpoint in Berth's settings.`);
  }
  const name = (config as { currentContext?: unknown }).currentContext;
  return typeof name === 'string' && name && name !== 'default' ? name : undefined;
}

async function fromContext(input: ResolveInput, name: string): Promise<ResolvedEndpoint> {
  const digest = contextDigest(name);
  const dir = dockerConfigDir(input);
  const metaPath = join(dir, 'contexts', 'meta', digest, 'meta.json');
  const raw = await readIfExists(metaPath);
  if (!raw) {
    throw new BerthError(
      'engine-unavailable',
      `The docker CLI's current context "${name}" does not exist (no ${metaPath}). Run "docker context use default" or set the engine endpoint in Berth's settings.`,
    );
  }
  let meta: { Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } } };
  try {
    meta = JSON.parse(raw);
  } catch {
    throw new BerthError('engine-unavailable', `The docker context file ${metaPath} is not valid JSON.`);
  }
  const docker = meta.Endpoints?.docker;
  const host = typeof docker?.Host === 'string' ? docker.Host : undefined;
  if (!host) throw new BerthError('engine-unavailable', `The docker context "${name}" has no docker endpoint.`);
  const tlsDir = join(dir, 'contexts', 'tls', digest, 'docker');
  const tlsMaterial = (await exists(tlsDir)) ? await readTlsDir(tlsDir) : undefined;
  const endpoint: ResolvedEndpoint = {
    host,
    source: 'context',
    contextName: name,
    tls: !!tlsMaterial || isTlsHost(host),
    tlsVerify: docker?.SkipTLSVerify !== true,
  };
  if (tlsMaterial) endpoint.tlsMaterial = tlsMaterial;
  return endpoint;
}

async function fromDockerHost(input: ResolveInput, host: string): Promise<ResolvedEndpoint> {
  const verify = !!input.env.DOCKER_TLS_VERIFY && input.env.DOCKER_TLS_VERIFY !== '0';
  const endpoint: ResolvedEndpoint = { host, source: 'DOCKER_HOST', tls: verify || isTlsHost(host), tlsVerify: verify };
  if (verify) {
    const material = await readTlsDir(input.env.DOCKER_CERT_PATH || dockerConfigDir(input));
    if (material) endpoint.tlsMaterial = material;
  }
  return endpoint;
}

/**
 * Which engine to talk to, in the order a docker user expects: Berth's own setting, DOCKER_HOST,
 * the docker CLI's current context, then the platform's default socket.
 */
export async function resolveEndpoint(input: ResolveInput): Promise<ResolvedEndpoint> {
  const setting = input.setting?.trim();
  if (setting) return { host: setting, source: 'setting', tls: isTlsHost(setting), tlsVerify: true };
  const dockerHost = input.env.DOCKER_HOST?.trim();
  if (dockerHost) return fromDockerHost(input, dockerHost);
  const context = await currentContextName(input);
  if (context) return fromContext(input, context);
  return { host: defaultHost(input.platform), source: 'default', tls: false, tlsVerify: false };
}

/** dockerode connection options for an endpoint. */
export interface ModemOptions {
  socketPath?: string;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  ca?: string;
  cert?: string;
  key?: string;
}

export function modemOptions(endpoint: ResolvedEndpoint): ModemOptions {
  const { host } = endpoint;
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  if (host.startsWith('npipe://')) return { socketPath: host.slice('npipe://'.length).replace(/\//g, '\\') };
  const match = /^(tcp|http|https):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(host);
  if (!match) {
    const scheme = host.split('://')[0];
    throw new BerthError(
      'engine-unavailable',
      scheme === 'ssh'
        ? `ssh:// engine endpoints (${host}) are not supported yet. Forward the socket (ssh -L) and use unix:// or tcp://.`
        : `"${host}" is not an engine address Berth understands. Use unix:///path, npipe:////./pipe/name or tcp://host:port.`,
    );
  }
  const [, scheme, hostname = '', port] = match;
  const tls = endpoint.tls || scheme === 'https';
  const options: ModemOptions = {
    host: hostname.replace(/^\[|\]$/g, ''),
    port: port ? Number(port) : tls ? 2376 : 2375,
    protocol: tls ? 'https' : 'http',
  };
  if (endpoint.tlsMaterial?.ca) options.ca = endpoint.tlsMaterial.ca;
  if (endpoint.tlsMaterial?.cert) options.cert = endpoint.tlsMaterial.cert;
  if (endpoint.tlsMaterial?.key) options.key = endpoint.tlsMaterial.key;
  return options;
}

/** The part of an endpoint that may be shown and sent to the renderer (no key material). */
export function publicEndpoint(endpoint: ResolvedEndpoint): EndpointInfo {
  const info: EndpointInfo = { host: endpoint.host, source: endpoint.source, tls: endpoint.tls };
  if (endpoint.contextName) info.contextName = endpoint.contextName;
  return info;
}
