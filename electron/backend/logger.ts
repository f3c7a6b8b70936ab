/** The backend's logger: a narrow interface so services and tests don't depend on where logs go. */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

const levels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof levels)[number];

export interface LogLine {
  time: number;
  level: LogLevel;
  scope: string;
  text: string;
}

/** The last lines the backend logged, kept in memory for the Troubleshoot page and the diagnostics file. */
export class LogRing {
  private readonly lines: LogLine[] = [];
  constructor(readonly capacity = 2000) {}

  push(line: LogLine): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }

  /** The last `n` lines, oldest first. */
  tail(n = this.capacity): LogLine[] {
    return this.lines.slice(-Math.max(0, n));
  }
}

/** Every console logger of this process writes here too. */
export const recentLogLines = new LogRing();

/** Writes lines to stderr at or above `level`; stdout stays free for a command's own output. */
export function consoleLogger(level: LogLevel = 'info', scope = 'berth', ring: LogRing = recentLogLines): Logger {
  const min = levels.indexOf(level);
  const at =
    (l: LogLevel) =>
    (message: string, ...details: unknown[]): void => {
      if (levels.indexOf(l) < min) return;
      const extra = details.map((d) => (d instanceof Error ? (d.stack ?? d.message) : typeof d === 'string' ? d : JSON.stringify(d)));
      const now = Date.now();
      const text = [message, ...extra].join(' ');
      ring.push({ time: now, level: l, scope, text });
      process.stderr.write(`${new Date(now).toISOString()} ${l.padEnd(5)} [${scope}] ${text}\n`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
