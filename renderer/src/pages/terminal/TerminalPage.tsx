import { LazyTerminalTabs } from '../../components/terminal/LazyTerminalTabs';
import { hostOwner } from '../../stores/terminals-store';

const hostSpec = { mode: 'host' as const };

/** Shells on the user's own machine, in tabs; they keep running when the page is left. */
export function TerminalPage() {
  return (
    <section className="page term-page">
      <header className="page-header">
        <h1>Terminal</h1>
        <span className="muted small">Your own shell on this machine. Leaving the page keeps it running; closing a tab ends it.</span>
      </header>
      <LazyTerminalTabs owner={hostOwner} spec={hostSpec} label="Host terminals" />
    </section>
  );
}
