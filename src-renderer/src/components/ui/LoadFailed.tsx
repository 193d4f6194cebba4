import type { ReactNode } from 'react';
import button from './Button.module.css';
import common from './common.module.css';
import { useT } from '../../i18n/useT';

/** Something could not be read: what, with the host's reason (`children`), and "Try again". */
export function LoadFailed({ children, onRetry }: { children: ReactNode; onRetry(): void }) {
  const t = useT();
  return (
    <div role="alert" className={common.stack}>
      <p>{children}</p>
      <button type="button" className={button.button} onClick={onRetry}>
        {t('common.retry')}
      </button>
    </div>
  );
}
