import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { BerthError } from '../rpc/errors';
import type { TerminalProcess } from './session';
import type * as NodePtyModule from 'node-pty';

type NodePty = typeof NodePtyModule;

/** The user's own shell: $SHELL, else bash or sh (PowerShell on Windows). */
export async function userShell(): Promise<string> {
  if (process.platform === 'win32') return process.env.COMSPEC ? 'powershell.exe' : 'cmd.exe';
  for (const candidate of [process.env.SHELL, '/bin/bash', '/bin/zsh', '/bin/sh']) {
    if (!candidate) continue;
    const ok = await access(candidate).then(
      () => true,
      () => false,
    );
    if (ok) return candidate;
  }
  return '/bin/sh';
}

/**
 * A terminal running the user's shell on this machine (node-pty), with the environment that points
 * `docker` (and later `kubectl`) at Berth's engine. node-pty is loaded on first use, so a missing
 * native module costs only this feature, with a message that says so.
 */
export async function startHostShell(env: Record<string, string>, options: { cols: number; rows: number }): Promise<{ process: TerminalProcess; shell: string }> {
  let pty: NodePty;
  try {
    pty = await import('node-pty');
  } catch (err) {
    throw new BerthError('internal', `The host terminal needs node-pty, which could not be loaded here (${(err as Error).message}). Reinstall Berth's dependencies (npm ci).`);
  }
  const shell = await userShell();
  const child = pty.spawn(shell, [], {
    name: 'xterm-256color',
    cols: options.cols,
    rows: options.rows,
    cwd: homedir(),
    env: { ...(process.env as Record<string, string>), TERM: 'xterm-256color', COLORTERM: 'truecolor', ...env },
  });
  return {
    shell,
    process: {
      write: (text) => child.write(text),
      resize: (cols, rows) => child.resize(cols, rows),
      kill: () => child.kill(),
      onData: (l) => void child.onData(l),
      onExit: (l) => void child.onExit(({ exitCode }) => l(exitCode)),
    },
  };
}
