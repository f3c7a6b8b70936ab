import type Docker from 'dockerode';
import type { CatalogResult, RegistryLogin } from '../../../shared/models';
import { registryOf } from '../../../shared/references';
import { BerthError, engineMessage } from '../rpc/errors';
import type { SecretStore } from '../secrets/secret-store';
import { registryGet, type Credentials } from './registry-http';

const hubAliases = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** One key per registry: "docker.io" for Docker Hub, else host[:port] without scheme or slash. */
export function normaliseServer(server: string): string {
  const host = server.replace(/^https?:\/\//, '').replace(/\/.*$/, '').toLowerCase();
  return hubAliases.has(host) ? 'docker.io' : host;
}

/** The address the engine expects in an auth config. */
function engineServerAddress(server: string): string {
  return server === 'docker.io' ? 'https://index.docker.io/v1/' : server;
}

/**
 * Registry sign-in. The engine checks the credentials with the registry (/auth); they are then kept
 * in the SecretStore (the OS's secret storage under Electron, memory in browser mode) and used for
 * pulls and pushes to that registry.
 */
export class RegistryService {
  constructor(
    private readonly engine: () => Docker,
    private readonly secrets: SecretStore,
  ) {}

  private async credentials(server: string): Promise<Credentials | undefined> {
    const raw = await this.secrets.get(`registry:${server}`);
    return raw ? (JSON.parse(raw) as Credentials) : undefined;
  }

  async list(): Promise<RegistryLogin[]> {
    const out: RegistryLogin[] = [];
    for (const key of await this.secrets.keys()) {
      if (!key.startsWith('registry:')) continue;
      const server = key.slice('registry:'.length);
      const creds = await this.credentials(server);
      if (creds) out.push({ server, username: creds.username, storage: this.secrets.kind });
    }
    return out.sort((a, b) => a.server.localeCompare(b.server));
  }

  async login(serverInput: string, username: string, password: string): Promise<RegistryLogin> {
    const server = normaliseServer(serverInput);
    try {
      await this.engine().checkAuth({ username, password, serveraddress: engineServerAddress(server) });
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      const said = engineMessage(err as object) ?? (err as Error).message;
      if (status === 401 || status === 403 || /unauthorized|incorrect|denied/i.test(said)) {
        throw new BerthError('unauthorized', `${server} refused the sign-in: ${said}. Check the username and password (or token).`, said);
      }
      throw err;
    }
    await this.secrets.set(`registry:${server}`, JSON.stringify({ username, password }));
    return { server, username, storage: this.secrets.kind };
  }

  async logout(serverInput: string): Promise<null> {
    await this.secrets.delete(`registry:${normaliseServer(serverInput)}`);
    return null;
  }

  /** The auth config for pulling or pushing `reference`, when the user signed in to its registry. */
  async authFor(reference: string): Promise<{ username: string; password: string; serveraddress: string } | undefined> {
    const server = normaliseServer(registryOf(reference));
    const creds = await this.credentials(server);
    return creds ? { username: creds.username, password: creds.password, serveraddress: engineServerAddress(server) } : undefined;
  }

  /** Credentials of every registry signed in to, keyed as the engine's build endpoint wants them. */
  async registryConfig(): Promise<Record<string, { username: string; password: string }>> {
    const config: Record<string, { username: string; password: string }> = {};
    for (const login of await this.list()) {
      const creds = await this.credentials(login.server);
      if (creds) config[engineServerAddress(login.server)] = creds;
    }
    return config;
  }

  async catalog(serverInput: string): Promise<CatalogResult> {
    const server = normaliseServer(serverInput);
    if (server === 'docker.io') return { server, repositories: [], unsupported: true };
    const answer = await registryGet(server, '/v2/_catalog?n=1000', await this.credentials(server));
    if (answer.status === 401 || answer.status === 403) {
      throw new BerthError('unauthorized', `${server} wants a sign-in to list its repositories.`);
    }
    if (answer.status === 404 || answer.status === 405) return { server, repositories: [], unsupported: true };
    if (answer.status !== 200) throw new BerthError('engine-error', `${server} answered ${answer.status} to the catalog request.`);
    const repositories = (JSON.parse(answer.body) as { repositories?: string[] }).repositories ?? [];
    return { server, repositories };
  }

  async tags(serverInput: string, repository: string): Promise<string[]> {
    const server = normaliseServer(serverInput);
    const path = server === 'docker.io' && !repository.includes('/') ? `library/${repository}` : repository;
    const host = server === 'docker.io' ? 'registry-1.docker.io' : server;
    const answer = await registryGet(host, `/v2/${path}/tags/list`, await this.credentials(server));
    if (answer.status === 401 || answer.status === 403) throw new BerthError('unauthorized', `${server} wants a sign-in to list the tags of ${repository}.`);
    if (answer.status === 404) throw new BerthError('not-found', `${server} has no repository ${repository}.`);
    if (answer.status !== 200) throw new BerthError('engine-error', `${server} answered ${answer.status} to the tags request.`);
    return ((JSON.parse(answer.body) as { tags?: string[] | null }).tags ?? []).sort();
  }
}
