import { getBridge } from '../api';
import { formatAt } from '../format';
import { useProviderStore } from '../store';
import { useStaleSince } from './staleness';
import button from '../components/ui/Button.module.css';
import styles from './ConnectionBanner.module.css';
import { useT } from '../i18n/useT';

/** Says when what is on screen may be out of date because the link to the node host is down. */
export function ConnectionBanner() {
  const t = useT();
  const connection = useProviderStore((s) => s.connection);
  const hasSnapshot = useProviderStore((s) => s.snapshot !== null);
  const since = useStaleSince();
  if (connection.kind !== 'reconnecting' && connection.kind !== 'closed') return null;
  const bridge = getBridge();
  return (
    <div className={`${styles.banner} ${styles.warn}`} role="status">
      <p className={styles.text}>
        <strong>
          {connection.kind === 'closed' ? t('shell.connection.closed') : t('shell.connection.reconnecting')}
        </strong>{' '}
        {connection.kind === 'reconnecting' ? connection.reason : null}
        {hasSnapshot
          ? ` ${since ? t('shell.connection.lastAt', { at: formatAt(since) }) : t('shell.connection.last')}`
          : null}
      </p>
      {bridge && connection.kind === 'reconnecting' ? (
        <button type="button" className={button.small} onClick={() => bridge.retryNow()}>
          {t('shell.connection.retry')}
        </button>
      ) : null}
    </div>
  );
}
