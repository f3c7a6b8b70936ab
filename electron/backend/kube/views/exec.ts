import type WebSocket from 'ws';
import type { TerminalProcess } from '../../terminals/session';
import type { KubeClient } from './client';
import { objectPath } from './resources';

/** The channel protocol of exec/attach/port-forward websockets (v5 adds a close message). */
export const channelProtocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const stdin = 0;
const stdout = 1;
const stderr = 2;
const status = 3;
const resize = 4;

/** An OSC sequence the default shell prints first: its PID in the container, to hang it up later. */
// eslint-disable-next-line no-control-regex -- the marker is an escape sequence
const pidMarker = /^\x1b\]7777;berth-pid=(\d+)\x07/;
const markerPrefix = '\x1b]7777;berth-pid=';
/** The best shell there is (bash, else sh), after telling its PID. */
export const defaultShellCommand = ['sh', '-c', 'printf "\\033]7777;berth-pid=%s\\007" "$$"; if command -v bash >/dev/null 2>&1; then exec bash; fi; exec sh'];

interface ExecStatus {
  status?: string;
  message?: string;
  reason?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

/** The exit code a Status on the error channel carries (0 for Success, null when it says none). */
export function exitCodeOf(s: ExecStatus): number | null {
  if (s.status === 'Success') return 0;
  const cause = s.details?.causes?.find((c) => c.reason === 'ExitCode');
  if (cause?.message && /^\d+$/.test(cause.message)) return Number(cause.message);
  return null;
}

function execQuery(container: string, command: string[], tty: boolean): URLSearchParams {
  const q = new URLSearchParams();
  q.set('container', container);
  for (const c of command) q.append('command', c);
  q.set('stdin', String(tty));
  q.set('stdout', 'true');
  q.set('stderr', String(!tty));
  q.set('tty', String(tty));
  return q;
}

/** Runs a command without a TTY and gives back what it printed and its exit code (for small jobs: hang-ups). */
export async function runInPod(client: KubeClient, namespace: string, pod: string, container: string, command: string[]): Promise<{ output: string; code: number | null }> {
  let output = '';
  let code: number | null = null;
  const ws = await client.websocket(`${objectPath('pods', namespace, pod)}/exec`, execQuery(container, command, false), channelProtocols, (data) => {
    const channel = data[0];
    if (channel === stdout || channel === stderr) output += data.subarray(1).toString();
    else if (channel === status) code = exitCodeOf(JSON.parse(data.subarray(1).toString() || '{}') as ExecStatus);
  });
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) resolve({ output, code });
    ws.once('close', () => resolve({ output, code }));
    ws.once('error', () => resolve({ output, code }));
  });
}

/**
 * A TTY exec in a pod's container over the apiserver's channel websocket, as a terminal session's
 * process. Closing the websocket does not end the process in the container (as with docker exec),
 * so the default shell reports its PID and kill() hangs it up.
 */
export async function startPodExec(
  client: KubeClient,
  target: { namespace: string; pod: string; container: string },
  command: string[],
  size: { cols: number; rows: number },
): Promise<TerminalProcess> {
  const dataListeners: ((text: string) => void)[] = [];
  const exitListeners: ((code: number | null) => void)[] = [];
  const decoder = new TextDecoder('utf-8');
  let pid: number | null = null;
  let head = command === defaultShellCommand;
  let headText = '';
  let exitCode: number | null = null;
  let exited = false;
  // Output before the session listens (a quick prompt) is kept for it.
  const early: string[] = [];
  const emit = (text: string): void => {
    if (!dataListeners.length) early.push(text);
    for (const l of dataListeners) l(text);
  };
  const exit = (code: number | null): void => {
    if (exited) return;
    exited = true;
    for (const l of exitListeners) l(code);
  };
  const onMessage = (data: Buffer): void => {
    const channel = data[0];
    const payload = data.subarray(1);
    if (channel === stdout || channel === stderr) {
      let text = decoder.decode(payload, { stream: true });
      if (head) {
        headText += text;
        const m = pidMarker.exec(headText);
        if (m) {
          pid = Number(m[1]);
          text = headText.slice(m[0].length);
          head = false;
        } else if (headText.length > 64 || !(headText.length < markerPrefix.length ? markerPrefix.startsWith(headText) : headText.startsWith(markerPrefix))) {
          text = headText;
          head = false;
        } else return;
      }
      if (text) emit(text);
    } else if (channel === status) {
      const s = JSON.parse(payload.toString() || '{}') as ExecStatus;
      exitCode = exitCodeOf(s);
      if (s.status !== 'Success' && exitCode === null && s.message) emit(`\r\n${s.message}\r\n`);
    }
  };
  const ws: WebSocket = await client.websocket(`${objectPath('pods', target.namespace, target.pod)}/exec`, execQuery(target.container, command, true), channelProtocols, onMessage);
  ws.once('close', () => exit(exitCode));
  ws.once('error', () => exit(exitCode));
  if (ws.readyState === ws.CLOSED) exit(exitCode);
  const send = (channel: number, data: Buffer | string): void => {
    if (ws.readyState !== ws.OPEN) return;
    const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    ws.send(Buffer.concat([Buffer.from([channel]), body]));
  };
  const doResize = (cols: number, rows: number): void => send(resize, JSON.stringify({ Width: cols, Height: rows }));
  doResize(size.cols, size.rows);
  return {
    write: (data) => send(stdin, data),
    resize: doResize,
    kill: () => {
      if (exited) return;
      if (pid !== null) void runInPod(client, target.namespace, target.pod, target.container, ['sh', '-c', `kill -HUP ${pid}`]).catch(() => undefined);
      ws.close();
    },
    onData: (l) => {
      dataListeners.push(l);
      for (const text of early.splice(0)) l(text);
    },
    onExit: (l) => {
      if (exited) l(exitCode);
      else exitListeners.push(l);
    },
  };
}
