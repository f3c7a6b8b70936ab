import type { LayerEntryType } from '../../../../../shared/models';

/** Outline icons drawn inline (as the volume browser does): emoji and symbol fonts are not on every desktop. */
const paths: Record<LayerEntryType, string> = {
  directory: 'M1.5 3.5h4.5l1.5 1.5h7v8.5h-13z',
  file: 'M3.5 1.5h6l3 3v10h-9z M9.5 1.5v3h3',
  symlink: 'M3.5 1.5h6l3 3v10h-9z M6 11.5v-2.5a2 2 0 0 1 2-2h2.5 M9 5.5l1.5 1.5-1.5 1.5',
  hardlink: 'M3.5 1.5h6l3 3v10h-9z M6 8.5h4 M6 10.5h4',
  other: 'M8 2l6 6-6 6-6-6z',
};

export function EntryIcon({ type }: { type: LayerEntryType }) {
  return (
    <svg className={`lx-icon lx-icon-${type}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <path d={paths[type]} fill="none" stroke="currentColor" strokeWidth="1.2" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}

/** The open/closed marker of a folder row. */
export function Twisty({ open }: { open: boolean }) {
  return (
    <svg className="lx-twisty" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <path d={open ? 'M4 6l4 4 4-4' : 'M6 4l4 4-4 4'} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
