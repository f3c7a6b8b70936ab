import type Docker from 'dockerode';
import type { Router } from '../rpc/router';
import type { EngineEventHub } from '../engine/engine-events';
import { LogFollower, downloadPath, saveLogs } from '../engine/logs';
import type { EngineCall } from './engine-call';

export function registerLogHandlers(
  router: Router,
  deps: { docker: () => Docker; events: EngineEventHub; pickSaveFile?: (suggested: string) => Promise<string | null>; via: EngineCall },
): void {
  router.stream('containers:logs', async (args, ctx) => {
    const follower = new LogFollower(
      deps.docker(),
      args.id,
      { follow: args.follow ?? true, tail: args.tail ?? 500, timestamps: !!args.timestamps, ...(args.since !== undefined ? { since: args.since } : {}), ...(args.until !== undefined ? { until: args.until } : {}) },
      deps.events,
      ctx.send,
      ctx.end,
    );
    await follower.start();
    return { close: () => follower.close() };
  });

  router.handle(
    'containers:save-logs',
    deps.via(async (args) => {
      const docker = deps.docker();
      const info = await docker.getContainer(args.id).inspect();
      const name = info.Name.replace(/^\//, '');
      const suggested = await downloadPath(name, 'log');
      const path = deps.pickSaveFile ? await deps.pickSaveFile(suggested) : suggested;
      if (!path) return { path: '', bytes: 0, lines: 0 };
      return saveLogs(docker, info.Id, path, args);
    }),
  );
}
