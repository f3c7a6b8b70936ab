import { useEffect, useState } from 'react';
import { useApi, useSettings } from '../../stores/context';
import { ErrorNote } from '../../components/ErrorNote';
import { RestartBanner } from './RestartBanner';
import { EngineSection } from './EngineSection';
import { VmSection } from './VmSection';
import { KubernetesSection } from './KubernetesSection';
import { Section, Toggle, useApply, useOptimistic } from './settings-parts';
import './settings.css';

function BrowserNotificationPermission() {
  const [permission, setPermission] = useState(() => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission));
  if (permission !== 'default') {
    return permission === 'denied' ? <p className="muted small setting-note">This browser blocks notifications from Berth; finished work shows inside the page instead.</p> : null;
  }
  return (
    <p className="small setting-note">
      In browser mode the browser shows them only with your permission.{' '}
      <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
        Allow browser notifications
      </button>
    </p>
  );
}

export function SettingsPage() {
  const api = useApi();
  const view = useSettings((s) => s.view);
  const loadError = useSettings((s) => s.loadError);
  const load = useSettings((s) => s.load);
  const general = useApply();
  const appearance = useApply();
  const [theme, chooseTheme] = useOptimistic(view?.settings.appearance.theme ?? 'system');

  useEffect(() => {
    if (!view) void load();
  }, [view, load]);

  if (!view) {
    return (
      <section className="page">
        <header className="page-header">
          <h1>Settings</h1>
        </header>
        {loadError ? <ErrorNote error={loadError} /> : <div className="empty-state">Loading settings…</div>}
      </section>
    );
  }
  const s = view.settings;
  return (
    <section className="page settings-page">
      <header className="page-header">
        <h1>Settings</h1>
        <span className="muted small" title="Where the settings are kept">
          {view.path}
        </span>
      </header>
      {view.notice && (
        <div className={view.writable ? 'banner warn-banner' : 'banner error'} role="alert">
          {view.notice}
        </div>
      )}
      <RestartBanner />

      <Section id="general" title="General">
        <Toggle
          label="Keep Berth running in the tray when the window closes"
          hint="Quit from the tray or the menu; quitting stops the VM gracefully."
          checked={s.general.closeToTray}
          onChange={(v) => general.apply({ general: { closeToTray: v } })}
        />
        <Toggle
          label="Notify me when background work finishes"
          hint="A pull or build done or failed, the VM stopping unexpectedly, the cluster ready — never for what you are looking at."
          checked={s.general.notifications}
          onChange={(v) => general.apply({ general: { notifications: v } })}
        />
        {api.transport === 'websocket' && s.general.notifications && <BrowserNotificationPermission />}
        <Toggle label="Open Berth when I log in" hint="It starts in the tray." checked={s.general.openAtLogin} onChange={(v) => general.apply({ general: { openAtLogin: v } })} />
        <ErrorNote error={general.error} onDismiss={general.clear} />
      </Section>

      <EngineSection settings={s} />
      <VmSection settings={s} />

      <KubernetesSection settings={s} />

      <Section id="appearance" title="Appearance">
        <fieldset className="theme-choice" aria-label="Theme">
          {(
            [
              ['system', 'Follow the system'],
              ['light', 'Light'],
              ['dark', 'Dark'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className={`theme-option${theme === value ? ' chosen' : ''}`}>
              <input type="radio" name="theme" value={value} checked={theme === value} onChange={() => chooseTheme(value, () => appearance.apply({ appearance: { theme: value } }))} />
              <span className={`theme-swatch theme-swatch-${value}`} aria-hidden />
              {label}
            </label>
          ))}
        </fieldset>
        <ErrorNote error={appearance.error} onDismiss={appearance.clear} />
      </Section>
    </section>
  );
}
