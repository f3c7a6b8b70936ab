import { open, stat } from 'node:fs/promises';

export interface Marker {
  name: string;
  text: string;
}

/**
 * Follows the VM's serial console (a file qemu writes) for `BERTH-*` markers, reading only what is
 * new every `intervalMs`. Used while the VM starts; the log itself stays on disk for the UI.
 */
export class ConsoleWatcher {
  private offset = 0;
  private partial = '';
  private timer: NodeJS.Timeout | null = null;
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly path: string,
    private readonly onMarker: (m: Marker) => void,
    private readonly intervalMs = 100,
    /** Called whenever anything new is on the console (a sign of life, marker or not). */
    private readonly onOutput: () => void = () => undefined,
  ) {}

  start(): void {
    const tick = async (): Promise<void> => {
      await this.read().catch(() => undefined);
      if (this.timer) this.timer = setTimeout(() => void tick(), this.intervalMs);
    };
    this.timer = setTimeout(() => void tick(), this.intervalMs);
  }

  private async read(): Promise<void> {
    const info = await stat(this.path).catch(() => null);
    if (!info || info.size <= this.offset) return;
    const handle = await open(this.path, 'r');
    try {
      const buffer = Buffer.alloc(info.size - this.offset);
      await handle.read(buffer, 0, buffer.length, this.offset);
      this.offset = info.size;
      this.onOutput();
      const text = this.partial + this.decoder.decode(buffer, { stream: true });
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      for (const raw of lines) {
        const line = raw.replace(/\r$/, '');
        const m = /^(BERTH-[A-Z]+)\s*(.*)$/.exec(line);
        if (m) this.onMarker({ name: m[1]!, text: m[2]! });
      }
    } finally {
      await handle.close();
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The last `lines` lines of a text file (the console log), read from its end. */
export async function tail(path: string, lines: number): Promise<string[]> {
  const info = await stat(path).catch(() => null);
  if (!info) return [];
  const size = Math.min(info.size, Math.max(64 * 1024, lines * 400));
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(size);
    await handle.read(buffer, 0, size, info.size - size);
    // Control characters a terminal would interpret are dropped; the rest is shown as it came.
    // eslint-disable-next-line no-control-regex -- stripping them is the point
    const text = buffer.toString('utf8').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
    return text.split('\n').slice(-lines - 1).filter((l, i, all) => i < all.length - 1 || l !== '').slice(-lines);
  } finally {
    await handle.close();
  }
}

/** How qemu ended, in words: a clean exit (code 0) is the guest powering off or resetting itself (-no-reboot). */
export function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `was killed by ${signal}`;
  return code === 0 ? 'exited with code 0: the guest powered off or reset itself' : `exited with code ${code}`;
}

/** The console line that says why a guest ended, when one does: a kernel panic, Berth's own error, a power-off. */
export function guestReason(lines: string[]): string {
  const telling = [/Kernel panic/, /BERTH-ERROR/, /\bOops\b|BUG:|general protection/, /reboot: (Power down|Restarting system)/];
  for (const re of telling) {
    const found = lines.findLast((l) => re.test(l));
    if (found) return `The console says: "${found.trim().slice(0, 300)}".`;
  }
  const last = lines.findLast((l) => l.trim() !== '');
  return last ? `The console's last line: "${last.trim().slice(0, 300)}".` : 'The console is empty.';
}
