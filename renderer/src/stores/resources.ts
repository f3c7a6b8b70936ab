import type { DesktopApi } from '../../../shared/api';
import type { EngineEvent } from '../../../shared/models';
import { helperLabel } from '../../../shared/labels';
import { createListStore } from './list-store';

const containerLifecycle = new Set(['create', 'destroy']);

/** A container coming or going, unless it is one of Berth's own short-lived helpers. */
const containerComesOrGoes = (e: EngineEvent): boolean => e.type === 'container' && containerLifecycle.has(e.action) && !e.attributes[helperLabel];

/** Whether volume sizes are asked for (the Volumes page's "Show sizes"). */
export const volumeListOptions = { withSizes: false };

/** Images change with pulls, builds, tags and deletes; their "used by" with containers coming and going. */
export function createImagesStore(api: DesktopApi) {
  return createListStore(api, 'images:list', () => ({}), (e: EngineEvent) => e.type === 'image' || containerComesOrGoes(e));
}

export function createVolumesStore(api: DesktopApi) {
  return createListStore(
    api,
    'volumes:list',
    () => ({ withSizes: volumeListOptions.withSizes }),
    (e: EngineEvent) => (e.type === 'volume' && e.action !== 'mount' && e.action !== 'unmount') || containerComesOrGoes(e),
    { coalesceMs: 200 },
  );
}

export function createNetworksStore(api: DesktopApi) {
  return createListStore(api, 'networks:list', () => ({}), (e: EngineEvent) => e.type === 'network' || containerComesOrGoes(e));
}
