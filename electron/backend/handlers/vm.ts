import type { Router } from '../rpc/router';
import type { VmManager } from '../vm/vm-manager';
import type { TerminalSessions } from '../terminals/session';
import { BerthError } from '../rpc/errors';

/** Berth's VM: lifecycle, console, port forwards, and a shell in it. */
export function registerVmHandlers(router: Router, vm: VmManager | null, sessions: TerminalSessions): void {
  const need = (): VmManager => {
    if (!vm) throw new BerthError('conflict', 'This Berth runs against an engine of its own choosing (--engine-host): it has no VM to manage.');
    return vm;
  };
  router
    .handle('vm:get-status', () => (vm ? vm.status : { state: 'stopped', step: null, message: 'No VM: an external engine is in use', accelerator: null, warning: null, error: null, engineHost: null, startedAt: null, image: null, pendingRestart: false }))
    .handle('vm:start', () => need().start())
    .handle('vm:stop', () => need().stop())
    .handle('vm:restart', () => need().restart())
    .handle('vm:reset', () => need().reset())
    .handle('vm:console-log', ({ lines }) => need().consoleTail(lines ?? 200))
    .handle('vm:port-forwards', () => (vm ? vm.portForwards.list() : []));

  router.stream('terminal:vm', async (args, ctx) => {
    if (args.sessionId) {
      const existing = sessions.get(args.sessionId);
      if (!existing) throw new BerthError('not-found', 'That VM shell has ended. Open a new one.');
      const detach = existing.attach(ctx.send, true);
      return { write: (d: string) => existing.write(d), resize: () => undefined, close: detach };
    }
    const process = await need().shell();
    const session = sessions.create('vm', process, { command: ['/bin/sh'], title: 'shell in the VM' });
    const detach = session.attach(ctx.send, false);
    return { write: (d: string) => session.write(d), resize: () => undefined, close: detach };
  });
}
