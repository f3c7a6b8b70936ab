import { lazy, Suspense, type ComponentProps } from 'react';

// xterm and its WebGL renderer are most of the bundle: they load when a terminal is first shown.
const TerminalTabs = lazy(() => import('./TerminalTabs').then((m) => ({ default: m.TerminalTabs })));

export function LazyTerminalTabs(props: ComponentProps<typeof TerminalTabs>) {
  return (
    <Suspense fallback={<p className="muted">Loading the terminal…</p>}>
      <TerminalTabs {...props} />
    </Suspense>
  );
}
