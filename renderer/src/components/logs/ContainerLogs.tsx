import { useCallback } from 'react';
import { useApi } from '../../stores/context';
import { LogViewer, type LogSource } from './LogViewer';

/** The log viewer on a container's `containers:logs` stream, with Download through `containers:save-logs`. */
export function ContainerLogs({ id, running }: { id: string; running: boolean }) {
  const api = useApi();
  const source = useCallback<LogSource>((options, handlers) => api.openStream('containers:logs', { id, ...options }, handlers), [api, id]);
  const download = useCallback((o: { timestamps: boolean; since?: number; until?: number }) => api.invoke('containers:save-logs', { id, ...o }), [api, id]);
  return <LogViewer source={source} download={download} emptyHint={running ? 'Waiting for the container to print something…' : 'The container printed nothing.'} />;
}
