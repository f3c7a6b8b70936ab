import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/**
 * Berth's version, from its package.json: the nearest one named "berth" above this module, which
 * is the app's root both in the source tree and in the built bundle (out/main, or app.asar).
 */
export function appVersion(from = dirname(fileURLToPath(import.meta.url))): string {
  if (cached) return cached;
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'berth' && pkg.version) return (cached = pkg.version);
    } catch {
      /* no package.json here: look further up */
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
