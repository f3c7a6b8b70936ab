import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { runDocker } from '../harness/dockerd';
import { backendOn, uniqueName, until } from './helpers';
import type { ContainerSummary, DiskUsage, FilePreview, NetworkSummary, PrunePreviewItem, VolumeListing, VolumeSummary } from '../../shared/models';

const host = inject('engineHost');
const image = inject('busyboxImage');
const docker = (args: string[]) => runDocker(host, args);

let t: ReturnType<typeof backendOn>;
beforeAll(async () => {
  t = backendOn(host);
  t.backend.start();
  await until('connected', () => t.backend.engine.status.state === 'connected');
});
afterAll(() => t?.backend.stop());

async function call<T>(channel: string, args: unknown): Promise<T> {
  const r = await t.backend.router.invoke(channel, args);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
const invoke = (channel: string, args: unknown) => t.backend.router.invoke(channel, args);

describe('volumes', () => {
  it('creates, lists with users and sizes, browses read-only and previews files', async () => {
    const name = uniqueName('vol');
    const created = await call<VolumeSummary>('volumes:create', { name, labels: { purpose: 'test' } });
    expect(created).toMatchObject({ name, driver: 'local', anonymous: false, usedBy: [] });
    expect(await invoke('volumes:create', { name })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const writer = uniqueName('vol-writer');
    await docker([
      'run', '--name', writer, '-v', `${name}:/data`, image, 'sh', '-c',
      'mkdir -p /data/logs/deep && printf "hello\\nworld\\n" > /data/greeting.txt && head -c 5000 /dev/zero > /data/logs/deep/blob.bin && ln -s greeting.txt /data/link && printf "h\\xc3\\xa9llo" > /data/utf8.txt',
    ]);
    const listed = (await call<VolumeSummary[]>('volumes:list', { withSizes: true })).find((v) => v.name === name);
    expect(listed?.usedBy.map((u) => u.name)).toEqual([writer]);
    expect(listed?.size).toBeGreaterThanOrEqual(5000);
    expect((await call<VolumeSummary[]>('volumes:list', {})).find((v) => v.name === name)?.size).toBeUndefined();

    const root = await call<VolumeListing>('volumes:browse', { name, path: '/' });
    expect(root.truncated).toBe(false);
    expect(root.entries.map((e) => [e.name, e.type, e.size])).toEqual([
      ['logs', 'directory', 5000],
      ['greeting.txt', 'file', 12],
      ['link', 'symlink', 0],
      ['utf8.txt', 'file', 6],
    ]);
    expect(root.entries.find((e) => e.name === 'link')?.linkTarget).toBe('greeting.txt');
    const logs = await call<VolumeListing>('volumes:browse', { name, path: '/logs' });
    expect(logs.entries.map((e) => e.path)).toEqual(['/logs/deep']);

    expect(await call<FilePreview>('volumes:read-file', { name, path: '/greeting.txt' })).toEqual({ path: '/greeting.txt', size: 12, text: 'hello\nworld\n', truncated: false });
    expect((await call<FilePreview>('volumes:read-file', { name, path: '/utf8.txt' })).text).toBe('héllo');
    expect((await call<FilePreview>('volumes:read-file', { name, path: '/logs/deep/blob.bin' })).text).toBeNull();
    expect(await invoke('volumes:browse', { name, path: '/../../etc' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await invoke('volumes:browse', { name, path: '/nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });

    // Browsing leaves no helper container behind, and the list never shows one.
    const all = await call<ContainerSummary[]>('containers:list', {});
    expect(all.filter((c) => c.labels['io.berth.helper'])).toEqual([]);

    const inUse = await invoke('volumes:remove', { name });
    expect(inUse).toMatchObject({ ok: false, error: { code: 'conflict', message: `Volume ${name} is in use by ${writer}. Remove that container first.` } });
    await docker(['rm', writer]);
    expect(await invoke('volumes:remove', { name })).toEqual({ ok: true, value: null });
  });

  it('previews the unused anonymous volumes a prune removes, keeping named ones', async () => {
    const named = uniqueName('keep');
    await call('volumes:create', { name: named });
    const holder = uniqueName('anon-holder');
    await docker(['create', '--name', holder, '-v', '/x', image, 'true']);
    const anon = (await docker(['inspect', '-f', '{{range .Mounts}}{{.Name}}{{end}}', holder])).trim();
    await docker(['rm', holder]); // the anonymous volume stays, unused
    const preview = await call<PrunePreviewItem[]>('volumes:prune-preview', {});
    expect(preview.map((p) => p.id)).toContain(anon);
    expect(preview.map((p) => p.id)).not.toContain(named);
    const result = await call<{ deleted: string[] }>('volumes:prune', {});
    expect(result.deleted).toContain(anon);
    const left = (await call<VolumeSummary[]>('volumes:list', {})).map((v) => v.name);
    expect(left).toContain(named);
    expect(left).not.toContain(anon);
    await call('volumes:remove', { name: named });
  });
});

describe('networks', () => {
  it('creates a bridge with a subnet, connects and disconnects a container, refuses removing while attached', async () => {
    const name = uniqueName('net');
    const created = await call<NetworkSummary>('networks:create', { name, subnet: '172.29.77.0/24', gateway: '172.29.77.1' });
    expect(created).toMatchObject({ name, driver: 'bridge', builtIn: false, subnets: [{ subnet: '172.29.77.0/24', gateway: '172.29.77.1' }] });
    expect(await invoke('networks:create', { name })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const c = uniqueName('net-member');
    await docker(['run', '-d', '--name', c, '--network', 'none', image, 'sleep', '600']);
    await docker(['network', 'disconnect', 'none', c]);
    expect(await invoke('networks:connect', { network: name, container: c })).toEqual({ ok: true, value: null });
    const listed = (await call<NetworkSummary[]>('networks:list', {})).find((n) => n.name === name);
    expect(listed?.containers).toEqual([expect.objectContaining({ name: c, ipv4: expect.stringMatching(/^172\.29\.77\./) })]);
    expect(await invoke('networks:remove', { id: name })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining(`still has ${c} attached`) } });
    expect(await invoke('networks:disconnect', { network: name, container: c })).toEqual({ ok: true, value: null });
    expect(await invoke('networks:remove', { id: name })).toEqual({ ok: true, value: null });
    const builtin = (await call<NetworkSummary[]>('networks:list', {})).find((n) => n.name === 'bridge');
    expect(builtin?.builtIn).toBe(true);
    expect(await invoke('networks:remove', { id: 'bridge' })).toMatchObject({ ok: false, error: { message: 'bridge comes with the engine and cannot be removed.' } });
    expect(await invoke('networks:create', { name: uniqueName('n'), subnet: 'not-a-cidr' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    await docker(['rm', '-f', c]);
  });
});

describe('system', () => {
  it('reports disk usage and previews a prune of stopped containers that the prune then matches', async () => {
    const stopped = uniqueName('sys-stopped');
    await docker(['run', '--name', stopped, image, 'sh', '-c', 'head -c 100000 /dev/zero > /filler']);
    const usage = await call<DiskUsage>('system:disk-usage', {});
    expect(usage.images.count).toBeGreaterThanOrEqual(1);
    expect(usage.containers.count).toBeGreaterThanOrEqual(1);
    expect(usage.containers.reclaimable).toBeGreaterThanOrEqual(100_000);
    const preview = await call<Record<string, PrunePreviewItem[]>>('system:prune-preview', { targets: ['containers'] });
    const mine = preview.containers?.find((p) => p.name === stopped);
    expect(mine?.size).toBeGreaterThanOrEqual(100_000);
    const result = await call<Record<string, { deleted: string[] }>>('system:prune', { targets: ['containers'] });
    expect(result.containers?.deleted).toContain(mine?.id);
  });
});
