/** A small ustar writer for files Berth puts into containers (configs, certificates): in memory, paths up to 100 bytes. */

export interface TarFile {
  /** Relative path inside the archive, e.g. "kube/pki/ca.crt"; folders end with "/". */
  path: string;
  content?: string | Buffer;
  mode?: number;
}

function header(path: string, size: number, mode: number, type: '0' | '5'): Buffer {
  if (Buffer.byteLength(path) > 100) throw new Error(`tar path too long: ${path}`);
  const h = Buffer.alloc(512);
  h.write(path, 0, 'utf8');
  h.write(`${mode.toString(8).padStart(7, '0')}\0`, 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write(`${Math.floor(Date.now() / 1000).toString(8).padStart(11, '0')}\0`, 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

export function writeTar(files: TarFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    if (f.path.endsWith('/')) {
      parts.push(header(f.path, 0, f.mode ?? 0o755, '5'));
      continue;
    }
    const body = Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content ?? '');
    parts.push(header(f.path, body.length, f.mode ?? 0o644, '0'), body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}
