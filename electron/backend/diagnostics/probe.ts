import { availableParallelism, totalmem } from 'node:os';
import type Docker from 'dockerode';
import type { ExistingEngine, HostProbe } from '../../../shared/channels-desktop';
import { createDockerClient } from '../engine/connection';
import { resolveEndpoint, type ResolveInput } from '../engine/endpoint';

/** The docker context Berth registers for its own VM: not an "existing" engine. */
export const berthContextName = 'berth';

/**
 * Is there an engine on this machine already, found as the docker CLI would find it (Berth's own
 * setting first, DOCKER_HOST, the current context, the default socket)? Asked by the first-run
 * flow so it can offer that engine instead of a VM.
 */
export async function findExistingEngine(input: ResolveInput, timeoutMs = 3_000): Promise<{ engine: ExistingEngine | null; note: string | null }> {
  let endpoint;
  try {
    endpoint = await resolveEndpoint(input);
  } catch (err) {
    return { engine: null, note: (err as Error).message };
  }
  if (endpoint.source === 'context' && endpoint.contextName === berthContextName) return { engine: null, note: 'The docker CLI already uses Berth’s own context.' };
  const docker = createDockerClient(endpoint);
  const call = <T>(fn: unknown): Promise<T> => (fn as (o: { abortSignal: AbortSignal }) => Promise<T>)({ abortSignal: AbortSignal.timeout(timeoutMs) });
  try {
    await call(docker.ping.bind(docker));
    const v = await call<Docker.DockerVersion>(docker.version.bind(docker));
    const engine: ExistingEngine = { host: endpoint.host, source: endpoint.source, version: v.Version, os: v.Os, arch: v.Arch };
    if (endpoint.contextName) engine.contextName = endpoint.contextName;
    return { engine, note: null };
  } catch (err) {
    const e = err as Error & { code?: string };
    const why = e.name === 'TimeoutError' || e.name === 'AbortError' ? `no answer within ${timeoutMs / 1000} s` : (e.code ?? e.message);
    return { engine: null, note: `No engine answered at ${endpoint.host} (${why}).` };
  }
}

export async function probeHost(input: ResolveInput): Promise<HostProbe> {
  const { engine, note } = await findExistingEngine(input);
  return { engine, engineNote: note, cpus: availableParallelism(), memoryMiB: Math.floor(totalmem() / 1024 / 1024), platform: input.platform };
}
