import type { EngineEvent } from '../../../shared/models';

export type EngineEventListener = (event: EngineEvent) => void;

/** The engine's events for backend services (log follow, terminals): subscribe, and unsubscribe when done. */
export class EngineEventHub {
  private readonly listeners = new Set<EngineEventListener>();
  private readonly lostListeners = new Set<(reason: string) => void>();

  /** The connection to the engine was lost: whatever waits for its events waits in vain. */
  lost(reason: string): void {
    for (const l of [...this.lostListeners]) l(reason);
  }

  onLost(listener: (reason: string) => void): () => void {
    this.lostListeners.add(listener);
    return () => {
      this.lostListeners.delete(listener);
    };
  }

  emit(event: EngineEvent): void {
    for (const l of this.listeners) l(event);
  }

  on(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get size(): number {
    return this.listeners.size + this.lostListeners.size;
  }
}
