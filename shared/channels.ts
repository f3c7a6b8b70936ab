import type { z } from 'zod';
import * as s from './schemas';
import { kubeInvokeSchemas, kubeStreamSchemas, type KubeEventPayloads, type KubeInvokeResults, type KubeStreamTypes } from './channels-kube';
import { vmInvokeSchemas, vmStreamSchemas, type VmEventPayloads, type VmInvokeResults } from './channels-vm';
import { desktopInvokeSchemas, type DesktopEventPayloads, type DesktopInvokeResults } from './channels-desktop';
import type {
  BuildEvent,
  CatalogResult,
  ContainerChange,
  ImageComparison,
  LayerAnalysisEvent,
  LayerTreeEntry,
  ContainerDetails,
  ContainerSummary,
  DiskUsage,
  EngineEvent,
  EngineStatus,
  FilePreview,
  ImageHistoryEntry,
  ImageSummary,
  LogEvent,
  NetworkSummary,
  PortCheck,
  PrunePreviewItem,
  PruneResult,
  PruneTarget,
  RegistryLogin,
  RunEvent,
  SavedLog,
  StatsSample,
  TerminalEvent,
  TerminalSessionInfo,
  TransferProgress,
  VolumeListing,
  VolumeSummary,
} from './models';

/**
 * The contract: every channel between renderer and backend, with its input schema and result type.
 * Channels are named `noun:verb`. Add a channel here first; the router, preload and renderer follow
 * from the types.
 */

/** invoke: request/response. Input schemas (values) ... */
export const invokeSchemas = {
  'engine:get-status': s.noArgs,
  'engine:reconnect': s.noArgs,

  'containers:list': s.containersListArgs,
  'containers:inspect': s.containerActionArgs,
  'containers:start': s.containerActionArgs,
  'containers:stop': s.containerStopArgs,
  'containers:restart': s.containerStopArgs,
  'containers:pause': s.containerActionArgs,
  'containers:unpause': s.containerActionArgs,
  'containers:kill': s.containerKillArgs,
  'containers:remove': s.containerRemoveArgs,
  'containers:rename': s.containerRenameArgs,
  'containers:check-ports': s.portCheckArgs,

  'images:list': s.noArgs,
  'images:history': s.imageIdArgs,
  'images:tag': s.imageTagArgs,
  'images:remove': s.imageRemoveArgs,
  'images:prune-preview': s.noArgs,
  'images:prune': s.noArgs,

  'registries:list': s.noArgs,
  'registries:login': s.registryLoginArgs,
  'registries:logout': s.registryServerArgs,
  'registries:catalog': s.registryServerArgs,
  'registries:tags': s.registryTagsArgs,

  'volumes:list': s.volumesListArgs,
  'volumes:create': s.volumeCreateArgs,
  'volumes:remove': s.volumeRemoveArgs,
  'volumes:prune-preview': s.noArgs,
  'volumes:prune': s.noArgs,
  'volumes:browse': s.volumeBrowseArgs,
  'volumes:read-file': s.volumeBrowseArgs,

  'networks:list': s.noArgs,
  'networks:create': s.networkCreateArgs,
  'networks:remove': s.networkIdArgs,
  'networks:connect': s.networkConnectArgs,
  'networks:disconnect': s.networkDisconnectArgs,

  'system:disk-usage': s.noArgs,
  'system:prune-preview': s.pruneArgs,
  'system:prune': s.pruneArgs,

  'containers:save-logs': s.saveLogsArgs,
  'containers:diff': s.containerActionArgs,
  'containers:read-file': s.containerFileArgs,
  'containers:save-file': s.containerFileArgs,
  'layers:tree': s.layersTreeArgs,
  'layers:search': s.layersSearchArgs,
  'layers:compare': s.layersCompareArgs,
  'terminals:list': s.noArgs,
  'terminals:close': s.terminalCloseArgs,

  'host:pick-folder': s.noArgs,
  ...vmInvokeSchemas,
  ...kubeInvokeSchemas,
  ...desktopInvokeSchemas,
} as const satisfies Record<string, z.ZodType>;

/** ... and result types. */
export interface InvokeResults extends VmInvokeResults, KubeInvokeResults, DesktopInvokeResults {
  'engine:get-status': EngineStatus;
  /** Try to connect now instead of waiting for the next backoff step. */
  'engine:reconnect': null;

  'containers:list': ContainerSummary[];
  'containers:inspect': ContainerDetails;
  'containers:start': null;
  'containers:stop': null;
  'containers:restart': null;
  'containers:pause': null;
  'containers:unpause': null;
  'containers:kill': null;
  'containers:remove': null;
  'containers:rename': null;
  'containers:check-ports': PortCheck[];

  'images:list': ImageSummary[];
  'images:history': ImageHistoryEntry[];
  'images:tag': null;
  'images:remove': { untagged: string[]; deleted: string[] };
  /** Dangling images a prune would remove, with their sizes. */
  'images:prune-preview': PrunePreviewItem[];
  'images:prune': PruneResult;

  'registries:list': RegistryLogin[];
  'registries:login': RegistryLogin;
  'registries:logout': null;
  'registries:catalog': CatalogResult;
  'registries:tags': string[];

  'volumes:list': VolumeSummary[];
  'volumes:create': VolumeSummary;
  'volumes:remove': null;
  'volumes:prune-preview': PrunePreviewItem[];
  'volumes:prune': PruneResult;
  'volumes:browse': VolumeListing;
  'volumes:read-file': FilePreview;

  'networks:list': NetworkSummary[];
  'networks:create': NetworkSummary;
  'networks:remove': null;
  'networks:connect': null;
  'networks:disconnect': null;

  'system:disk-usage': DiskUsage;
  'system:prune-preview': Partial<Record<PruneTarget, PrunePreviewItem[]>>;
  'system:prune': Partial<Record<PruneTarget, PruneResult>>;

  /** Writes the whole log to a file (a save dialog under Electron, the Downloads folder otherwise). */
  'containers:save-logs': SavedLog;
  /** The container's changes against its image (A / C / D, as `docker diff`). */
  'containers:diff': ContainerChange[];
  /** The start of a file in the container (through the engine's archive endpoint). */
  'containers:read-file': FilePreview;
  /** Saves a file out of the container (Downloads folder, or a save dialog under Electron). */
  'containers:save-file': { path: string; bytes: number };
  /** One folder of an analysed image at a layer; the image must have been analysed (layers:analyze). */
  'layers:tree': LayerTreeEntry[];
  /** Paths matching a name filter (and change kinds) anywhere in the view; at most `limit`. */
  'layers:search': LayerTreeEntry[];
  /** Which layers two images share and what differs file by file. */
  'layers:compare': ImageComparison;
  /** Terminal sessions the backend keeps (they survive the page that opened them). */
  'terminals:list': TerminalSessionInfo[];
  /** Ends a terminal session: the shell is hung up and the session forgotten. */
  'terminals:close': null;

  /** A native folder picker (Electron); null when cancelled. Browser mode answers with an error: type the path. */
  'host:pick-folder': string | null;
}

/**
 * stream: opened by the renderer, pushed by the backend, closed by either side. `data` is what the
 * backend pushes; `write` what the renderer may send into it (terminals), `never` when it may not.
 */
export const streamSchemas = {
  'containers:run': s.runSpec,
  'containers:stats': s.containerStatsArgs,
  'images:pull': s.imagePullArgs,
  'images:push': s.imagePushArgs,
  'images:build': s.imageBuildArgs,
  'containers:logs': s.containerLogsArgs,
  'containers:exec': s.containerExecArgs,
  'terminal:host': s.hostTerminalArgs,
  'layers:analyze': s.layersAnalyzeArgs,
  ...vmStreamSchemas,
  ...kubeStreamSchemas,
} as const satisfies Record<string, z.ZodType>;

/** What a stream accepts as input (terminals: what the user types or pastes); others accept none. */
export const streamWriteSchemas = {
  'containers:exec': s.terminalInput,
  'terminal:host': s.terminalInput,
  'terminal:vm': s.terminalInput,
  'kube:exec': s.terminalInput,
} as const satisfies Partial<Record<keyof typeof streamSchemas, z.ZodType>>;

export interface StreamTypes extends KubeStreamTypes {
  'containers:run': { args: z.input<typeof s.runSpec>; data: RunEvent; write: never };
  'containers:stats': { args: z.input<typeof s.containerStatsArgs>; data: StatsSample; write: never };
  'images:pull': { args: z.input<typeof s.imagePullArgs>; data: TransferProgress; write: never };
  'images:push': { args: z.input<typeof s.imagePushArgs>; data: TransferProgress; write: never };
  'images:build': { args: z.input<typeof s.imageBuildArgs>; data: BuildEvent; write: never };
  'containers:logs': { args: z.input<typeof s.containerLogsArgs>; data: LogEvent; write: never };
  /** Input is written as text; resize through the stream's resize. */
  'containers:exec': { args: z.input<typeof s.containerExecArgs>; data: TerminalEvent; write: string };
  'terminal:host': { args: z.input<typeof s.hostTerminalArgs>; data: TerminalEvent; write: string };
  /** Reads the image export (progress, each layer as it is read, then the whole analysis); cached per image ID. */
  'layers:analyze': { args: z.input<typeof s.layersAnalyzeArgs>; data: LayerAnalysisEvent; write: never };
  'terminal:vm': { args: z.input<(typeof vmStreamSchemas)['terminal:vm']>; data: TerminalEvent; write: string };
}

/** event: broadcast by the backend to every window. */
export interface EventPayloads extends VmEventPayloads, KubeEventPayloads, DesktopEventPayloads {
  'engine:status': EngineStatus;
  'engine:event': EngineEvent;
}

export type InvokeChannel = keyof typeof invokeSchemas;
export type InvokeArgs<C extends InvokeChannel> = z.input<(typeof invokeSchemas)[C]>;
export type InvokeParsedArgs<C extends InvokeChannel> = z.output<(typeof invokeSchemas)[C]>;
export type InvokeResult<C extends InvokeChannel> = InvokeResults[C];

export type StreamChannel = keyof typeof streamSchemas & keyof StreamTypes;
export type StreamParsedArgs<C extends StreamChannel> = z.output<(typeof streamSchemas)[C]>;
export type EventChannel = keyof EventPayloads;
export type EventPayload<C extends EventChannel> = EventPayloads[C];

// Compile-time checks that the schema maps and the type maps name the same channels.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const invokeMapsAgree: Same<keyof typeof invokeSchemas, keyof InvokeResults> = true;
export const streamMapsAgree: Same<keyof typeof streamSchemas, keyof StreamTypes> = true;
