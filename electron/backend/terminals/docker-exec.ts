import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { BerthError } from '../rpc/errors';
import { helperLabels } from '../engine/helper-container';
import type { TerminalProcess } from './session';

const shells = ['/bin/bash', '/bin/sh', '/bin/ash'];

/** The first of bash, sh, ash that exists in the container (read through the archive endpoint: no shell needed to ask). */
export async function detectShell(container: Docker.Container): Promise<string | null> {
  for (const shell of shells) {
    const found = await container.infoArchive({ path: shell }).then(
      () => true,
      () => false,
    );
    if (found) return shell;
  }
  return null;
}

/** Raw TTY bytes to text, with one decoder per connection so split characters survive. */
function textStream(socket: NodeJS.ReadableStream, onData: (text: string) => void): void {
  const decoder = new TextDecoder('utf-8');
  socket.on('data', (chunk: Buffer) => {
    const text = decoder.decode(chunk, { stream: true });
    if (text) onData(text);
  });
}

class Listeners<T> {
  private readonly list: ((value: T) => void)[] = [];
  private fired: { value: T } | null = null;
  add(l: (value: T) => void): void {
    if (this.fired) l(this.fired.value);
    else this.list.push(l);
  }
  emit(value: T): void {
    for (const l of this.list) l(value);
  }
  once(value: T): void {
    if (this.fired) return;
    this.fired = { value };
    for (const l of this.list.splice(0)) l(value);
  }
}

/** An OSC sequence the wrapper prints first: the process's PID inside the container, for hanging it up later. */
// eslint-disable-next-line no-control-regex -- the marker is an escape sequence
const pidMarker = /^\x1b\]7777;berth-pid=(\d+)\x07/;

/**
 * A TTY `docker exec` in a running container. When the container has a shell, the command runs
 * through a one-line wrapper that reports its PID (stripped from the output), because closing the
 * connection does not end an exec (moby#9098): closing the session sends SIGHUP to that PID.
 */
export async function startExec(docker: Docker, containerId: string, command: string[], options: { user?: string; cols: number; rows: number; shell: string | null }): Promise<TerminalProcess> {
  const container = docker.getContainer(containerId);
  const cmd = options.shell ? [options.shell, '-c', 'printf "\\033]7777;berth-pid=%s\\007" "$$"; exec "$@"', 'berth-exec', ...command] : command;
  const exec = await container.exec({
    Cmd: cmd,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
    Env: ['TERM=xterm-256color', 'COLORTERM=truecolor'],
    ...(options.user ? { User: options.user } : {}),
  });
  const socket = (await exec.start({ hijack: true, stdin: true, Tty: true } as Docker.ExecStartOptions)) as unknown as Duplex;
  const data = new Listeners<string>();
  const exit = new Listeners<number | null>();
  let pid: number | null = null;
  let head = options.shell ? '' : null; // output held back until the PID marker has been read
  textStream(socket, (t) => {
    if (head === null) return data.emit(t);
    head += t;
    const m = pidMarker.exec(head);
    if (m) {
      pid = Number(m[1]);
      const rest = head.slice(m[0].length);
      head = null;
      if (rest) data.emit(rest);
    } else if (head.length > 64 || !'\x1b]7777;berth-pid='.startsWith(head.slice(0, 17))) {
      const all = head;
      head = null;
      data.emit(all);
    }
  });
  let ended = false;
  const finished = (): void => {
    if (ended) return;
    ended = true;
    void exec
      .inspect()
      .then((i) => exit.once(i.ExitCode ?? null))
      .catch(() => exit.once(null));
  };
  socket.once('end', finished);
  socket.once('close', finished);
  socket.once('error', finished);
  await exec.resize({ h: options.rows, w: options.cols }).catch(() => undefined);
  return {
    write: (text) => void socket.write(text),
    resize: (cols, rows) => void exec.resize({ h: rows, w: cols }).catch(() => undefined),
    kill: () => {
      if (pid !== null && options.shell) {
        // Hang up the process group (a shell's jobs) and the process itself.
        void container
          .exec({ Cmd: [options.shell, '-c', `kill -HUP -${pid} 2>/dev/null; kill -HUP ${pid} 2>/dev/null; true`], AttachStdout: false, AttachStderr: false })
          .then((e) => e.start({ Detach: true }))
          .catch(() => undefined);
      }
      socket.end();
      socket.destroy();
    },
    onData: (l) => data.add(l),
    onExit: (l) => exit.add(l),
  };
}

/** A local image with a shell, for a debug helper: busybox-like images first, then the smallest. */
async function helperImageWithShell(docker: Docker): Promise<{ id: string; name: string }> {
  const images = (await docker.listImages()).sort((a, b) => {
    const score = (i: Docker.ImageInfo): number => ((i.RepoTags ?? []).some((t) => /busybox|alpine/.test(t)) ? 0 : 1);
    return score(a) - score(b) || a.Size - b.Size;
  });
  for (const image of images.slice(0, 8)) {
    const probe = await docker.createContainer({ Image: image.Id, Entrypoint: ['/berth-probe-never-started'], Labels: helperLabels('probe'), NetworkDisabled: true });
    try {
      if (await detectShell(probe)) return { id: image.Id, name: image.RepoTags?.[0] ?? image.Id.slice(7, 19) };
    } finally {
      await probe.remove({ force: true }).catch(() => undefined);
    }
  }
  throw new BerthError('not-found', 'A debug shell needs a local image that has a shell (busybox or alpine are ideal). Pull or build one first.');
}

/**
 * A debug shell for a container without one: a helper container from a local image with a shell,
 * sharing the target's PID and network namespaces, so its processes are visible and its files are
 * at /proc/1/root. The helper is removed when the session ends.
 */
export async function startDebugShell(docker: Docker, target: Docker.ContainerInspectInfo, options: { cols: number; rows: number }): Promise<{ process: TerminalProcess; helperImage: string }> {
  const image = await helperImageWithShell(docker);
  const helper = await docker.createContainer({
    Image: image.id,
    Entrypoint: ['/bin/sh'],
    Cmd: [],
    Tty: true,
    OpenStdin: true,
    StdinOnce: false,
    Env: ['TERM=xterm-256color', 'PS1=debug:$PWD# '],
    WorkingDir: '/',
    Labels: { ...helperLabels('debug-shell'), 'io.berth.debug-target': target.Id },
    HostConfig: {
      PidMode: `container:${target.Id}`,
      NetworkMode: `container:${target.Id}`,
      CapAdd: ['SYS_PTRACE'],
      AutoRemove: true,
    },
  });
  const socket = (await helper.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as unknown as Duplex;
  await helper.start();
  await helper.resize({ h: options.rows, w: options.cols }).catch(() => undefined);
  const data = new Listeners<string>();
  const exit = new Listeners<number | null>();
  textStream(socket, (t) => data.emit(t));
  const finished = (): void => {
    void helper
      .wait()
      .then((r: { StatusCode?: number }) => exit.once(r.StatusCode ?? null))
      .catch(() => exit.once(null));
  };
  socket.once('end', finished);
  socket.once('close', finished);
  return {
    helperImage: image.name,
    process: {
      write: (text) => void socket.write(text),
      resize: (cols, rows) => void helper.resize({ h: rows, w: cols }).catch(() => undefined),
      kill: () => {
        socket.destroy();
        void helper.remove({ force: true }).catch(() => undefined);
      },
      onData: (l) => data.add(l),
      onExit: (l) => exit.add(l),
    },
  };
}
