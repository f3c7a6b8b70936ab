import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEngine, type TestEngine } from '../harness/dockerd';
import { importBusybox, busyboxImage } from '../harness/images';
import { startTestRegistry, type TestRegistry } from '../harness/registry';
import { backendOn, openStream, until } from './helpers';
import type { ImageSummary, LogEvent, TransferProgress } from '../../shared/models';

/** Its own engine, so it can be stopped in the middle of a pull without disturbing other tests. */
let engine: TestEngine;
let registry: TestRegistry;
let t: ReturnType<typeof backendOn>;
let ctx: string;

beforeAll(async () => {
  engine = await startTestEngine({ network: 'none' });
  await importBusybox(engine);
  registry = await startTestRegistry();
  t = backendOn(engine.host, { initialMs: 100, maxMs: 500 });
  t.backend.start();
  await until('connected', () => t.backend.engine.status.state === 'connected');
  ctx = await mkdtemp(join(tmpdir(), 'berth-faults-'));
});

afterAll(async () => {
  t?.backend.stop();
  await registry?.stop();
  await engine?.destroy();
  await rm(ctx, { recursive: true, force: true });
});

describe('the engine going away mid-follow', () => {
  it('ends a followed log stream with an error instead of hanging, and leaves nothing behind', async () => {
    await engine.docker(['run', '-d', '--name', 'chatty', busyboxImage, 'sh', '-c', 'while true; do echo tick; sleep 0.1; done']);
    const s = openStream<LogEvent>(t, 'containers:logs', { id: 'chatty' });
    await until('some lines', () => s.data.some((e) => e.kind === 'lines'), 10_000);
    await engine.stopDaemon();
    const error = await s.ended;
    expect(error?.code).toBe('engine-unavailable');
    expect(t.backend.router.openStreamCount).toBe(0);
    expect(t.backend.events.size).toBe(0);
    await engine.startDaemon();
    await until('reconnected', () => t.backend.engine.status.state === 'connected', 20_000);
    await engine.docker(['rm', '-f', 'chatty']);
  }, 60_000);
});

describe('the engine going away mid-pull', () => {
  it('ends the pull with a clear message, keeps no half image, and the list is right once it is back', async () => {
    const ref = `${registry.address}/berth/big:1`;
    await writeFile(join(ctx, 'Dockerfile'), `FROM ${busyboxImage}\nRUN head -c 400000000 /dev/urandom > /big\n`);
    expect(await t.backend.router.invoke('registries:login', { server: registry.address, username: registry.username, password: registry.password })).toMatchObject({ ok: true });
    expect(await openStream(t, 'images:build', { context: ctx, tags: [ref] }).ended).toBeUndefined();
    expect(await openStream(t, 'images:push', { reference: ref }).ended).toBeUndefined();
    await engine.docker(['rmi', ref]);

    const pull = openStream<TransferProgress>(t, 'images:pull', { reference: ref });
    await until('bytes arriving', () => pull.data.some((p) => p.current > 0 && p.current < p.total), 30_000);
    await engine.stopDaemon();
    const error = await pull.ended;
    expect(error?.code).toMatch(/engine-unavailable|engine-error/);
    expect(error?.message).toMatch(/^The engine (went away|closed the connection) during the pull of 127.0.0.1:\d+\/berth\/big:1/);
    expect(t.backend.router.openStreamCount).toBe(0);

    await engine.startDaemon();
    await until('reconnected', () => t.backend.engine.status.state === 'connected', 20_000);
    const r = await t.backend.router.invoke('images:list', {});
    expect(r.ok).toBe(true);
    const refs = (r.ok ? (r.value as ImageSummary[]) : []).flatMap((i) => i.repoTags);
    expect(refs).not.toContain(ref);
    expect(refs).toContain(busyboxImage); // what was there before is still there

    // And the same pull works once the engine is back.
    const again = openStream<TransferProgress>(t, 'images:pull', { reference: ref });
    expect(await again.ended).toBeUndefined();
  }, 180_000);
});
