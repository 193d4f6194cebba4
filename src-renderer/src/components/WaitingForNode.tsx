import { useState } from 'react';
import { refreshFromHost } from '../sync';
import { useProviderStore } from '../store';
import card from './ui/Card.module.css';
import common from './ui/common.module.css';
import button from './ui/Button.module.css';
import { useT } from '../i18n/useT';

/** Shown in place of data until the first snapshot arrives, with the reason if loading failed. */
export function WaitingForNode() {
  const t = useT();
  const connection = useProviderStore((s) => s.connection);
  const error = useProviderStore((s) => s.snapshotError);
  const [retrying, setRetrying] = useState(false);

  const retry = async () => {
    setRetrying(true);
    await refreshFromHost();
    setRetrying(false);
  };

  if (connection.kind !== 'connected') {
    return (
      <div className={card.waiting} role="status">
        <p>{t('components.connecting')}</p>
        {connection.kind === 'reconnecting' ? <p className={common.muted}>{connection.reason}</p> : null}
      </div>
    );
  }
  if (error) {
    return (
      <div className={card.waiting} role="alert">
        <p>{t('components.waiting.loadFailed', { message: error })}</p>
        <button
          type="button"
          className={button.button}
          onClick={() => void retry()}
          aria-disabled={retrying || undefined}
        >
          {retrying ? t('components.waiting.trying') : t('common.retry')}
        </button>
      </div>
    );
  }
  return (
    <div className={card.waiting} role="status">
      <p>{t('components.waiting.first')}</p>
    </div>
  );
}
