import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDocker } from '../harness/dockerd';
import { startTestRegistry, type TestRegistry } from '../harness/registry';
import { backendOn, openStream, uniqueName, until } from './helpers';
import type { BuildEvent, ImageHistoryEntry, ImageSummary, TransferProgress } from '../../shared/models';

const host = inject('engineHost');
const base = inject('busyboxImage');
const docker = (args: string[]) => runDocker(host, args);

let t: ReturnType<typeof backendOn>;
let registry: TestRegistry;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'berth-images-'));
  registry = await startTestRegistry();
  t = backendOn(host);
  t.backend.start();
  await until('connected', () => t.backend.engine.status.state === 'connected');
});

afterAll(async () => {
  t?.backend.stop();
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

const invoke = (channel: string, args: unknown) => t.backend.router.invoke(channel, args);

async function images(): Promise<ImageSummary[]> {
  const r = await invoke('images:list', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value as ImageSummary[];
}

async function buildFolder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(work, 'ctx-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

describe('images', () => {
  it('lists images with the containers that use them', async () => {
    const name = uniqueName('img-user');
    await docker(['create', '--name', name, base, 'true']);
    const img = (await images()).find((i) => i.repoTags.includes(base));
    expect(img).toBeDefined();
    expect(img!.dangling).toBe(false);
    expect(img!.size).toBeGreaterThan(1_000_000);
    expect(img!.usedBy.map((u) => u.name)).toContain(name);
    await docker(['rm', name]);
  });

  it('builds from a folder with build args, a target and .dockerignore, streaming steps', async () => {
    const ctx = await buildFolder({
      Dockerfile: `FROM ${base} AS first\nARG GREETING=hi\nRUN echo "$GREETING" > /greeting\nCOPY . /ctx/\nFROM first AS final\nRUN echo final > /final\n`,
      'keep.txt': 'kept',
      'secret.env': 'TOKEN=x',
      'sub/node_modules/junk.js': 'junk',
      '.dockerignore': 'secret.env\n**/node_modules\n',
    });
    const tag = `berth-build-${Date.now().toString(36)}:v1`;
    const s = openStream<BuildEvent>(t, 'images:build', { context: ctx, tags: [tag], buildArgs: { GREETING: 'hello-from-berth' }, target: 'first' });
    expect(await s.ended).toBeUndefined();
    const steps = s.data.filter((e) => e.kind === 'step');
    expect(steps.map((e) => (e.kind === 'step' ? e.instruction : ''))).toEqual([`FROM ${base} AS first`, 'ARG GREETING=hi', 'RUN echo "$GREETING" > /greeting', 'COPY . /ctx/']);
    const done = s.data.find((e) => e.kind === 'done');
    expect(done).toMatchObject({ kind: 'done', tags: [tag] });
    expect((await docker(['run', '--rm', tag, 'cat', '/greeting'])).trim()).toBe('hello-from-berth');
    const listing = await docker(['run', '--rm', tag, 'find', '/ctx']);
    expect(listing).toContain('/ctx/keep.txt');
    expect(listing).not.toContain('secret.env');
    expect(listing).not.toContain('node_modules');
    // History marks the metadata-only steps.
    const h = await invoke('images:history', { id: tag });
    expect(h.ok).toBe(true);
    const history = h.ok ? (h.value as ImageHistoryEntry[]) : [];
    expect(history[0]?.createdBy).toContain('COPY');
    const arg = history.find((e) => e.createdBy.includes('ARG GREETING'));
    expect(arg?.empty).toBe(true);
    expect(history.find((e) => e.createdBy.includes('echo "$GREETING"'))?.empty).toBe(false);
  });

  it('points a failed build at the failing step', async () => {
    const ctx = await buildFolder({ Dockerfile: `FROM ${base}\nRUN true\nRUN exit 3\nRUN echo never\n` });
    const s = openStream<BuildEvent>(t, 'images:build', { context: ctx, tags: ['berth-broken:1'] });
    const error = await s.ended;
    expect(error?.code).toBe('engine-error');
    expect(error?.message).toMatch(/at step 3 \(RUN exit 3\)/);
    expect(s.data.find((e) => e.kind === 'error')).toMatchObject({ step: 3, instruction: 'RUN exit 3' });
  });

  it('refuses a build without a Dockerfile, saying so', async () => {
    const ctx = await buildFolder({ 'readme.txt': 'no dockerfile here' });
    const s = openStream<BuildEvent>(t, 'images:build', { context: ctx });
    expect(await s.ended).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/There is no Dockerfile in/) });
  });

  it('tags, and explains a refused remove of an image in use, then removes it with force', async () => {
    const tag = `berth-rm-${Date.now().toString(36)}:1`;
    expect(await invoke('images:tag', { source: base, target: tag })).toEqual({ ok: true, value: null });
    const ctx = await buildFolder({ Dockerfile: `FROM ${tag}\nRUN echo x > /x\n` });
    const own = `berth-rm-own-${Date.now().toString(36)}:1`;
    expect(await openStream(t, 'images:build', { context: ctx, tags: [own] }).ended).toBeUndefined();
    const user = uniqueName('img-rm-user');
    await docker(['create', '--name', user, own, 'true']);
    const refused = await invoke('images:remove', { id: own });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('conflict');
      expect(refused.error.message).toContain(`container ${user} (created)`);
      expect(refused.error.message).toMatch(/or force/);
    }
    expect((await images()).some((i) => i.repoTags.includes(own))).toBe(true); // nothing lost
    const forced = await invoke('images:remove', { id: own, force: true });
    expect(forced.ok).toBe(true);
    expect((await images()).some((i) => i.repoTags.includes(own))).toBe(false);
    await docker(['rm', user]);
    await invoke('images:remove', { id: tag });
  });

  it('explains what force would do for a running container’s image, and refuses removing it by ID even with force', async () => {
    const tag = `berth-running-${Date.now().toString(36)}:1`;
    await invoke('images:tag', { source: base, target: tag });
    const ctx = await buildFolder({ Dockerfile: `FROM ${tag}\nRUN echo y > /y\n` });
    const own = `berth-running-own-${Date.now().toString(36)}:1`;
    await openStream(t, 'images:build', { context: ctx, tags: [own] }).ended;
    const name = uniqueName('img-running');
    await docker(['run', '-d', '--name', name, own, 'sleep', '600']);
    try {
      const byTag = await invoke('images:remove', { id: own });
      expect(byTag.ok).toBe(false);
      expect(byTag.ok ? '' : byTag.error.message).toMatch(new RegExp(`in use by container ${name} \\(running\\).*force removes only this tag`));
      const id = (await docker(['inspect', '-f', '{{.Image}}', name])).trim();
      const byId = await invoke('images:remove', { id, force: true });
      expect(byId.ok).toBe(false);
      expect(byId.ok ? '' : byId.error.message).toMatch(new RegExp(`used by container ${name} \\(running\\).*cannot be removed, even with force`));
    } finally {
      await docker(['rm', '-f', name]);
    }
  });

  it('previews the dangling images a prune would remove, then prunes exactly those', async () => {
    const tag = `berth-dangle-${Date.now().toString(36)}:1`;
    for (const n of ['1', '2']) {
      const ctx = await buildFolder({ Dockerfile: `FROM ${base}\nRUN echo ${n}-${Date.now()} > /v\n` });
      expect(await openStream(t, 'images:build', { context: ctx, tags: [tag] }).ended).toBeUndefined();
    }
    const preview = await invoke('images:prune-preview', {});
    expect(preview.ok).toBe(true);
    const items = preview.ok ? (preview.value as { id: string; size: number }[]) : [];
    expect(items.length).toBeGreaterThanOrEqual(1);
    const pruned = await invoke('images:prune', {});
    expect(pruned.ok && (pruned.value as { deleted: string[] }).deleted).toEqual(expect.arrayContaining(items.map((i) => i.id)));
    // What is left dangling is only what a container still uses.
    for (const i of (await images()).filter((i) => i.dangling)) expect(i.usedBy.length).toBeGreaterThan(0);
  });

  it('rejects an invalid reference before the engine sees it', async () => {
    const r = await invoke('images:tag', { source: base, target: 'Not A/Valid::Ref' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('not a valid image reference') } });
    const s = openStream(t, 'images:pull', { reference: 'UPPER/case' });
    expect(await s.ended).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('repository names must be lowercase') });
  });
});

describe('registries: sign-in, push, pull, catalog', () => {
  it('refuses a wrong password with the registry’s reason and keeps nothing', async () => {
    const r = await invoke('registries:login', { server: registry.address, username: registry.username, password: 'wrong' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('unauthorized');
      expect(r.error.message).toMatch(new RegExp(`${registry.address} refused the sign-in`));
    }
    expect(await invoke('registries:list', {})).toEqual({ ok: true, value: [] });
  });

  it('signs in, pushes with per-layer progress, lists the catalog and tags, pulls back with progress', async () => {
    const login = await invoke('registries:login', { server: registry.address, username: registry.username, password: registry.password });
    expect(login).toEqual({ ok: true, value: { server: registry.address, username: registry.username, storage: 'session' } });
    expect(await invoke('registries:list', {})).toEqual({ ok: true, value: [{ server: registry.address, username: registry.username, storage: 'session' }] });

    const ref = `${registry.address}/berth/app:1.0`;
    const ctx = await buildFolder({ Dockerfile: `FROM ${base}\nRUN head -c 300000 /dev/urandom > /blob\n` });
    expect(await openStream(t, 'images:build', { context: ctx, tags: [ref] }).ended).toBeUndefined();

    const push = openStream<TransferProgress>(t, 'images:push', { reference: ref });
    expect(await push.ended).toBeUndefined();
    const last = push.data.at(-1)!;
    expect(last.layers.length).toBe(2);
    expect(last.layers.every((l) => /Pushed|already exists/.test(l.status))).toBe(true);
    expect(last.total).toBeGreaterThan(300_000);
    expect(last.current).toBe(last.total);

    const catalog = await invoke('registries:catalog', { server: registry.address });
    expect(catalog).toEqual({ ok: true, value: { server: registry.address, repositories: ['berth/app'] } });
    expect(await invoke('registries:tags', { server: registry.address, repository: 'berth/app' })).toEqual({ ok: true, value: ['1.0'] });

    await docker(['rmi', ref]);
    const pull = openStream<TransferProgress>(t, 'images:pull', { reference: ref });
    expect(await pull.ended).toBeUndefined();
    const final = pull.data.at(-1)!;
    expect(final.message).toMatch(/Downloaded newer image|Image is up to date/);
    expect(final.layers.length).toBeGreaterThanOrEqual(1);
    expect(final.current).toBe(final.total);
    expect((await images()).some((i) => i.repoTags.includes(ref))).toBe(true);
  });

  it('says a missing tag is not found', async () => {
    const s = openStream(t, 'images:pull', { reference: `${registry.address}/berth/app:no-such-tag` });
    const error = await s.ended;
    expect(error?.code).toBe('not-found');
    expect(error?.message).toMatch(/not found|manifest unknown/i);
  });

  it('signs out, after which the registry refuses anonymous pulls', async () => {
    expect(await invoke('registries:logout', { server: registry.address })).toEqual({ ok: true, value: null });
    const s = openStream(t, 'images:pull', { reference: `${registry.address}/berth/app:1.0` });
    const error = await s.ended;
    expect(error?.code).toMatch(/unauthorized|engine-error/);
    expect(error?.message).toMatch(/no basic auth credentials|unauthorized|authentication required/i);
  });
});
