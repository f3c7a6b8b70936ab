/**
 * What each terminal tab last showed, serialised (serialize addon) when its view unmounts, so that
 * coming back paints it at once instead of an empty pane while the stream reattaches. The replay
 * from the backend then replaces it (it also has what came while the user was away); if the
 * session cannot be reattached, the last screen stays visible beside the reason.
 */
const screens = new Map<string, string>();
const maxScrollback = 2_000;

export const screenCache = {
  get: (key: string): string | undefined => screens.get(key),
  set: (key: string, serialized: string): void => void screens.set(key, serialized),
  delete: (key: string): void => void screens.delete(key),
  scrollback: maxScrollback,
};
