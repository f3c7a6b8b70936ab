/** Image layers and container changes: plain serialisable models. */

export type ChangeKind = 'added' | 'modified' | 'removed' | 'unchanged';
export type LayerEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface LayerSummary {
  /** 0 for the base layer. */
  index: number;
  /** The layer's diff ID (sha256 of its uncompressed tar), as in the image config. */
  digest: string;
  /** The instruction that made it, from the image history. */
  createdBy: string;
  created: number | null;
  /** Bytes of file content in this layer's tar. */
  size: number;
  /** Files (not folders) added, modified and removed by this layer. */
  added: number;
  modified: number;
  removed: number;
  /** Entries in the layer's tar. */
  entries: number;
}

/** One step of the image history; metadata-only steps add no layer. */
export interface HistoryStep {
  createdBy: string;
  created: number | null;
  empty: boolean;
  /** The layer this step made, when it made one. */
  layer: number | null;
  comment: string;
}

/** A path stored more than once across layers (or removed later): dive's "inefficiency". */
export interface Inefficiency {
  path: string;
  /** How many versions (writes and removals) the path has. */
  count: number;
  /** The bytes of all its versions together. */
  cumulativeSize: number;
  /** The layers it appears in, bottom first. */
  layers: number[];
}

export interface LayerAnalysis {
  imageId: string;
  repoTags: string[];
  /** Which export layout the engine produced. */
  format: 'docker-save' | 'oci';
  layers: LayerSummary[];
  history: HistoryStep[];
  /** Σ smallest version / Σ all versions over all paths; 1.0 when nothing is stored (dive's definition). */
  efficiency: number;
  wastedBytes: number;
  /** All layers but the first (base) one. */
  userSize: number;
  userWastedPercent: number;
  /** Largest first; the first 500. */
  inefficiencies: Inefficiency[];
  inefficiencyCount: number;
  files: number;
  /** Set when the export could not be read to the end: what is shown is what was read. */
  partial: string | null;
  /** Entries skipped because their path is unsafe (absolute, "..") or unreadable. */
  anomalies: string[];
  /** What was counted, in words, for the cases where tools differ (opaque folders). */
  countingNote: string;
  analysedInMs: number;
}

export type LayerAnalysisEvent =
  | { kind: 'progress'; bytesRead: number; bytesTotal: number }
  | { kind: 'layer'; layer: LayerSummary }
  | { kind: 'done'; analysis: LayerAnalysis };

export interface LayerTreeEntry {
  name: string;
  path: string;
  type: LayerEntryType;
  /** Files: their size; folders: the total of everything below them in this view. */
  size: number;
  change: ChangeKind;
  mode: number;
  linkTarget?: string;
  hasChildren: boolean;
  /** The layers that changed this path, bottom first. */
  layers: number[];
}

export interface ImageComparison {
  a: { imageId: string; layers: string[] };
  b: { imageId: string; layers: string[] };
  /** Layers (diff IDs) both images share, from the bottom up to where they part. */
  sharedLayers: string[];
  /** File-level differences of the images as they stand: in b relative to a. */
  changes: { path: string; change: 'added' | 'modified' | 'removed'; sizeA: number | null; sizeB: number | null }[];
  truncated: boolean;
}

/** A container's writable layer against its image, as `docker diff` reports it. */
export interface ContainerChange {
  path: string;
  kind: 'added' | 'modified' | 'removed';
}
