import { z } from 'zod';
import type { EndpointSource } from './models';

const noArgs = z.strictObject({});

/** The desktop shell: diagnostics, the first-run probe, notifications. Merged into the contract by channels.ts. */
export const desktopInvokeSchemas = {
  'diagnostics:versions': noArgs,
  'diagnostics:backend-log': z.strictObject({ lines: z.number().int().min(1).max(5000).optional() }),
  /** Gathers versions, settings, states and log tails into one report, secrets redacted. */
  'diagnostics:collect': noArgs,
  /** Writes that report to a file (a save dialog under Electron, the Downloads folder otherwise). */
  'diagnostics:save': noArgs,
  /** Stops and wipes the VM (vm:reset), then puts every setting back to its default: the first-run flow shows again. */
  'diagnostics:factory-reset': z.strictObject({ confirm: z.literal(true) }),
  /** What the machine has: an engine that already runs, CPUs and memory (for the first-run flow). */
  'desktop:probe-host': noArgs,
  /** A desktop notification (Electron only; browser mode uses the web Notification API or a toast). */
  'desktop:notify': z.strictObject({
    title: z.string().min(1).max(200),
    body: z.string().max(1000),
    /** Where a click on it leads: a route hash such as "#/images". */
    route: z
      .string()
      .max(300)
      .regex(/^#\/[A-Za-z0-9/_.:%?=&-]*$/, 'not a route')
      .optional(),
  }),
} as const satisfies Record<string, z.ZodType>;

export interface Versions {
  app: string;
  node: string;
  /** Under Electron: its own and Chromium's versions; null in browser mode. */
  electron: string | null;
  chrome: string | null;
  platform: string;
  arch: string;
  engine: { version: string; apiVersion: string; os: string; arch: string; host: string } | null;
  /** From the VM's status (its image manifest); null while the VM is not known or not running. */
  vmImage: { kernel: string; docker: string; containerd: string } | null;
  /** The cluster's version; null until the Kubernetes lifecycle reports one. */
  kubernetes: string | null;
}

export interface BackendLogLine {
  time: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  scope: string;
  text: string;
}

export interface DiagnosticsReport {
  /** Suggested file name: berth-diagnostics-YYYYMMDD-HHMMSS.txt */
  fileName: string;
  text: string;
  /** How many values were replaced by [redacted]. */
  redactions: number;
}

/** An engine that already runs on this machine, found as the docker CLI would find it. */
export interface ExistingEngine {
  host: string;
  source: EndpointSource;
  contextName?: string;
  version: string;
  os: string;
  arch: string;
}

export interface HostProbe {
  engine: ExistingEngine | null;
  /** Why no engine was found (refused, no socket): shown as a quiet note. */
  engineNote: string | null;
  cpus: number;
  memoryMiB: number;
  platform: string;
}

export interface DesktopInvokeResults {
  'diagnostics:versions': Versions;
  'diagnostics:backend-log': BackendLogLine[];
  'diagnostics:collect': DiagnosticsReport;
  'diagnostics:save': { path: string; bytes: number };
  'diagnostics:factory-reset': { vmReset: boolean; note: string | null };
  'desktop:probe-host': HostProbe;
  /** shown: false where the OS has no notification service. */
  'desktop:notify': { shown: boolean };
}

export interface DesktopEventPayloads {
  /** The shell (tray, menu, a clicked notification) asks the window to show a page. */
  'desktop:navigate': { hash: string };
  /** The shell asks the window for something only the renderer does: open the command palette. */
  'desktop:command': { command: 'palette' };
}
