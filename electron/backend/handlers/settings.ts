import type { Router } from '../rpc/router';
import type { SettingsStore } from '../settings/settings-store';
import { restartNeeded } from '../../../shared/settings';

export function registerSettingsHandlers(router: Router, settings: SettingsStore): void {
  router.handle('settings:get', () => settings.view()).handle('settings:update', async ({ patch }) => {
    const before = settings.settings;
    await settings.update(patch);
    return { ...settings.view(), restartNeeded: restartNeeded(before, settings.settings) };
  });
  settings.onChange(() => router.broadcast('settings:changed', settings.view()));
}
