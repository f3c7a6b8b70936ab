import type { ContainerRefInfo } from './images';

export interface VolumeSummary {
  name: string;
  driver: string;
  mountpoint: string;
  created: number | null;
  labels: Record<string, string>;
  /** Anonymous volumes get a 64-hex name. */
  anonymous: boolean;
  usedBy: ContainerRefInfo[];
  /** Bytes; only when sizes were asked for (it costs the engine a walk of every volume). */
  size?: number;
}

export interface VolumeEntry {
  name: string;
  /** Path inside the volume, starting with "/". */
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  /** Files: their size; folders: the total of everything below. */
  size: number;
  mode: number;
  modified: number;
  linkTarget?: string;
}

export interface VolumeListing {
  volume: string;
  path: string;
  entries: VolumeEntry[];
  /** Set when the listing stopped early (too many entries): what is shown is partial. */
  truncated: boolean;
}

export interface FilePreview {
  path: string;
  size: number;
  /** UTF-8 text when the start of the file decodes as text; null for binary. */
  text: string | null;
  /** The preview holds only the start of the file. */
  truncated: boolean;
}
