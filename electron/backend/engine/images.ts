import type Docker from 'dockerode';
import type { ContainerRefInfo, ImageHistoryEntry, ImageSummary, PrunePreviewItem, PruneResult, TransferProgress } from '../../../shared/models';
import { withDefaultTag } from '../../../shared/references';
import { BerthError, engineMessage } from '../rpc/errors';
import { followProgress } from './progress';
import type { RegistryService } from './registries';

function dangling(tags: string[] | null | undefined): boolean {
  return !tags || tags.length === 0 || tags.every((t) => t === '<none>:<none>');
}

/** Which containers use each image ID. */
async function usage(docker: Docker): Promise<Map<string, ContainerRefInfo[]>> {
  const byImage = new Map<string, ContainerRefInfo[]>();
  for (const c of await docker.listContainers({ all: true, size: false })) {
    const list = byImage.get(c.ImageID) ?? [];
    list.push({ id: c.Id, name: (c.Names?.[0] ?? c.Id).replace(/^\//, '') });
    byImage.set(c.ImageID, list);
  }
  return byImage;
}

/**
 * Images: list (with the containers using each), history, tag, remove with an explanation when
 * the engine refuses, prune with a preview, and pull/push with per-layer progress.
 */
export class ImageService {
  constructor(
    private readonly engine: () => Docker,
    private readonly registries: RegistryService,
  ) {}

  async list(): Promise<ImageSummary[]> {
    const docker = this.engine();
    const [images, used] = await Promise.all([docker.listImages({ all: false }), usage(docker)]);
    return images.map((i) => ({
      id: i.Id,
      repoTags: dangling(i.RepoTags) ? [] : (i.RepoTags ?? []),
      repoDigests: (i.RepoDigests ?? []).filter((d) => d !== '<none>@<none>'),
      size: i.Size,
      created: i.Created * 1000,
      usedBy: used.get(i.Id) ?? [],
      dangling: dangling(i.RepoTags),
      labels: i.Labels ?? {},
    }));
  }

  async history(id: string): Promise<ImageHistoryEntry[]> {
    const entries = (await this.engine().getImage(id).history()) as {
      Id: string;
      Created: number;
      CreatedBy: string;
      Size: number;
      Tags: string[] | null;
      Comment: string;
    }[];
    return entries.map((h) => ({
      id: h.Id,
      created: h.Created * 1000,
      createdBy: h.CreatedBy,
      size: h.Size,
      // A step that changed only metadata records no layer: size 0 and, after the first, no ID.
      empty: h.Size === 0 && (h.Id === '<missing>' || /#\(nop\)|^(ENV|CMD|LABEL|EXPOSE|WORKDIR|ENTRYPOINT|USER|ARG|STOPSIGNAL|HEALTHCHECK|SHELL|VOLUME|ONBUILD|MAINTAINER)\b/.test(h.CreatedBy.trim())),
      tags: h.Tags ?? [],
      comment: h.Comment,
    }));
  }

  async tag(source: string, target: string): Promise<null> {
    const ref = withDefaultTag(target);
    const at = ref.lastIndexOf(':');
    await this.engine().getImage(source).tag({ repo: ref.slice(0, at), tag: ref.slice(at + 1) });
    return null;
  }

  async remove(id: string, force: boolean): Promise<{ untagged: string[]; deleted: string[] }> {
    const docker = this.engine();
    try {
      const result = (await docker.getImage(id).remove({ force })) as { Untagged?: string; Deleted?: string }[];
      return {
        untagged: result.flatMap((r) => (r.Untagged ? [r.Untagged] : [])),
        deleted: result.flatMap((r) => (r.Deleted ? [r.Deleted] : [])),
      };
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 409) throw err;
      throw await this.explainInUse(docker, id, engineMessage(err as object) ?? '');
    }
  }

  /** The engine's 409 names a container ID; say which container, whether it runs, and what force would do. */
  private async explainInUse(docker: Docker, id: string, said: string): Promise<BerthError> {
    const image = await docker
      .getImage(id)
      .inspect()
      .catch(() => null);
    const users = image ? ((await usage(docker)).get(image.Id) ?? []) : [];
    const containers = users.length ? await docker.listContainers({ all: true, filters: JSON.stringify({ id: users.map((u) => u.id) }) }).catch(() => []) : [];
    const stateOf = (u: ContainerRefInfo): string => containers.find((x) => x.Id === u.id)?.State ?? 'unknown';
    const names = users.map((u) => `${u.name} (${stateOf(u)})`);
    const who = names.length ? `container${names.length > 1 ? 's' : ''} ${names.join(', ')}` : 'a container';
    const them = names.length > 1 ? 'them' : 'it';
    if (/cannot be forced/.test(said)) {
      return new BerthError('conflict', `${id} is used by ${who}. Stop and remove ${them} first: an image a running container uses cannot be removed, even with force.`, said);
    }
    if (/referenced in multiple repositories/.test(said)) {
      return new BerthError('conflict', `${id} has several tags. Remove them one by one, or force to remove the image with all its tags.`, said);
    }
    const running = users.some((u) => stateOf(u) === 'running');
    const force = running
      ? 'force removes only this tag: the image stays while a container runs from it'
      : 'force deletes the image, and the stopped container keeps only its ID';
    return new BerthError('conflict', `${id} is in use by ${who}. Remove ${them} first, or ${force}.`, said);
  }

  /** Dangling images no container uses: what the engine's dangling prune removes. */
  async prunePreview(): Promise<PrunePreviewItem[]> {
    const docker = this.engine();
    const [images, used] = await Promise.all([docker.listImages({ filters: JSON.stringify({ dangling: ['true'] }) }), usage(docker)]);
    return images.filter((i) => !used.has(i.Id)).map((i) => ({ id: i.Id, name: i.Id.replace(/^sha256:/, '').slice(0, 12), size: i.Size }));
  }

  async prune(): Promise<PruneResult> {
    const r = (await this.engine().pruneImages({ filters: JSON.stringify({ dangling: ['true'] }) })) as {
      ImagesDeleted?: { Deleted?: string; Untagged?: string }[] | null;
      SpaceReclaimed?: number;
    };
    return { deleted: (r.ImagesDeleted ?? []).flatMap((d) => (d.Deleted ? [d.Deleted] : [])), spaceReclaimed: r.SpaceReclaimed ?? 0 };
  }

  /** Pulls with progress; aborting the signal cancels the pull in the engine. */
  async pull(reference: string, onProgress: (p: TransferProgress) => void, signal: AbortSignal): Promise<TransferProgress> {
    const ref = withDefaultTag(reference);
    const authconfig = await this.registries.authFor(ref);
    const stream = (await this.engine().pull(ref, { abortSignal: signal, ...(authconfig ? { authconfig } : {}) })) as NodeJS.ReadableStream;
    return followProgress(stream, onProgress, { signal, what: `the pull of ${ref}` });
  }

  async push(reference: string, onProgress: (p: TransferProgress) => void, signal: AbortSignal): Promise<TransferProgress> {
    const ref = withDefaultTag(reference);
    const authconfig = await this.registries.authFor(ref);
    const image = this.engine().getImage(ref);
    // The engine wants an X-Registry-Auth header even for anonymous pushes.
    const stream = (await image.push({ abortSignal: signal, authconfig: authconfig ?? {} } as Docker.ImagePushOptions)) as NodeJS.ReadableStream;
    return followProgress(stream, onProgress, { signal, what: `the push of ${ref}` });
  }

  /** Whether an image is present locally. */
  async exists(reference: string): Promise<boolean> {
    try {
      await this.engine().getImage(reference).inspect();
      return true;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return false;
      throw err;
    }
  }
}
