/** Plain serialisable models shared by backend and renderer. No classes, no Dates: numbers in ms. */

export type EndpointSource = 'setting' | 'DOCKER_HOST' | 'context' | 'default';

export interface EndpointInfo {
  /** The address as the docker CLI would write it: unix:///var/run/docker.sock, tcp://host:2376, npipe://... */
  host: string;
  source: EndpointSource;
  /** Name of the docker CLI context when source is 'context'. */
  contextName?: string;
  tls: boolean;
}

export type EngineStatus =
  | { state: 'connecting'; endpoint: EndpointInfo | null; attempt: number }
  | {
      state: 'connected';
      endpoint: EndpointInfo;
      version: string;
      apiVersion: string;
      os: string;
      arch: string;
    }
  | {
      state: 'disconnected';
      endpoint: EndpointInfo | null;
      /** Short: "connection refused at /var/run/docker.sock". */
      reason: string;
      /** What the user can do about it. */
      hint: string;
      /** When the next attempt starts, ms from now; null when no retry is scheduled. */
      retryInMs: number | null;
      attempt: number;
    };

export type EngineObjectType = 'container' | 'image' | 'volume' | 'network' | 'daemon' | 'plugin' | 'service' | 'node' | 'secret' | 'config' | 'builder';

export interface EngineEvent {
  type: EngineObjectType;
  /** The engine's action: create, start, die, stop, destroy, pause, rename, pull, ... ("exec_start: sh" is cut to "exec_start"). */
  action: string;
  /** What followed a colon in the engine's action ("health_status: healthy" gives "healthy"). */
  actionDetail?: string;
  id: string;
  /** The object's name where the engine reports one (containers: without slash). */
  name?: string;
  attributes: Record<string, string>;
  /** ms since the epoch */
  time: number;
}
