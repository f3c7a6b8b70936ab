import { createConnection } from 'node:net';
import type { TerminalProcess } from '../terminals/session';

/** A root shell on the VM's console (hvc0, a unix socket qemu serves): one at a time. */
export async function openConsoleShell(socketPath: string): Promise<TerminalProcess> {
  const socket = createConnection(socketPath);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const decoder = new TextDecoder();
  const data: ((t: string) => void)[] = [];
  const exit: ((c: number | null) => void)[] = [];
  socket.on('data', (chunk: Buffer) => {
    const text = decoder.decode(chunk, { stream: true });
    for (const l of data) l(text);
  });
  socket.once('close', () => exit.forEach((l) => l(null)));
  socket.write('\n'); // wake the console so it prints a prompt
  return {
    write: (t) => void socket.write(t),
    // A console line has no size to tell; the shell learns it from stty when asked.
    resize: () => undefined,
    kill: () => socket.destroy(),
    onData: (l) => void data.push(l),
    onExit: (l) => void exit.push(l),
  };
}
