import { readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createGzip } from 'node:zlib';
import type Docker from 'dockerode';
import dockerignore from '@balena/dockerignore';
import { pack } from 'tar-fs';
import type { BuildEvent } from '../../../shared/models';
import { BerthError } from '../rpc/errors';
import { JsonLineSplitter } from './events';
import type { RegistryService } from './registries';

export interface BuildRequest {
  context: string;
  dockerfile?: string;
  tags?: string[];
  buildArgs?: Record<string, string>;
  target?: string;
  noCache?: boolean;
  pull?: boolean;
}

/** The build context as a gzipped tar, honouring .dockerignore at every depth (the Dockerfile always goes). */
async function packContext(context: string, dockerfile: string): Promise<NodeJS.ReadableStream> {
  const info = await stat(context).catch(() => null);
  if (!info?.isDirectory()) throw new BerthError('invalid-input', `The build context ${context} is not a folder on this machine.`);
  const dockerfilePath = join(context, dockerfile);
  if (!(await stat(dockerfilePath).catch(() => null))?.isFile()) {
    throw new BerthError('invalid-input', `There is no ${dockerfile} in ${context}. Pick the folder that holds the Dockerfile, or name the Dockerfile.`);
  }
  const rules = await readFile(join(context, '.dockerignore'), 'utf8').catch(() => '');
  const ignore = dockerignore({ ignorecase: false }).add(rules.split(/\r?\n/));
  const keep = new Set(['.dockerignore', dockerfile.split(sep).join('/')]);
  return pack(context, {
    ignore: (name) => {
      const rel = relative(context, name).split(sep).join('/');
      return rel !== '' && !keep.has(rel) && ignore.ignores(rel);
    },
    // The engine wants plain ownership; the user's uid means nothing inside the build.
    map: (header) => ({ ...header, uid: 0, gid: 0, uname: '', gname: '' }),
  }).pipe(createGzip());
}

const stepPattern = /^Step (\d+)\/(\d+) : (.*)$/;

/**
 * Builds an image from a folder with the engine's builder, streaming its output. Steps are
 * recognised so that an error can name the step and instruction that failed.
 */
export class BuildService {
  constructor(
    private readonly engine: () => Docker,
    private readonly registries: RegistryService,
  ) {}

  async build(request: BuildRequest, emit: (event: BuildEvent) => void, signal: AbortSignal): Promise<void> {
    const dockerfile = request.dockerfile ?? 'Dockerfile';
    const tarball = await packContext(request.context, dockerfile);
    const options: Record<string, unknown> = { dockerfile, abortSignal: signal, rm: true, forcerm: true };
    if (request.tags?.length) options.t = request.tags;
    if (request.buildArgs && Object.keys(request.buildArgs).length) options.buildargs = JSON.stringify(request.buildArgs);
    if (request.target) options.target = request.target;
    if (request.noCache) options.nocache = true;
    if (request.pull) options.pull = true;
    // Credentials for registries the user signed in to, for FROM lines that must be pulled.
    const registryconfig = await this.registries.registryConfig();
    if (Object.keys(registryconfig).length) options.registryconfig = registryconfig;

    const stream = (await this.engine().buildImage(tarball, options as Docker.ImageBuildOptions)) as NodeJS.ReadableStream;
    let step: { index: number; instruction: string } | null = null;
    let imageId = '';
    const tagged: string[] = [];
    let failure: BuildEvent | null = null;
    const splitter = new JsonLineSplitter((value) => {
      const line = value as { stream?: string; error?: string; errorDetail?: { message?: string }; aux?: { ID?: string } };
      if (line.aux?.ID) imageId = line.aux.ID;
      if (line.error || line.errorDetail) {
        const message = (line.errorDetail?.message ?? line.error ?? 'the build failed').trim();
        failure = { kind: 'error', message, step: step?.index ?? null, instruction: step?.instruction ?? null };
        return;
      }
      if (typeof line.stream !== 'string') return;
      for (const text of line.stream.split('\n')) {
        const m = stepPattern.exec(text.trim());
        if (m) {
          step = { index: Number(m[1]), instruction: m[3]! };
          emit({ kind: 'step', index: step.index, total: Number(m[2]), instruction: step.instruction });
        }
        const built = /^Successfully built ([a-f0-9]+)/.exec(text);
        if (built && !imageId) imageId = built[1]!;
        const tag = /^Successfully tagged (.+)$/.exec(text);
        if (tag) tagged.push(tag[1]!.trim());
      }
      emit({ kind: 'output', text: line.stream });
    });
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => splitter.push(chunk));
      stream.once('end', resolve);
      stream.once('error', reject);
    }).catch((err: unknown) => {
      if (signal.aborted) throw new BerthError('cancelled', 'Build cancelled.');
      throw err;
    });
    if (failure) {
      const f = failure as Extract<BuildEvent, { kind: 'error' }>;
      emit(f);
      const where = f.step ? ` at step ${f.step} (${f.instruction})` : '';
      throw new BerthError('engine-error', `The build failed${where}: ${f.message}`, f.message);
    }
    emit({ kind: 'done', imageId, tags: tagged.length ? tagged : (request.tags ?? []) });
  }
}
