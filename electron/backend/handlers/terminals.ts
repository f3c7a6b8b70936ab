import type Docker from 'dockerode';
import type { Router } from '../rpc/router';
import type { StreamContext, StreamSession } from '../rpc/streams';
import type { TerminalEvent } from '../../../shared/models';
import { BerthError } from '../rpc/errors';
import type { TerminalSessions, TerminalSession } from '../terminals/session';
import { detectShell, startDebugShell, startExec } from '../terminals/docker-exec';
import { startHostShell } from '../terminals/host-pty';

/** Attaches a stream to a session; closing the stream only detaches (the process keeps running). */
function attach(session: TerminalSession, ctx: StreamContext<TerminalEvent>, replay: boolean): StreamSession<string> {
  const detach = session.attach(ctx.send, replay);
  return {
    write: (data) => session.write(data),
    resize: (cols, rows) => session.resize(cols, rows),
    close: detach,
  };
}

function reattach(sessions: TerminalSessions, sessionId: string, ctx: StreamContext<TerminalEvent>): StreamSession<string> {
  const session = sessions.get(sessionId);
  if (!session) throw new BerthError('not-found', 'That terminal session has ended (or Berth was restarted). Open a new one.');
  return attach(session, ctx, true);
}

export function registerTerminalHandlers(router: Router, deps: { docker: () => Docker; sessions: TerminalSessions; hostEnv: () => Record<string, string> }): void {
  const { sessions } = deps;

  router.stream('containers:exec', async (args, ctx) => {
    if (args.sessionId) return reattach(sessions, args.sessionId, ctx);
    const docker = deps.docker();
    const info = await docker.getContainer(args.id).inspect();
    const name = info.Name.replace(/^\//, '');
    if (!info.State.Running || info.State.Paused) {
      throw new BerthError('conflict', `${name} is ${info.State.Paused ? 'paused' : 'not running'}: ${info.State.Paused ? 'resume' : 'start'} it to open a terminal in it.`);
    }
    if (args.mode === 'debug') {
      const { process, helperImage } = await startDebugShell(docker, info, args);
      const session = sessions.create('debug', process, {
        command: ['/bin/sh'],
        title: `debug shell for ${name}`,
        containerId: info.Id,
        containerName: name,
        notice: `Debug shell for ${name}: a helper container from ${helperImage}, sharing ${name}'s processes and network. ${name}'s own files are at /proc/1/root. Closing this tab removes the helper.`,
      });
      return attach(session, ctx, false);
    }
    const shell = await detectShell(docker.getContainer(info.Id));
    let command = args.command;
    if (!command) {
      if (!shell) throw new BerthError('not-found', `${name} has no shell (no /bin/bash, /bin/sh or /bin/ash). Open a debug shell instead: a helper container with a shell that joins its processes and network.`);
      command = [shell];
    }
    const process = await startExec(docker, info.Id, command, { ...args, shell });
    const session = sessions.create('exec', process, {
      command,
      title: `${command.join(' ')} in ${name}${args.user ? ` as ${args.user}` : ''}`,
      containerId: info.Id,
      containerName: name,
    });
    return attach(session, ctx, false);
  });

  router.stream('terminal:host', async (args, ctx) => {
    if (args.sessionId) return reattach(sessions, args.sessionId, ctx);
    const { process, shell } = await startHostShell(deps.hostEnv(), args);
    const session = sessions.create('host', process, { command: [shell], title: `${shell.split('/').pop()} on this machine` });
    return attach(session, ctx, false);
  });

  router.handle('terminals:list', () => sessions.list()).handle('terminals:close', ({ sessionId }) => {
    sessions.close(sessionId);
    return null;
  });
}
