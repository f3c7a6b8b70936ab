/**
 * The desktop behaviours around the window: closing it keeps Berth in the tray (when the setting
 * says so and there is a tray to come back from), and quitting stops the VM gracefully before the
 * app exits. Written against narrow interfaces so the unit tests drive them with doubles.
 */
import type { Router } from '../backend/rpc/router';
import type { Logger } from '../backend/logger';
import type { VmStatus } from '../../shared/models';

interface ClosableWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  hide(): void;
}

export function keepInTrayOnClose(win: ClosableWindow, when: { closeToTray: () => boolean; hasTray: () => boolean; quitting: () => boolean }): void {
  win.on('close', (event) => {
    if (when.quitting() || !when.closeToTray() || !when.hasTray()) return;
    event.preventDefault();
    win.hide();
  });
}

/** Stops Berth's VM if it runs; a build without the VM manager (unknown-channel) has nothing to stop. */
export async function stopVmGracefully(router: Router, log: Logger): Promise<void> {
  const status = await router.invoke('vm:get-status', {});
  if (!status.ok) return;
  const state = (status.value as VmStatus).state;
  if (state !== 'running' && state !== 'starting') return;
  log.info('quitting: stopping the VM');
  const stopped = await router.invoke('vm:stop', {});
  if (!stopped.ok) log.warn(`the VM did not stop cleanly: ${stopped.error.message}`);
}

interface QuittableApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

export interface QuitFlow {
  /** True from the moment the user asked to quit: windows close instead of hiding. */
  readonly quitting: boolean;
}

/**
 * Quit (tray, menu, ⌘Q, the last window on Linux/Windows) first stops the VM, within `timeoutMs`,
 * then lets the app go. Asking again while it stops changes nothing.
 */
export function installQuitFlow(app: QuittableApp, steps: { beforeStop?: () => void; stopVm: () => Promise<void>; cleanup: () => void | Promise<void>; log: Logger; timeoutMs?: number }): QuitFlow {
  let phase: 'running' | 'stopping' | 'done' = 'running';
  const timeoutMs = steps.timeoutMs ?? 60_000;
  app.on('before-quit', (event) => {
    if (phase === 'done') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    steps.beforeStop?.();
    void (async () => {
      await bounded(steps.stopVm, 'stopping the VM');
      await bounded(async () => steps.cleanup(), 'shutting the backend down');
      phase = 'done';
      app.quit();
    })();
  });
  /** A step of quitting that may not hold the app up longer than `timeoutMs`, nor stop it quitting by failing. */
  const bounded = async (step: () => Promise<void>, what: string): Promise<void> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        steps.log.warn(`${what} took longer than ${timeoutMs / 1000} s; quitting anyway`);
        resolve();
      }, timeoutMs);
    });
    try {
      await Promise.race([step(), timeout]);
    } catch (err) {
      steps.log.warn(`${what} failed`, err);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    get quitting() {
      return phase !== 'running';
    },
  };
}
