/** Label on every container Berth creates for its own purposes (volume browsing); lists hide them. */
export const helperLabel = 'io.berth.helper';

/** Compose's project label: the Containers page groups by it. */
export const composeProjectLabel = 'com.docker.compose.project';
