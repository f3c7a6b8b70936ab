import type { Result, RpcError } from './result';
import type {
  EventChannel,
  EventPayload,
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
  StreamChannel,
  StreamTypes,
} from './channels';

type StreamData<C extends StreamChannel> = StreamTypes[C] extends { data: infer D } ? D : never;
type StreamArgs<C extends StreamChannel> = StreamTypes[C] extends { args: infer A } ? A : never;
type StreamWrite<C extends StreamChannel> = StreamTypes[C] extends { write: infer W } ? W : never;

export interface StreamHandlers<D> {
  onData(data: D): void;
  /** Called once when the stream ends, with the reason when it failed. Not called after close(). */
  onEnd?(error?: RpcError): void;
}

export interface StreamHandle<W> {
  write(data: W): void;
  resize(cols: number, rows: number): void;
  /** Ends the stream from this side; the backend disposes its session. */
  close(): void;
}

/**
 * What the renderer knows of the backend. Implemented by the preload (Electron IPC) and by the
 * websocket client (browser mode); the renderer gets one injected and never knows which.
 */
export interface DesktopApi {
  readonly transport: 'ipc' | 'websocket';
  invoke<C extends InvokeChannel>(channel: C, args: InvokeArgs<C>): Promise<Result<InvokeResult<C>>>;
  openStream<C extends StreamChannel>(
    channel: C,
    args: StreamArgs<C>,
    handlers: StreamHandlers<StreamData<C>>,
  ): StreamHandle<StreamWrite<C>>;
  /** Subscribes to a broadcast; returns the function that unsubscribes. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void;
}
