import { useMemo, useState } from 'react';
import { useImages } from '../../../stores/context';
import { Dialog } from '../../../components/Dialog';
import { navigate } from '../../../lib/use-route';
import { defaultPair, imageChoices } from './image-names';

/** Picks two images (by default two tags of one repository) and opens their comparison. */
export function CompareDialog({ onClose }: { onClose(): void }) {
  const images = useImages((s) => s.items);
  const choices = useMemo(() => imageChoices(images), [images]);
  const [pair] = useState(() => defaultPair(choices));
  const [a, setA] = useState(pair?.[0] ?? '');
  const [b, setB] = useState(pair?.[1] ?? '');
  const same = a !== '' && a === b;
  const submit = (): void => {
    if (!a || !b || same) return;
    onClose();
    navigate('images', a, { tab: 'compare', with: b });
  };
  const select = (label: string, value: string, set: (v: string) => void) => (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => set(e.target.value)}>
        <option value="">Choose an image…</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <Dialog
      title="Compare two images"
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="lx-compare-form" className="primary" disabled={!a || !b || same}>
            Compare
          </button>
        </>
      }
    >
      <form
        id="lx-compare-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <p className="muted small">Which layers the two share, where they part, and every file the second adds, changes or removes.</p>
        {choices.length < 2 ? (
          <p className="muted">There is only one image: pull or build another to compare with.</p>
        ) : (
          <>
            {select('First image (before)', a, setA)}
            {select('Second image (after)', b, setB)}
            {same && <p className="field-error">Choose two different images.</p>}
          </>
        )}
      </form>
    </Dialog>
  );
}
