import { describe, expect, it } from 'vitest';
import { breadcrumbs, normaliseVolumePath, parentPath, permissions } from '../../renderer/src/pages/volumes/volume-paths';
import { labelsFromRows, nameProblem } from '../../renderer/src/pages/volumes/volume-form';

describe('volume browser paths', () => {
  it('normalises what the URL may hold, never climbing above the volume', () => {
    expect(normaliseVolumePath('')).toBe('/');
    expect(normaliseVolumePath('/')).toBe('/');
    expect(normaliseVolumePath('logs//deep/./')).toBe('/logs/deep');
    expect(normaliseVolumePath('/../../etc')).toBe('/etc');
    expect(normaliseVolumePath('/a/b/../c')).toBe('/a/c');
  });

  it('builds the breadcrumb from the volume down to the folder', () => {
    expect(breadcrumbs('data', '/')).toEqual([{ label: 'data', path: '/' }]);
    expect(breadcrumbs('data', '/logs/deep/')).toEqual([
      { label: 'data', path: '/' },
      { label: 'logs', path: '/logs' },
      { label: 'deep', path: '/logs/deep' },
    ]);
  });

  it('finds the parent folder', () => {
    expect(parentPath('/logs/deep')).toBe('/logs');
    expect(parentPath('/logs')).toBe('/');
    expect(parentPath('/')).toBe('/');
  });

  it('prints permission bits as ls does', () => {
    expect(permissions(0o755)).toBe('rwxr-xr-x');
    expect(permissions(0o100644)).toBe('rw-r--r--');
    expect(permissions(0)).toBe('---------');
  });
});

describe('create volume form', () => {
  it('explains a name the engine would refuse, in the backend’s words', () => {
    expect(nameProblem('pg-data', 'volume')).toBeNull();
    expect(nameProblem('a', 'volume')).toBe('a volume name has at least 2 characters');
    expect(nameProblem('-data', 'volume')).toMatch(/starts with a letter or digit/);
    expect(nameProblem('my data', 'network')).toBe('a network name starts with a letter or digit and holds only letters, digits and _ . -');
  });

  it('turns label rows into labels, skipping blank rows and refusing duplicates', () => {
    expect(labelsFromRows([])).toEqual({ labels: {} });
    expect(labelsFromRows([{ key: ' env ', value: 'dev' }, { key: '', value: '' }, { key: 'empty', value: '' }])).toEqual({ labels: { env: 'dev', empty: '' } });
    expect(labelsFromRows([{ key: '', value: 'x' }])).toEqual({ error: 'the label with value "x" needs a name' });
    expect(labelsFromRows([{ key: 'a', value: '1' }, { key: 'a', value: '2' }])).toEqual({ error: 'label a is given twice' });
  });
});
