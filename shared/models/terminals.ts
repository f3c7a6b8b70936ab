/** Logs and terminals: plain serialisable models. */

/**
 * One batch of log lines (about one per animation frame). `stderr` lists the indices of the lines
 * that came on stderr; `times` (when timestamps were asked for) runs parallel to `lines`.
 */
export interface LogLines {
  kind: 'lines';
  lines: string[];
  stderr: number[];
  times?: string[];
}

/** Something the viewer should say between lines: the container stopped, it started again. */
export interface LogNote {
  kind: 'note';
  text: string;
  level: 'info' | 'warn';
}

export type LogEvent = LogLines | LogNote;

export interface SavedLog {
  path: string;
  bytes: number;
  lines: number;
}

export type TerminalKind = 'exec' | 'debug' | 'host' | 'vm' | 'pod';

export interface TerminalSessionInfo {
  sessionId: string;
  kind: TerminalKind;
  /** The container the shell runs in (exec) or looks into (debug). */
  containerId?: string;
  containerName?: string;
  /** argv of the process in the terminal. */
  command: string[];
  /** What the tab says: "sh in web", "debug shell for web", "bash on this machine". */
  title: string;
  started: number;
  /** False once the process exited; the session stays listed until closed, with its last output. */
  alive: boolean;
  exitCode: number | null;
}

export type TerminalEvent =
  /** First message of every attach: which session this is, and whether recent output follows as a replay. */
  | { kind: 'session'; session: TerminalSessionInfo; replay: boolean; notice?: string }
  | { kind: 'output'; data: string }
  | { kind: 'exit'; code: number | null };
