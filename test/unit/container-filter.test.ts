import { describe, expect, it } from 'vitest';
import { groupByProject, inTab, isKubernetesContainer, matches } from '../../renderer/src/lib/container-filter';
import { splitCommand, formatBytes } from '../../renderer/src/lib/format';
import type { ContainerSummary } from '../../shared/models';

const c = (name: string, over: Partial<ContainerSummary> = {}): ContainerSummary => ({
  id: `${name}0123456789abcdef`.replace(/[^a-f0-9]/g, 'a'),
  name,
  image: 'busybox:latest',
  imageId: 'sha256:1',
  command: 'sh',
  created: 0,
  state: 'running',
  status: 'Up',
  ports: [],
  labels: {},
  ...over,
});

describe('container search', () => {
  const web = c('web', { image: 'nginx:1.27', labels: { 'com.docker.compose.project': 'shop', tier: 'front' } });
  const db = c('db', { image: 'postgres:16', state: 'exited', labels: { 'com.docker.compose.project': 'shop', tier: 'back' } });
  const tool = c('tool', { state: 'paused' });

  it('matches name, image, label key=value and bare words, all words together', () => {
    expect(matches(web, 'web')).toBe(true);
    expect(matches(web, 'NGINX')).toBe(true);
    expect(matches(web, 'tier=front')).toBe(true);
    expect(matches(db, 'tier=front')).toBe(false);
    expect(matches(db, 'tier=')).toBe(true);
    expect(matches(web, 'shop web')).toBe(true);
    expect(matches(db, 'shop web')).toBe(false);
    expect(matches(tool, '')).toBe(true);
  });

  it('puts paused and restarting containers under Running, exited under Stopped', () => {
    expect([web, db, tool].filter((x) => inTab(x, 'running')).map((x) => x.name)).toEqual(['web', 'tool']);
    expect([web, db, tool].filter((x) => inTab(x, 'stopped')).map((x) => x.name)).toEqual(['db']);
  });

  it('groups by compose project, loose containers last', () => {
    const other = c('api', { labels: { 'com.docker.compose.project': 'alpha' } });
    expect(groupByProject([web, tool, db, other]).map((g) => [g.project, g.containers.map((x) => x.name)])).toEqual([
      ['alpha', ['api']],
      ['shop', ['web', 'db']],
      [null, ['tool']],
    ]);
  });
});

describe('command splitting', () => {
  it('splits like a shell would, without expanding anything', () => {
    expect(splitCommand('sh -c "echo $HOME && ls"')).toEqual(['sh', '-c', 'echo $HOME && ls']);
    expect(splitCommand(`echo 'single "quoted"' plain\\ space ""`)).toEqual(['echo', 'single "quoted"', 'plain space', '']);
    expect(splitCommand('  ')).toEqual([]);
    expect(splitCommand('echo "unclosed')).toBeNull();
  });
});

describe('formatBytes', () => {
  it('uses decimal units like the docker CLI', () => {
    expect([0, 999, 1000, 1_234_567, 45_600_000_000].map(formatBytes)).toEqual(['0 B', '999 B', '1.00 kB', '1.23 MB', '45.6 GB']);
  });
});

describe('Kubernetes containers', () => {
  it('tells the kubelet’s pod containers from the user’s own', () => {
    expect(isKubernetesContainer(c('k8s_POD_web-1_default_abc_0', { labels: { 'io.kubernetes.pod.name': 'web-1', 'io.kubernetes.pod.namespace': 'default' } }))).toBe(true);
    expect(isKubernetesContainer(c('web', { labels: { 'com.docker.compose.project': 'shop' } }))).toBe(false);
  });
});
