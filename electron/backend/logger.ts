/** The backend's logger: a narrow interface so services and tests don't depend on where logs go. */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

const levels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof levels)[number];

/** Writes lines to stderr at or above `level`; stdout stays free for a command's own output. */
export function consoleLogger(level: LogLevel = 'info', scope = 'berth'): Logger {
  const min = levels.indexOf(level);
  const at =
    (l: LogLevel) =>
    (message: string, ...details: unknown[]): void => {
      if (levels.indexOf(l) < min) return;
      const extra = details.map((d) => (d instanceof Error ? (d.stack ?? d.message) : typeof d === 'string' ? d : JSON.stringify(d)));
      process.stderr.write(`${new Date().toISOString()} ${l.padEnd(5)} [${scope}] ${[message, ...extra].join(' ')}\n`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
