import { useState } from 'react';
import { refreshFromHost } from '../sync';
import { useProviderStore } from '../store';
import card from './ui/Card.module.css';
import common from './ui/common.module.css';
import button from './ui/Button.module.css';

/** Shown in place of data until the first snapshot arrives, with the reason if loading failed. */
export function WaitingForNode() {
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
        <p>Connecting to the node…</p>
        {connection.kind === 'reconnecting' ? <p className={common.muted}>{connection.reason}</p> : null}
      </div>
    );
  }
  if (error) {
    return (
      <div className={card.waiting} role="alert">
        <p>The node's state could not be loaded: {error}</p>
        <button type="button" className={button.button} onClick={() => void retry()} aria-disabled={retrying || undefined}>
          {retrying ? 'Trying…' : 'Try again'}
        </button>
      </div>
    );
  }
  return (
    <div className={card.waiting} role="status">
      <p>Waiting for the node's first status report…</p>
    </div>
  );
}
