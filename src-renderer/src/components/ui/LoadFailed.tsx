import type { ReactNode } from 'react';

/** Something could not be read: what, with the host's reason (`children`), and "Try again". */
export function LoadFailed({ children, onRetry }: { children: ReactNode; onRetry(): void }) {
  return (
    <div role="alert" className="stack">
      <p>{children}</p>
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
