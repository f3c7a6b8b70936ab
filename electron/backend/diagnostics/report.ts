import type { BackendLogLine, DiagnosticsReport, Versions } from '../../../shared/channels-desktop';
import type { EngineStatus, VmStatus } from '../../../shared/models';
import type { SettingsView } from '../../../shared/settings';
import { redactSecrets } from './redact';

/** Everything the diagnostics file is made of; a part that could not be had says why instead. */
export interface ReportInput {
  versions: Versions;
  settings: SettingsView | null;
  engine: EngineStatus;
  vm: VmStatus | { unavailable: string };
  vmConsole: string[] | { unavailable: string };
  backendLog: BackendLogLine[];
  env: Record<string, string | undefined>;
}

/** Environment variables that explain how Berth found (or did not find) its engine and cluster. */
const envNames = /^(DOCKER_|BERTH_|KUBE|ELECTRON_|XDG_|HTTPS?_PROXY$|NO_PROXY$|ALL_PROXY$|LANG$|LC_ALL$|SHELL$|DISPLAY$|WAYLAND_DISPLAY$|DESKTOP_SESSION$)/i;

export function relevantEnv(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env)
      .filter((e): e is [string, string] => typeof e[1] === 'string' && envNames.test(e[0]))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

function stamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

const json = (v: unknown): string => JSON.stringify(v, null, 2);

/** One plain-text file, every section headed, secrets redacted after assembly (so no section can forget to). */
export function buildReport(input: ReportInput, now = new Date()): DiagnosticsReport {
  const v = input.versions;
  const sections: [string, string][] = [
    [
      'Versions',
      [
        `Berth ${v.app}`,
        `Node ${v.node}${v.electron ? `, Electron ${v.electron}, Chromium ${v.chrome ?? '?'}` : ' (browser mode)'}`,
        `Platform ${v.platform}/${v.arch}`,
        `Engine ${v.engine ? `${v.engine.version} (API ${v.engine.apiVersion}, ${v.engine.os}/${v.engine.arch}) at ${v.engine.host}` : 'not connected'}`,
        `VM image ${v.vmImage ? `kernel ${v.vmImage.kernel}, docker ${v.vmImage.docker}, containerd ${v.vmImage.containerd}` : 'not known'}`,
        `Kubernetes ${v.kubernetes ?? 'not running'}`,
      ].join('\n'),
    ],
    ['Engine status', json(input.engine)],
    ['VM status', 'unavailable' in input.vm ? input.vm.unavailable : json(input.vm)],
    ['Settings', input.settings ? `${input.settings.path}${input.settings.notice ? `\nNotice: ${input.settings.notice}` : ''}\n${json(input.settings.settings)}` : 'no settings file in this mode'],
    ['Environment', Object.entries(relevantEnv(input.env)).map(([k, val]) => `${k}=${val}`).join('\n') || '(none of the relevant variables is set)'],
    ['VM console (last lines)', Array.isArray(input.vmConsole) ? input.vmConsole.join('\n') || '(empty)' : input.vmConsole.unavailable],
    [
      'Backend log (last lines)',
      input.backendLog.map((l) => `${new Date(l.time).toISOString()} ${l.level.padEnd(5)} [${l.scope}] ${l.text}`).join('\n') || '(empty)',
    ],
  ];
  const raw = [`Berth diagnostics, ${now.toISOString()}`, 'Secrets (passwords, tokens, keys) are replaced by [redacted].', '', ...sections.map(([title, body]) => `== ${title} ==\n${body}\n`)].join('\n');
  const { text, count } = redactSecrets(raw);
  return { fileName: `berth-diagnostics-${stamp(now)}.txt`, text, redactions: count };
}
