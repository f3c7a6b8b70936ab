import type { ChangeKind } from '../../../../../shared/models';
import { diffChangeLetter, layerChangeLetter } from './layer-format';

/**
 * A change kind as colour and a letter, with the word for screen readers (and as a tooltip): colour
 * alone would say nothing to a colour-blind user or a screen reader.
 */
export function ChangeBadge({ change, letters = 'layer' }: { change: ChangeKind; letters?: 'layer' | 'docker-diff' }) {
  const letter = letters === 'docker-diff' && change !== 'unchanged' ? diffChangeLetter[change] : layerChangeLetter[change];
  return (
    <span className={`lx-badge lx-${change}`} title={change} data-change-badge={change}>
      <span aria-hidden="true">{letter}</span>
      <span className="lx-sr">{change}</span>
    </span>
  );
}
