import { describe, expect, it, beforeAll } from 'vitest';
import { inject } from 'vitest';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { runDocker } from '../harness/dockerd';
import type { LayerAnalysis } from '../../shared/models';

/** The built command line, as a pipeline runs it: `berth layers IMAGE`. */
const host = inject('engineHost');
const base = inject('busyboxImage');
const tag = `berth-cli-${Date.now().toString(36)}:1`;

function berth(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [resolve('out/main/cli.js'), ...args], { env: { ...process.env, DOCKER_HOST: host }, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) =>
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  await runDocker(host, ['build', '-t', tag, '-'], `FROM ${base}\nRUN head -c 2000000 /dev/zero > /big\nRUN rm /big\n`);
});

describe('berth layers (command line)', () => {
  it('prints the analysis: layers, efficiency, wasted bytes, the largest inefficiencies', async () => {
    const r = await berth(['layers', tag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/3 layers/);
    expect(r.stdout).toMatch(/Wasted bytes: +2000000 \(2\.0 MB\)/);
    expect(r.stdout).toMatch(/2 +2\.0 MB +\/big/);
  });

  it('prints JSON with --json', async () => {
    const r = await berth(['layers', tag, '--json']);
    const a = JSON.parse(r.stdout) as LayerAnalysis;
    expect(a.wastedBytes).toBe(2_000_000);
    expect(a.layers).toHaveLength(3);
  });

  it('fails a pipeline when the image is worse than the thresholds, passes when it is not', async () => {
    const bad = await berth(['layers', tag, '--ci', '--highest-wasted-bytes', '1MB', '--lowest-efficiency', '0.99']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL: wasted bytes 2000000 are above 1000000/);
    expect(bad.stdout).toMatch(/FAIL: efficiency 0\.\d+ is below 0\.99/);
    const good = await berth(['layers', tag, '--ci', '--highest-wasted-bytes', '5MB', '--lowest-efficiency', '0.1']);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/PASS/);
  });

  it('runs as `npx berth` from the checkout (package.json "bin", a run bit on the built file)', async () => {
    const r = await new Promise<{ code: number; stdout: string }>((done) =>
      execFile('npx', ['--no-install', 'berth', 'layers', tag, '--json'], { env: { ...process.env, DOCKER_HOST: host }, maxBuffer: 32 * 1024 * 1024 }, (err, stdout) => done({ code: err ? 1 : 0, stdout })),
    );
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as LayerAnalysis).layers).toHaveLength(3);
  });

  it('says what is wrong when the image does not exist', async () => {
    const r = await berth(['layers', 'no-such-image:nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^berth: .*no such image/i);
  });
});
