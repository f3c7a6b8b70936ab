/** Images: plain serialisable models. Times in ms since the epoch, sizes in bytes. */

export interface ContainerRefInfo {
  id: string;
  name: string;
}

export interface ImageSummary {
  id: string;
  /** "repo:tag" references; empty for a dangling image. */
  repoTags: string[];
  repoDigests: string[];
  size: number;
  created: number;
  /** Containers (running or not) made from this image. */
  usedBy: ContainerRefInfo[];
  dangling: boolean;
  labels: Record<string, string>;
}

export interface ImageHistoryEntry {
  /** Layer-producing step's image ID, or "<missing>" for steps built elsewhere. */
  id: string;
  created: number;
  createdBy: string;
  size: number;
  /** Steps that changed only metadata (ENV, CMD, LABEL, ...) add no layer. */
  empty: boolean;
  tags: string[];
  comment: string;
}

export type BuildEvent =
  | { kind: 'output'; text: string }
  | { kind: 'step'; index: number; total: number; instruction: string }
  | { kind: 'error'; message: string; step: number | null; instruction: string | null }
  | { kind: 'done'; imageId: string; tags: string[] };

export interface PrunePreviewItem {
  id: string;
  name: string;
  size: number;
}

export interface PruneResult {
  deleted: string[];
  spaceReclaimed: number;
}

export interface RegistryLogin {
  server: string;
  username: string;
  /** Where the secret lives: the OS's secret storage, or memory for this session only (browser mode). */
  storage: 'os-keychain' | 'session';
}

export interface CatalogResult {
  server: string;
  repositories: string[];
  /** The registry does not offer /v2/_catalog (Docker Hub, most cloud registries). */
  unsupported?: boolean;
}
