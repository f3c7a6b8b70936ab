import { z } from 'zod';
import type { ClusterStatus, PortForward, VmStatus } from './models';
import { settingsPatchSchema, type SettingsView } from './settings';

const noArgs = z.strictObject({});

/** The VM, settings and the desktop shell: merged into the contract by channels.ts. */
export const vmInvokeSchemas = {
  'vm:get-status': noArgs,
  'vm:start': noArgs,
  'vm:stop': noArgs,
  'vm:restart': noArgs,
  /** Factory reset: stops the VM, wipes its data disk and certificates. */
  'vm:reset': z.strictObject({ confirm: z.literal(true) }),
  'vm:console-log': z.strictObject({ lines: z.number().int().min(1).max(5000).optional() }),
  'vm:port-forwards': noArgs,
  'settings:get': noArgs,
  'settings:update': z.strictObject({ patch: settingsPatchSchema }),
  'cluster:get-status': noArgs,
  /** Turns Kubernetes on (starting the VM first when needed); progress comes as cluster:status events. */
  'cluster:enable': noArgs,
  /** Stops the cluster, keeping its state: enabling again brings the same objects back. */
  'cluster:disable': noArgs,
  /** Wipes the cluster's state (keeps the engine's images). */
  'cluster:reset': z.strictObject({ confirm: z.literal(true) }),
} as const satisfies Record<string, z.ZodType>;

export interface VmInvokeResults {
  'vm:get-status': VmStatus;
  'vm:start': VmStatus;
  'vm:stop': VmStatus;
  'vm:restart': VmStatus;
  'vm:reset': VmStatus;
  /** The last lines of the VM's serial console. */
  'vm:console-log': string[];
  'vm:port-forwards': PortForward[];
  'settings:get': SettingsView;
  /** The new settings, and which running parts need a restart for them to take effect. */
  'settings:update': SettingsView & { restartNeeded: ('vm' | 'engine' | 'kubernetes')[] };
  'cluster:get-status': ClusterStatus;
  'cluster:enable': ClusterStatus;
  'cluster:disable': ClusterStatus;
  'cluster:reset': ClusterStatus;
}

export const vmStreamSchemas = {
  /** A root shell in the VM itself (its console on hvc0). */
  'terminal:vm': z.strictObject({ sessionId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(), cols: z.number().int().min(2).max(1000), rows: z.number().int().min(2).max(500) }),
} as const satisfies Record<string, z.ZodType>;

export interface VmEventPayloads {
  'vm:status': VmStatus;
  'vm:port-forwards': PortForward[];
  'settings:changed': SettingsView;
  'cluster:status': ClusterStatus;
}
