/**
 * Light, dark, or as the system says. The theme is an attribute on <html> (data-theme) that
 * styles.css reads; "system" follows prefers-color-scheme live. The last theme is remembered
 * locally so the next start paints in it before the settings arrive.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { Settings } from '../../../shared/settings';
import type { SettingsState } from '../stores/settings-store';

export type ThemePreference = Settings['appearance']['theme'];
export type Theme = 'light' | 'dark';

const cacheKey = 'berth.theme';

export function resolveTheme(preference: ThemePreference, systemDark: boolean): Theme {
  return preference === 'system' ? (systemDark ? 'dark' : 'light') : preference;
}

function systemQuery(): MediaQueryList | null {
  return typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
}

function paint(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

/** Before the first render: the theme of the last run, else the system's. */
export function applyRememberedTheme(): void {
  let remembered: string | null = null;
  try {
    remembered = localStorage.getItem(cacheKey);
  } catch {
    /* storage refused: fall back to the system */
  }
  const pref: ThemePreference = remembered === 'light' || remembered === 'dark' || remembered === 'system' ? remembered : 'system';
  paint(resolveTheme(pref, systemQuery()?.matches ?? true));
}

/** Keeps <html data-theme> in step with the settings and, for "system", with the OS. */
export function syncTheme(settings: StoreApi<SettingsState>): () => void {
  const query = systemQuery();
  let preference: ThemePreference | null = null;
  const apply = (): void => {
    if (!preference) return;
    paint(resolveTheme(preference, query?.matches ?? true));
  };
  const onSettings = (s: SettingsState): void => {
    const next = s.view?.settings.appearance.theme ?? null;
    if (!next || next === preference) return;
    preference = next;
    try {
      localStorage.setItem(cacheKey, next);
    } catch {
      /* not remembered: harmless */
    }
    apply();
  };
  onSettings(settings.getState());
  const unsubscribe = settings.subscribe(onSettings);
  query?.addEventListener('change', apply);
  return () => {
    unsubscribe();
    query?.removeEventListener('change', apply);
  };
}
