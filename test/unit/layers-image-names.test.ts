import { describe, expect, it } from 'vitest';
import type { ImageSummary } from '../../shared/models';
import { defaultPair, imageChoices, imageName } from '../../renderer/src/pages/images/layers/image-names';

const img = (id: string, repoTags: string[], created: number) => ({ id: `sha256:${id.padEnd(64, '0')}`, repoTags, created }) as unknown as ImageSummary;

const images = [
  img('aaaa', ['app:1.0'], 100),
  img('bbbb', ['app:1.1', 'app:latest'], 200),
  img('cccc', [], 300),
  img('dddd', ['busybox:latest'], 50),
];

describe('naming and picking images to compare', () => {
  it('names an image by the reference it was opened with, else its first tag, else its short ID', () => {
    expect(imageName('app:latest', images)).toBe('app:latest');
    expect(imageName(images[0]!.id, images)).toBe('app:1.0');
    expect(imageName('bbbb', images)).toBe('app:1.1');
    expect(imageName(images[2]!.id, images)).toBe('cccc00000000');
    expect(imageName('sha256:eeee', [])).toBe('eeee');
  });

  it('offers every tag, and untagged images by ID, newest first', () => {
    expect(imageChoices(images).map((c) => [c.value.startsWith('sha256:') ? c.value.slice(0, 11) : c.value, c.repository])).toEqual([
      ['sha256:cccc', null],
      ['app:1.1', 'app'],
      ['app:latest', 'app'],
      ['app:1.0', 'app'],
      ['busybox:latest', 'busybox'],
    ]);
  });

  it('proposes two tags of one repository, older first; or what the user started from', () => {
    const choices = imageChoices(images);
    expect(defaultPair(choices)).toEqual(['app:latest', 'app:1.1']);
    expect(defaultPair(choices, 'app:1.0')).toEqual(['app:1.0', 'app:1.1']);
    expect(defaultPair(choices, 'busybox:latest')?.[0]).toBe('busybox:latest');
    expect(defaultPair(imageChoices([images[3]!]))).toBeNull();
    expect(defaultPair(imageChoices([images[3]!, images[2]!]))).toEqual(['busybox:latest', images[2]!.id]);
  });
});
