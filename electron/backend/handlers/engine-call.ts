/** Wraps a handler that talks to the engine, so a failure to reach it is noticed by the connection at once. */
export type EngineCall = <A, R>(call: (args: A) => Promise<R>) => (args: A) => Promise<R>;
