import { useState } from 'react';
import { LazyTerminalTabs } from '../../components/terminal/LazyTerminalTabs';
import { Tabs } from '../../components/Tabs';
import { hostOwner, vmOwner } from '../../stores/terminals-store';
import { useVm } from '../../stores/vm-store';

const hostSpec = { mode: 'host' as const };
const vmSpec = { mode: 'vm' as const };

/**
 * Shells on the user's own machine (with docker pointed at Berth's engine) and, when Berth runs
 * its VM, a root shell in the VM itself; in tabs that keep running when the page is left.
 */
export function TerminalPage() {
  const vm = useVm((s) => s.status);
  const hasVm = !!vm && !vm.message.startsWith('No VM');
  const [where, setWhere] = useState<'host' | 'vm'>('host');
  return (
    <section className="page term-page">
      <header className="page-header">
        <h1>Terminal</h1>
        <span className="muted small">Leaving the page keeps the shells running; closing a tab ends one.</span>
      </header>
      {hasVm && (
        <Tabs<'host' | 'vm'>
          label="Where the shell runs"
          current={where}
          onChange={setWhere}
          tabs={[
            { id: 'host', label: 'This machine' },
            { id: 'vm', label: "Berth's VM" },
          ]}
        />
      )}
      {where === 'vm' && hasVm ? (
        vm.state === 'running' ? (
          <>
            <p className="muted small">A root shell on the VM's console: dockerd, containerd and the data disk (/data) live here. Changes outside /data are gone at the next start.</p>
            <LazyTerminalTabs owner={vmOwner} spec={vmSpec} label="VM shells" />
          </>
        ) : (
          <div className="empty-state">The VM is {vm.state}: start it (status bar) to open a shell in it.</div>
        )
      ) : (
        <>
          <p className="muted small">Your own shell on this machine; `docker` in it talks to Berth's engine.</p>
          <LazyTerminalTabs owner={hostOwner} spec={hostSpec} label="Host terminals" />
        </>
      )}
    </section>
  );
}
