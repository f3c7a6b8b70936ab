import type { RpcError } from '../../../shared/result';

/** An error where the user acted, with an optional way out (retry, force). */
export function ErrorNote({ error, onDismiss, children }: { error: RpcError | null; onDismiss?: () => void; children?: React.ReactNode }) {
  if (!error) return null;
  return (
    <div className="banner error" role="alert">
      <span>{error.message}</span>
      {children}
      {onDismiss && (
        <button type="button" className="link-button" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
