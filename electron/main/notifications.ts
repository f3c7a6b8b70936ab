/**
 * Desktop notifications under Electron. The renderer decides *whether* to notify (it knows what the
 * user is looking at: renderer/src/lib/notifications.ts); this only shows what it is asked to, and
 * brings the window to the right page when the notification is clicked.
 */
import { Notification } from 'electron';
import type { Router } from '../backend/rpc/router';

export interface NotifyOptions {
  title: string;
  body: string;
  route?: string | undefined;
}

export interface Notifier {
  show(options: NotifyOptions): boolean;
}

export function createNotifier(router: Router, showWindow: () => void, enabled: () => boolean): Notifier {
  // Kept referenced until closed: a garbage-collected Notification loses its click handler.
  const live = new Set<Notification>();
  return {
    show: ({ title, body, route }) => {
      if (!enabled() || !Notification.isSupported()) return false;
      const n = new Notification({ title, body });
      live.add(n);
      n.on('click', () => {
        showWindow();
        if (route) router.broadcast('desktop:navigate', { hash: route });
      });
      n.on('close', () => live.delete(n));
      n.show();
      return true;
    },
  };
}

/** `desktop:notify`: only the Electron shell registers it; browser mode answers unknown-channel and the page uses its own. */
export function registerNotifyHandler(router: Router, notifier: Notifier): void {
  router.handle('desktop:notify', (n) => ({ shown: notifier.show(n) }));
}
