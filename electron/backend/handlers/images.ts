import type { Router } from '../rpc/router';
import type { ImageService } from '../engine/images';
import type { BuildService } from '../engine/build';
import type { RegistryService } from '../engine/registries';
import type { EngineCall } from './engine-call';
import { streamTask } from './stream-task';

export function registerImageHandlers(router: Router, deps: { images: ImageService; build: BuildService; registries: RegistryService; via: EngineCall }): void {
  const { images: i, registries: r, via } = deps;
  router
    .handle('images:list', via(() => i.list()))
    .handle('images:history', via((a) => i.history(a.id)))
    .handle('images:tag', via((a) => i.tag(a.source, a.target)))
    .handle('images:remove', via((a) => i.remove(a.id, !!a.force)))
    .handle('images:prune-preview', via(() => i.prunePreview()))
    .handle('images:prune', via(() => i.prune()))
    .handle('registries:list', () => r.list())
    .handle('registries:login', via((a) => r.login(a.server, a.username, a.password)))
    .handle('registries:logout', (a) => r.logout(a.server))
    .handle('registries:catalog', (a) => r.catalog(a.server))
    .handle('registries:tags', (a) => r.tags(a.server, a.repository));

  router.stream('images:pull', ({ reference }, ctx) => streamTask(ctx, () => i.pull(reference, ctx.send, ctx.signal)));
  router.stream('images:push', ({ reference }, ctx) => streamTask(ctx, () => i.push(reference, ctx.send, ctx.signal)));
  router.stream('images:build', (request, ctx) => streamTask(ctx, () => deps.build.build(request, ctx.send, ctx.signal)));
}
