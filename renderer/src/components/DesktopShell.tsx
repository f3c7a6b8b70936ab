import { useEffect, useState } from 'react';
import { useApi, useSettings, useToasts } from '../stores/context';
import { commandFor, isMacPlatform } from '../lib/shortcuts';
import { navigate } from '../lib/use-route';
import { CommandPalette } from './palette/CommandPalette';
import { FirstRun } from './first-run/FirstRun';

/** The shell around the pages: keyboard shortcuts, the command palette, the first-run flow, toasts. */
export function DesktopShell() {
  const api = useApi();
  const [palette, setPalette] = useState(false);
  const view = useSettings((s) => s.view);
  const firstRun = !!view && view.writable && !view.settings.firstRun.done;

  useEffect(() => {
    const mac = isMacPlatform(navigator.platform);
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target instanceof Element ? e.target : null;
      const command = commandFor(e, mac, { inTerminal: !!target?.closest('.xterm') });
      if (!command) return;
      e.preventDefault();
      if (command.kind === 'palette') setPalette((open) => !open);
      else {
        setPalette(false);
        navigate(command.page);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const offNavigate = api.on('desktop:navigate', ({ hash }) => {
      if (hash.startsWith('#/')) location.hash = hash;
    });
    const offCommand = api.on('desktop:command', ({ command }) => command === 'palette' && setPalette(true));
    return () => {
      offNavigate();
      offCommand();
    };
  }, [api]);

  return (
    <>
      {palette && !firstRun && <CommandPalette onClose={() => setPalette(false)} />}
      {firstRun && <FirstRun />}
      <Toasts />
    </>
  );
}

function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  if (!toasts.length) return null;
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.tone}`}>
          <div className="toast-text">
            <strong>{t.title}</strong>
            <span>{t.body}</span>
          </div>
          {t.route && (
            <a
              className="link-button"
              href={t.route}
              onClick={() => {
                dismiss(t.id);
              }}
            >
              Show
            </a>
          )}
          <button type="button" className="link-button" aria-label={`Dismiss: ${t.title}`} onClick={() => dismiss(t.id)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
