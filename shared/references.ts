/**
 * Image references as the engine reads them: [registry[:port]/]path[:tag][@digest]. Pure, so the
 * renderer can say what is wrong before anything is sent, and the backend checks the same way.
 */

const component = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const referencePattern = new RegExp(`^(?:(${domain})/)?(${component}(?:/${component})*)(?::(${tag}))?(?:@(${digest}))?$`);

export interface ImageReference {
  /** Registry host[:port]; undefined means Docker Hub. */
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/** A first path part is a registry when it has a dot or a port, or is "localhost". */
function looksLikeRegistry(part: string): boolean {
  return part.includes('.') || part.includes(':') || part === 'localhost' || part.startsWith('[');
}

export function parseImageReference(text: string): { ok: true; value: ImageReference } | { ok: false; reason: string } {
  const ref = text.trim();
  if (!ref) return { ok: false, reason: 'an image reference is required' };
  if (ref.length > 512) return { ok: false, reason: 'the reference is too long' };
  if (/\s/.test(ref)) return { ok: false, reason: 'a reference has no spaces' };
  const m = referencePattern.exec(ref);
  if (!m) {
    const lastSlash = ref.lastIndexOf('/');
    const withoutRegistry = ref.includes('/') && looksLikeRegistry(ref.slice(0, ref.indexOf('/'))) ? ref.slice(ref.indexOf('/') + 1) : ref;
    const repoPart = withoutRegistry.split('@')[0]!.replace(/:[^/]*$/, '');
    if (/[A-Z]/.test(repoPart)) return { ok: false, reason: 'repository names must be lowercase' };
    if (ref.endsWith(':') || ref.slice(lastSlash + 1).includes('::')) return { ok: false, reason: 'the tag after ":" is empty' };
    return { ok: false, reason: 'use [registry/]name[:tag][@sha256:digest], with lowercase letters, digits and . _ - in names' };
  }
  const [, registryPart, path = '', tagPart, digestPart] = m;
  let registry = registryPart;
  let repository = path;
  // "name:tag" can parse as a registry "name:port" only with a path after it; the regex handles that.
  if (registry && !looksLikeRegistry(registry)) {
    if (!new RegExp(`^${component}$`).test(registry)) {
      return { ok: false, reason: /[A-Z]/.test(registry) ? 'repository names must be lowercase' : 'invalid repository name' };
    }
    repository = `${registry}/${path}`;
    registry = undefined;
  }
  if (repository.length > 255) return { ok: false, reason: 'the repository name is longer than 255 characters' };
  const value: ImageReference = { repository };
  if (registry) value.registry = registry;
  if (tagPart) value.tag = tagPart;
  if (digestPart) value.digest = digestPart;
  return { ok: true, value };
}

/** The reference with ":latest" added when it names neither tag nor digest, as `docker pull` does. */
export function withDefaultTag(text: string): string {
  const parsed = parseImageReference(text);
  if (!parsed.ok || parsed.value.tag || parsed.value.digest) return text.trim();
  return `${text.trim()}:latest`;
}

/** The registry an image reference lives in ("docker.io" for Docker Hub). */
export function registryOf(text: string): string {
  const parsed = parseImageReference(text);
  return parsed.ok && parsed.value.registry ? parsed.value.registry : 'docker.io';
}
