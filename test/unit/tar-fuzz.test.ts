import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { TarReader, TarError } from '../../electron/backend/archive/tar-reader';
import { readExport } from '../../electron/backend/layers/export-reader';
import { normalisePath } from '../../electron/backend/layers/layer-entries';

/** A minimal tar writer for test inputs (ustar; long names via pax). */
function tar(entries: { path: string; body?: Buffer | string; type?: '0' | '5' | '2' | '1'; link?: string }[]): Buffer {
  const blocks: Buffer[] = [];
  const header = (name: string, size: number, type: string, link = ''): Buffer => {
    const h = Buffer.alloc(512);
    h.write(name.slice(0, 100), 0, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(size.toString(8).padStart(11, '0') + '\0', 124);
    h.write('14000000000\0', 136);
    h.write('        ', 148);
    h.write(type, 156);
    h.write(link.slice(0, 100), 157);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    return h;
  };
  const pad = (n: number) => Buffer.alloc((512 - (n % 512)) % 512);
  for (const e of entries) {
    const body = e.body === undefined ? Buffer.alloc(0) : Buffer.from(e.body);
    if (Buffer.byteLength(e.path) > 100) {
      const rec = ` path=${e.path}\n`;
      let len = rec.length;
      while (`${len}${rec}`.length !== len) len = `${len}${rec}`.length;
      const pax = Buffer.from(`${len}${rec}`);
      blocks.push(header('PaxHeader', pax.length, 'x'), pax, pad(pax.length));
    }
    blocks.push(header(e.path, body.length, e.type ?? '0', e.link), body, pad(body.length));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** A deterministic pseudo-random source, so a failing case can be replayed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

function classicExport(): Buffer {
  const layer1 = tar([{ path: 'etc/', type: '5' }, { path: 'etc/hosts', body: '127.0.0.1 localhost\n' }, { path: `deep/${'x'.repeat(150)}/file`, body: 'long name' }]);
  const layer2 = tar([{ path: 'etc/', type: '5' }, { path: 'etc/.wh.hosts' }, { path: 'bin/sh', type: '2', link: 'busybox' }, { path: '../escape', body: 'nope' }]);
  return tar([
    { path: 'l1/', type: '5' },
    { path: 'l1/layer.tar', body: layer1 },
    { path: 'l2/', type: '5' },
    { path: 'l2/layer.tar', body: gzipSync(layer2) },
    { path: 'config.json', body: JSON.stringify({ rootfs: { diff_ids: [] }, history: [{ created_by: 'ADD' }, { created_by: 'RUN rm' }] }) },
    { path: 'manifest.json', body: JSON.stringify([{ Config: 'config.json', Layers: ['l1/layer.tar', 'l2/layer.tar'] }]) },
  ]);
}

describe('tar reading', () => {
  it('reads a valid export with a gzip layer, a pax long name, a whiteout, and reports an unsafe path', async () => {
    const contents = await readExport(Readable.from([classicExport()]));
    expect(contents.partial).toBeNull();
    expect([...contents.layers.keys()]).toEqual(['l1/layer.tar', 'l2/layer.tar']);
    const l1 = contents.layers.get('l1/layer.tar')!;
    expect(l1.entries.map((e) => e.path)).toEqual(['/etc', '/etc/hosts', `/deep/${'x'.repeat(150)}/file`]);
    const l2 = contents.layers.get('l2/layer.tar')!;
    expect(l2.entries.map((e) => [e.path, e.whiteout ?? e.type])).toEqual([
      ['/etc', 'directory'],
      ['/etc/hosts', 'file'],
      ['/bin/sh', 'symlink'],
    ]);
    expect(contents.anomalies.join('\n')).toMatch(/\.\.\/escape: the path climbs out of the image/);
    expect(normalisePath('/a/./b//c/')).toBe('/a/b/c');
    expect(normalisePath('a/../../etc')).toBeNull();
  });

  it('never throws anything but TarError, and never hangs, on random bytes', () => {
    const random = rng(42);
    for (let i = 0; i < 300; i++) {
      const bytes = Buffer.alloc(Math.floor(random() * 4096));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
      const reader = new TarReader({ entry: () => 1 << 20 });
      try {
        reader.push(bytes);
        reader.end();
      } catch (err) {
        expect(err).toBeInstanceOf(TarError);
      }
    }
  });

  it('survives mutated and truncated exports: a partial result or a clear reason, never a crash', async () => {
    const valid = classicExport();
    const random = rng(7);
    const t0 = Date.now();
    let partial = 0;
    for (let i = 0; i < 250; i++) {
      const mutated = Buffer.from(valid);
      const kind = i % 3;
      if (kind === 0) for (let k = 0; k < 1 + Math.floor(random() * 8); k++) mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
      const input = kind === 1 ? mutated.subarray(0, Math.floor(random() * mutated.length)) : mutated;
      // Cut into random chunks, as a socket would deliver it.
      const chunks: Buffer[] = [];
      for (let at = 0; at < input.length; ) {
        const n = 1 + Math.floor(random() * 2000);
        chunks.push(input.subarray(at, at + n));
        at += n;
      }
      const contents = await readExport(Readable.from(chunks));
      if (contents.partial) {
        partial++;
        expect(contents.partial).toMatch(/corrupt|truncated|empty|error/);
      }
      for (const layer of contents.layers.values()) for (const e of layer.entries) expect(e.path.startsWith('/') && !e.path.split('/').includes('..')).toBe(true);
    }
    expect(partial).toBeGreaterThan(50);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
});
