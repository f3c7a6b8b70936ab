import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextDigest, modemOptions, resolveEndpoint } from '../../electron/backend/engine/endpoint';

let home: string;

async function writeContext(name: string, host: string, opts: { tls?: boolean; skipVerify?: boolean } = {}): Promise<void> {
  const digest = contextDigest(name);
  const meta = join(home, '.docker', 'contexts', 'meta', digest);
  await mkdir(meta, { recursive: true });
  await writeFile(
    join(meta, 'meta.json'),
    JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: !!opts.skipVerify } } }),
  );
  if (opts.tls) {
    const tls = join(home, '.docker', 'contexts', 'tls', digest, 'docker');
    await mkdir(tls, { recursive: true });
    await writeFile(join(tls, 'ca.pem'), 'CA');
    await writeFile(join(tls, 'cert.pem'), 'CERT');
    await writeFile(join(tls, 'key.pem'), 'KEY');
  }
}

async function useContext(name: string): Promise<void> {
  await mkdir(join(home, '.docker'), { recursive: true });
  await writeFile(join(home, '.docker', 'config.json'), JSON.stringify({ auths: {}, currentContext: name }));
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'berth-home-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('resolveEndpoint', () => {
  it('uses the docker CLI digest for context folders', () => {
    // sha256("default") as the CLI computes it
    expect(contextDigest('default')).toBe('37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f');
  });

  it('falls back to the platform socket when nothing is configured', async () => {
    expect(await resolveEndpoint({ env: {}, home, platform: 'linux' })).toMatchObject({ host: 'unix:///var/run/docker.sock', source: 'default' });
    expect(await resolveEndpoint({ env: {}, home, platform: 'win32' })).toMatchObject({ host: 'npipe:////./pipe/docker_engine', source: 'default' });
  });

  it('reads the current context from config.json, with its TLS material', async () => {
    await writeContext('remote', 'tcp://10.0.0.5:2376', { tls: true });
    await useContext('remote');
    const e = await resolveEndpoint({ env: {}, home, platform: 'linux' });
    expect(e).toMatchObject({ host: 'tcp://10.0.0.5:2376', source: 'context', contextName: 'remote', tls: true, tlsVerify: true });
    expect(e.tlsMaterial).toEqual({ ca: 'CA', cert: 'CERT', key: 'KEY' });
  });

  it('treats currentContext "default" as no context', async () => {
    await useContext('default');
    expect(await resolveEndpoint({ env: {}, home, platform: 'linux' })).toMatchObject({ source: 'default' });
  });

  it('lets DOCKER_CONTEXT override config.json, and DOCKER_HOST override both', async () => {
    await writeContext('a', 'unix:///run/a.sock');
    await writeContext('b', 'unix:///run/b.sock');
    await useContext('a');
    expect(await resolveEndpoint({ env: { DOCKER_CONTEXT: 'b' }, home, platform: 'linux' })).toMatchObject({ host: 'unix:///run/b.sock', contextName: 'b' });
    expect(await resolveEndpoint({ env: { DOCKER_CONTEXT: 'b', DOCKER_HOST: 'unix:///run/env.sock' }, home, platform: 'linux' })).toMatchObject({
      host: 'unix:///run/env.sock',
      source: 'DOCKER_HOST',
    });
  });

  it("puts Berth's own setting before everything", async () => {
    await writeContext('a', 'unix:///run/a.sock');
    await useContext('a');
    const e = await resolveEndpoint({ setting: 'unix:///run/berth.sock', env: { DOCKER_HOST: 'unix:///run/env.sock' }, home, platform: 'linux' });
    expect(e).toMatchObject({ host: 'unix:///run/berth.sock', source: 'setting' });
    // an empty setting means "not set"
    expect(await resolveEndpoint({ setting: '  ', env: {}, home, platform: 'linux' })).toMatchObject({ host: 'unix:///run/a.sock' });
  });

  it('honours DOCKER_CONFIG, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', async () => {
    const certs = join(home, 'certs');
    await mkdir(certs);
    await writeFile(join(certs, 'ca.pem'), 'CA2');
    const e = await resolveEndpoint({ env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }, home, platform: 'linux' });
    expect(e).toMatchObject({ tls: true, tlsVerify: true, tlsMaterial: { ca: 'CA2' } });
    const alt = join(home, 'alt-config');
    await mkdir(alt);
    await writeFile(join(alt, 'config.json'), JSON.stringify({ currentContext: 'x' }));
    await expect(resolveEndpoint({ env: { DOCKER_CONFIG: alt }, home, platform: 'linux' })).rejects.toThrow(/current context "x" does not exist/);
  });

  it('explains a missing context and a broken config.json', async () => {
    await useContext('gone');
    await expect(resolveEndpoint({ env: {}, home, platform: 'linux' })).rejects.toThrow(/"gone" does not exist.*docker context use default/);
    await writeFile(join(home, '.docker', 'config.json'), '{ not json');
    await expect(resolveEndpoint({ env: {}, home, platform: 'linux' })).rejects.toThrow(/not valid JSON/);
  });
});

describe('modemOptions', () => {
  const base = { source: 'setting' as const, tls: false, tlsVerify: false };
  it('turns addresses into dockerode options', () => {
    expect(modemOptions({ ...base, host: 'unix:///var/run/docker.sock' })).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(modemOptions({ ...base, host: 'npipe:////./pipe/docker_engine' })).toEqual({ socketPath: '\\\\.\\pipe\\docker_engine' });
    expect(modemOptions({ ...base, host: 'tcp://127.0.0.1:2375' })).toEqual({ host: '127.0.0.1', port: 2375, protocol: 'http' });
    expect(modemOptions({ ...base, host: 'tcp://[::1]', tls: true, tlsMaterial: { ca: 'CA' } })).toEqual({ host: '::1', port: 2376, protocol: 'https', ca: 'CA' });
  });
  it('refuses what it cannot speak, saying what would work', () => {
    expect(() => modemOptions({ ...base, host: 'ssh://me@box' })).toThrow(/ssh:\/\/ engine endpoints .* not supported yet/);
    expect(() => modemOptions({ ...base, host: 'docker.example' })).toThrow(/not an engine address/);
  });
});
