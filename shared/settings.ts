import { z } from 'zod';

/**
 * Berth's settings: one typed model shared by the backend (which stores it) and the renderer
 * (which edits it). Version 1 is the first file format; a file without a version (hand-written or
 * from a pre-release) is read as version 0 and migrated, field by field.
 */
export const settingsVersion = 1;

const folder = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'a shared folder is an absolute path');

export const settingsSchema = z.strictObject({
  version: z.literal(settingsVersion),
  general: z.strictObject({
    /** Closing the window keeps Berth running in the tray. */
    closeToTray: z.boolean(),
    /** Desktop notifications for work finished in the background. */
    notifications: z.boolean(),
    openAtLogin: z.boolean(),
  }),
  engine: z.strictObject({
    /** 'vm': Berth's own VM; 'external': an engine that already runs (host below, or as the docker CLI would choose). */
    source: z.enum(['vm', 'external']),
    /** For 'external': unix:///…, npipe://…, tcp://host:port; null means "as the docker CLI would". */
    host: z.string().max(1024).nullable(),
    /** Make `berth` the docker CLI's current context (Berth never changes it unless this is on). */
    useBerthContext: z.boolean(),
  }),
  vm: z.strictObject({
    cpus: z.number().int().min(1).max(64),
    memoryMiB: z.number().int().min(512).max(262144),
    diskGiB: z.number().int().min(8).max(4096),
    sharedFolders: z.array(folder).max(32),
  }),
  kubernetes: z.strictObject({
    enabled: z.boolean(),
    /** Show the cluster's own containers (k8s_*) in the Containers list. */
    showSystemContainers: z.boolean(),
  }),
  appearance: z.strictObject({
    theme: z.enum(['system', 'light', 'dark']),
  }),
  firstRun: z.strictObject({ done: z.boolean() }),
});

export type Settings = z.infer<typeof settingsSchema>;

export function defaultSettings(home: string): Settings {
  return {
    version: settingsVersion,
    general: { closeToTray: true, notifications: true, openAtLogin: false },
    engine: { source: 'vm', host: null, useBerthContext: false },
    vm: { cpus: 2, memoryMiB: 2048, diskGiB: 64, sharedFolders: home ? [home] : [] },
    kubernetes: { enabled: false, showSystemContainers: false },
    appearance: { theme: 'system' },
    firstRun: { done: false },
  };
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends (infer U)[] ? U[] : T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type SettingsPatch = DeepPartial<Omit<Settings, 'version'>>;

/** A patch from the renderer: any subset of sections and fields, each checked like the model. */
export const settingsPatchSchema = z.strictObject({
  general: settingsSchema.shape.general.partial().optional(),
  engine: settingsSchema.shape.engine.partial().optional(),
  vm: settingsSchema.shape.vm.partial().optional(),
  kubernetes: settingsSchema.shape.kubernetes.partial().optional(),
  appearance: settingsSchema.shape.appearance.partial().optional(),
  firstRun: settingsSchema.shape.firstRun.partial().optional(),
});

/** Which changes take effect only when something restarts. */
export function restartNeeded(before: Settings, after: Settings): ('vm' | 'engine' | 'kubernetes')[] {
  const out: ('vm' | 'engine' | 'kubernetes')[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(before.vm, after.vm)) out.push('vm');
  if (before.engine.source !== after.engine.source || before.engine.host !== after.engine.host) out.push('engine');
  return out;
}

export interface SettingsView {
  settings: Settings;
  /** Where they are kept. */
  path: string;
  /** Something the user should know about the file: set aside as corrupt, written by a newer Berth. */
  notice: string | null;
  /** False when the file came from a newer Berth: changes are not saved, so nothing of it is lost. */
  writable: boolean;
}
