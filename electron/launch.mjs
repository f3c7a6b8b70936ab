// `npm start`: builds Berth and opens the desktop app where Electron can run; where it cannot (its
// binary could not be fetched, or there is no display) it says why and starts browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');

function run(args) {
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
}

// Requiring `electron` yields the binary's path, fetching the binary on first use.
const probe = spawnSync(process.execPath, ['-e', "require('electron')"], { encoding: 'utf8' });
const haveDisplay = process.platform !== 'linux' || !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

if (probe.status === 0 && haveDisplay) {
  run([electronVite, 'preview']);
} else {
  const why = probe.status !== 0 ? "Electron's binary is not installed and could not be fetched" : 'there is no display (DISPLAY / WAYLAND_DISPLAY unset)';
  process.stderr.write(`Berth: ${why}; starting browser mode instead (open the URL below in a browser).\n`);
  const build = spawnSync(process.execPath, [electronVite, 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  run(['out/main/serve.js', ...process.argv.slice(2)]);
}
