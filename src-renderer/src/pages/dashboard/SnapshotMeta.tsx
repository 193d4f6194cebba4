import type { NodeSnapshot } from '@shared/contract';
import { formatAt, formatFullTimestamp } from '../../format';
import styles from './SnapshotMeta.module.css';
import { Words } from '../../i18n/Words';

/**
 * When the figures on the page last changed, and which host and version run the node: small, at the end, for support.
 * The report's running number is the engine's own bookkeeping, kept out of sight (`data-version`) for tests.
 */
export function SnapshotMeta({ snapshot }: { snapshot: NodeSnapshot }) {
  return (
    <p className={styles.meta} data-testid="snapshot-version" data-version={snapshot.version}>
      <Words
        id="dashboard.meta.updated"
        values={{ host: snapshot.host === 'headless' ? 'headless' : 'desktop', version: snapshot.appVersion }}
        tags={{
          time: () => (
            <time dateTime={snapshot.emittedAt} title={formatFullTimestamp(snapshot.emittedAt)}>
              {formatAt(snapshot.emittedAt)}
            </time>
          ),
        }}
      />
    </p>
  );
}
