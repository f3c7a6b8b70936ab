import { writeFile } from 'node:fs/promises';
import type { Versions } from '../../../shared/channels-desktop';
import type { ClusterStatus, EngineStatus, VmStatus } from '../../../shared/models';
import { defaultSettings } from '../../../shared/settings';
import type { Router } from '../rpc/router';
import { BerthError } from '../rpc/errors';
import type { SettingsStore } from '../settings/settings-store';
import type { ResolveInput } from '../engine/endpoint';
import { downloadPath } from '../engine/logs';
import { recentLogLines, type LogRing } from '../logger';
import { buildReport } from '../diagnostics/report';
import { probeHost } from '../diagnostics/probe';
import { appVersion } from '../diagnostics/app-version';

export interface DiagnosticsDeps {
  engine: () => EngineStatus;
  settings: SettingsStore | null;
  /** How the backend finds its engine: the first-run probe looks the same way. */
  endpoint: ResolveInput;
  pickSaveFile?: ((suggested: string) => Promise<string | null>) | undefined;
  ring?: LogRing;
}

/**
 * The Troubleshoot page and the first-run flow: versions, the backend's recent log, the
 * diagnostics file (secrets redacted), factory reset, and the probe for an engine that already
 * runs. VM facts come through the router from the VM's own channels, so this works (and says what
 * is missing) whether or not the VM manager is there.
 */
export function registerDiagnosticsHandlers(router: Router, deps: DiagnosticsDeps): void {
  const ring = deps.ring ?? recentLogLines;

  const vmStatus = async (): Promise<VmStatus | { unavailable: string }> => {
    const r = await router.invoke('vm:get-status', {});
    return r.ok ? (r.value as VmStatus) : { unavailable: `VM status unavailable: ${r.error.message}` };
  };

  const clusterVersion = async (): Promise<string | null> => {
    const r = await router.invoke('cluster:get-status', {});
    const c = r.ok ? (r.value as ClusterStatus) : null;
    return c && c.state !== 'disabled' && c.version ? `${c.version} (${c.state})` : null;
  };

  const versions = async (): Promise<Versions> => {
    const engine = deps.engine();
    const vm = await vmStatus();
    return {
      app: appVersion(),
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
      platform: process.platform,
      arch: process.arch,
      engine: engine.state === 'connected' ? { version: engine.version, apiVersion: engine.apiVersion, os: engine.os, arch: engine.arch, host: engine.endpoint.host } : null,
      vmImage: 'unavailable' in vm ? null : vm.image,
      kubernetes: await clusterVersion(),
    };
  };

  const collect = async () => {
    const consoleLog = await router.invoke('vm:console-log', { lines: 300 });
    return buildReport({
      versions: await versions(),
      settings: deps.settings?.view() ?? null,
      engine: deps.engine(),
      vm: await vmStatus(),
      vmConsole: consoleLog.ok ? (consoleLog.value as string[]) : { unavailable: `VM console unavailable: ${consoleLog.error.message}` },
      backendLog: ring.tail(500),
      env: deps.endpoint.env,
    });
  };

  router
    .handle('diagnostics:versions', versions)
    .handle('diagnostics:backend-log', ({ lines }) => ring.tail(lines ?? 300))
    .handle('diagnostics:collect', collect)
    .handle('diagnostics:save', async () => {
      const report = await collect();
      const suggested = await downloadPath(report.fileName.replace(/\.txt$/, ''), 'txt');
      const path = deps.pickSaveFile ? await deps.pickSaveFile(suggested) : suggested;
      if (!path) return { path: '', bytes: 0 };
      await writeFile(path, report.text, { mode: 0o600 });
      return { path, bytes: Buffer.byteLength(report.text) };
    })
    .handle('diagnostics:factory-reset', async () => {
      const settings = deps.settings;
      const reset = await router.invoke('vm:reset', { confirm: true });
      let note: string | null = null;
      if (!reset.ok) {
        // Without a VM manager there is no VM to wipe; anything else stops the reset before settings change.
        if (reset.error.code !== 'unknown-channel') throw new BerthError(reset.error.code, `The VM could not be reset, so nothing was changed: ${reset.error.message}`);
        note = 'This build has no VM manager, so there was no VM to wipe; the settings were reset.';
      }
      if (settings) {
        const { version: _version, ...defaults } = defaultSettings(deps.endpoint.home);
        await settings.update(defaults);
      } else note = `${note ? `${note} ` : ''}There is no settings file in this mode.`;
      return { vmReset: reset.ok, note };
    })
    .handle('desktop:probe-host', () => probeHost(deps.endpoint));
}
