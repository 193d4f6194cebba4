import type { ReactNode } from 'react';
import button from './Button.module.css';
import common from './common.module.css';

/** Something could not be read: what, with the host's reason (`children`), and "Try again". */
export function LoadFailed({ children, onRetry }: { children: ReactNode; onRetry(): void }) {
  return (
    <div role="alert" className={common.stack}>
      <p>{children}</p>
      <button type="button" className={button.button} onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
