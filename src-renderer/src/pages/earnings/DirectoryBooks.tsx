import type { DirectoryLink, EarningsInfo } from '@shared/contract';
import { formatAt, formatFullTimestamp } from '../../format';
import { useCommand } from '../../hooks/useCommand';
import { useProviderStore } from '../../store';
import { Card } from '../../components/ui/Card';
import { InfoTip } from './InfoTip';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { exactCredits, formatCredits, plural, syncErrorWords } from '../../words/earnings-words';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import callout from '../../components/ui/Callout.module.css';
import styles from './DirectoryBooks.module.css';

function SyncButton() {
  const { step, blocked, run: sync } = useCommand(
    (api) => api.syncEarnings({}),
    (snapshot) => {
      useProviderStore.getState().applySnapshot(snapshot);
      return snapshot.earnings.syncError ? { kind: 'idle' as const } : { kind: 'done' as const };
    },
  );

  return (
    <div className={styles.sync}>
      <button type="button" className={button.button} data-testid="earnings-sync" aria-disabled={blocked || undefined} onClick={() => void sync()}>
        {step.kind === 'busy' ? 'Syncing…' : 'Sync now'}
      </button>
      <p className={`${styles.result} ${common.small}`} role="status" data-testid="earnings-sync-result">
        {step.kind === 'done' ? <span className={`${common.result} ${common.resultOk}`}>Up to date.</span> : null}
        {step.kind === 'failed' ? <span className={`${common.result} ${common.resultBad}`}>The sync could not start: {step.message}</span> : null}
      </p>
    </div>
  );
}

/** A directory value, or words saying it is not known yet: never a 0 that nobody measured. */
function Known({ value, synced, testId }: { value: number | null; synced: boolean; testId: string }) {
  return value === null ? (
    <span className={fact.unknown} data-testid={testId} data-known="false">
      {synced ? 'Not known yet' : 'Not synced yet'}
    </span>
  ) : (
    <span className={fact.metric} data-testid={testId} data-known="true" data-value={value} title={`${exactCredits(value)} credits`}>
      {formatCredits(value)} <span className={fact.metricUnit}>credits</span>
    </span>
  );
}

const CREDITED_HELP =
  'Everything the directory has added to your node’s balance: the credits awarded for its tasks, and grants such as the evaluation credits a new node gets. Spending is not taken off.';

/**
 * The directory's books for this node: balance and total earned as of the last successful sync (with its time),
 * why the last sync failed if it did (the last known values stay), and "Sync now".
 */
export function DirectoryBooks({ earnings, link }: { earnings: EarningsInfo | null; link: DirectoryLink | null }) {
  const e = earnings;
  return (
    <Card title="Balance in the directory">
      <div className={styles.books} data-testid="earnings-books" data-synced={e?.asOf ? 'true' : 'false'} data-sync-error={e?.syncError ? 'true' : 'false'}>
        <dl className={`${fact.inline} ${styles.facts}`}>
          <div className={fact.fact}>
            <dt>Balance</dt>
            <dd>
              <Known value={e?.balance ?? null} synced={!!e?.asOf} testId="earnings-balance" />
            </dd>
          </div>
          <div className={fact.fact}>
            <dt>
              Credited in all
              <InfoTip label="What “Credited in all” means">{CREDITED_HELP}</InfoTip>
            </dt>
            <dd>
              <Known value={e?.totalEarned ?? null} synced={!!e?.asOf} testId="earnings-total-earned" />
            </dd>
          </div>
        </dl>
        <p className={`${common.small} ${styles.asOf}`} data-testid="earnings-asof">
          {e?.asOf ? (
            <>
              <span className={common.muted}>As of </span>
              <time dateTime={e.asOf} title={formatFullTimestamp(e.asOf)}>
                {formatAt(e.asOf)}
              </time>{' '}
              <span className={common.muted}>
                (<RelativeTime iso={e.asOf} />), when your node last read them from the directory.
              </span>
            </>
          ) : (
            <span className={common.muted}>
              {link === 'registered'
                ? 'The node asks the directory for these shortly after registering, and then every few minutes.'
                : 'The directory keeps your balance once your node is registered; the Dashboard shows how that stands.'}
            </span>
          )}
        </p>
        {e?.booksBehind ? (
          <p className={common.note} data-testid="earnings-books-behind">
            Awards your node received after that are not in these figures yet; it reads them again within a minute or two.
          </p>
        ) : null}
        {e?.syncError ? (
          <p className={`${callout.warn} ${callout.compact}`} data-testid="earnings-sync-error" role="status">
            <strong>The last sync failed:</strong> <span title={e.syncError}>{syncErrorWords(e.syncError)}</span>{' '}
            {e.asOf ? 'The values above are the last ones the directory gave, at the time shown.' : 'No values have been read from the directory yet.'}
          </p>
        ) : null}
        {e && e.outbox > 0 ? (
          <p className={common.note} data-testid="earnings-outbox">
            {plural(e.outbox, 'receipt is', 'receipts are')} waiting to be accepted by the directory; {e.outbox === 1 ? 'its credits are' : 'their credits are'} not in this balance yet.
          </p>
        ) : null}
      </div>
      <SyncButton />
    </Card>
  );
}
