import type { StreamContext, StreamSession } from '../rpc/streams';

/**
 * A stream that runs one task to its end (a pull, a build, a run): the task's result ends the
 * stream, its error ends it with that error, and closing the stream aborts the task through
 * ctx.signal.
 */
export function streamTask<D>(ctx: StreamContext<D>, task: () => Promise<unknown>): StreamSession<never> {
  task().then(
    () => ctx.end(),
    (err: unknown) => ctx.end(err),
  );
  return { close: () => undefined };
}
