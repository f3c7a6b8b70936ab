import { createServer } from 'node:net';

function tryPort(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(null));
    s.listen(port, '127.0.0.1', () => {
      const got = (s.address() as { port: number }).port;
      s.close(() => resolve(got));
    });
  });
}

/** The preferred loopback port when it is free (so the docker context stays the same), else any free one. */
export async function freePortOnLoopback(preferred?: number): Promise<number> {
  if (preferred && (await tryPort(preferred)) === preferred) return preferred;
  const any = await tryPort(0);
  if (!any) throw new Error('no free port on 127.0.0.1');
  return any;
}
