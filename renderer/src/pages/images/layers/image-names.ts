import type { ImageSummary } from '../../../../../shared/models';
import { shortId } from '../../../lib/format';

/** What to call an image the route names by reference or ID: the reference itself, else its first tag, else its short ID. */
export function imageName(ref: string, images: readonly ImageSummary[]): string {
  if (images.some((i) => i.repoTags.includes(ref))) return ref;
  const image = images.find((i) => i.id === ref || i.id.replace(/^sha256:/, '').startsWith(ref.replace(/^sha256:/, '')));
  return image?.repoTags[0] ?? shortId(ref);
}

export interface ImageChoice {
  /** What the route and the backend get: the tag, or the ID of an untagged image. */
  value: string;
  label: string;
  repository: string | null;
  created: number;
}

/** Every tag as its own choice (as `docker images` lists them), untagged images by ID; newest first. */
export function imageChoices(images: readonly ImageSummary[]): ImageChoice[] {
  return images
    .flatMap((i): ImageChoice[] =>
      i.repoTags.length
        ? i.repoTags.map((t) => ({ value: t, label: t, repository: t.slice(0, t.lastIndexOf(':')), created: i.created }))
        : [{ value: i.id, label: `<none> ${shortId(i.id)}`, repository: null, created: i.created }],
    )
    .sort((a, b) => b.created - a.created || a.label.localeCompare(b.label));
}

/**
 * A sensible first pair: two tags of one repository (older first, so the diff reads as what changed
 * since), else the two newest images.
 */
export function defaultPair(choices: readonly ImageChoice[], prefer?: string): [string, string] | null {
  const first = prefer ? choices.find((c) => c.value === prefer) : undefined;
  const repoOf = first?.repository ?? null;
  const sameRepo = (repo: string | null) => (repo ? choices.filter((c) => c.repository === repo) : []);
  if (first) {
    const sibling = sameRepo(repoOf).find((c) => c.value !== first.value) ?? choices.find((c) => c.value !== first.value);
    return sibling ? [first.value, sibling.value] : null;
  }
  for (const c of choices) {
    const group = sameRepo(c.repository);
    if (group.length >= 2) return [group[1]!.value, group[0]!.value];
  }
  return choices.length >= 2 ? [choices[1]!.value, choices[0]!.value] : null;
}
