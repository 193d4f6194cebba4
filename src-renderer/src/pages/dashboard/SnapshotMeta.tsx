import type { NodeSnapshot } from '@shared/contract';
import { formatFullTimestamp, formatTimestamp } from '../../format';
import styles from './SnapshotMeta.module.css';

/** Which engine report is on screen; mostly for support and tests, so kept small. */
export function SnapshotMeta({ snapshot }: { snapshot: NodeSnapshot }) {
  return (
    <p className={styles.meta}>
      Status report <span data-testid="snapshot-version">{snapshot.version}</span> from{' '}
      <time dateTime={snapshot.emittedAt} title={formatFullTimestamp(snapshot.emittedAt)}>
        {formatTimestamp(snapshot.emittedAt)}
      </time>{' '}
      · {snapshot.host === 'headless' ? 'headless host' : 'desktop app'} {snapshot.appVersion}
    </p>
  );
}
