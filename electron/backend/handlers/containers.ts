import type Docker from 'dockerode';
import type { Router } from '../rpc/router';
import type { ContainerService } from '../engine/containers';
import type { ImageService } from '../engine/images';
import { checkPorts } from '../engine/ports';
import { runContainer } from '../engine/run';
import { StatsCalculator, type RawStats } from '../engine/stats';
import { JsonLineSplitter } from '../engine/events';
import type { EngineCall } from './engine-call';
import { streamTask } from './stream-task';

export function registerContainerHandlers(
  router: Router,
  deps: { containers: ContainerService; images: ImageService; docker: () => Docker; engineIsLocal: () => boolean; via: EngineCall },
): void {
  const { containers: c, via } = deps;
  router
    .handle('containers:list', via((a) => c.list(a.ids)))
    .handle('containers:inspect', via((a) => c.inspect(a.id)))
    .handle('containers:start', via((a) => c.start(a.id)))
    .handle('containers:stop', via((a) => c.stop(a.id, a.timeoutSeconds)))
    .handle('containers:restart', via((a) => c.restart(a.id, a.timeoutSeconds)))
    .handle('containers:pause', via((a) => c.pause(a.id)))
    .handle('containers:unpause', via((a) => c.unpause(a.id)))
    .handle('containers:kill', via((a) => c.kill(a.id, a.signal)))
    .handle('containers:remove', via((a) => c.remove(a.id, a)))
    .handle('containers:rename', via((a) => c.rename(a.id, a.name)))
    .handle('containers:check-ports', via((a) => checkPorts(deps.docker(), a.ports, deps.engineIsLocal())));

  router.stream('containers:run', (spec, ctx) => streamTask(ctx, () => runContainer(deps.docker(), deps.images, spec, ctx.send, ctx.signal)));

  router.stream('containers:stats', async ({ id }, ctx) => {
    const stream = (await deps.docker().getContainer(id).stats({ stream: true, abortSignal: ctx.signal } as { stream: true })) as unknown as NodeJS.ReadableStream;
    const calc = new StatsCalculator();
    const splitter = new JsonLineSplitter((value) => ctx.send(calc.next(value as RawStats)));
    stream.on('data', (chunk: Buffer) => splitter.push(chunk));
    stream.once('end', () => ctx.end());
    stream.once('error', (err) => {
      if (!ctx.signal.aborted) ctx.end(err);
    });
    return { close: () => (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.() };
  });
}
