export interface UsageLine {
  count: number;
  /** Count of objects in use (images by a container, running containers, volumes mounted). */
  active: number;
  size: number;
  reclaimable: number;
}

export interface DiskUsage {
  images: UsageLine;
  containers: UsageLine;
  volumes: UsageLine;
  buildCache: UsageLine;
}

export type PruneTarget = 'containers' | 'images' | 'volumes' | 'networks' | 'build-cache';
