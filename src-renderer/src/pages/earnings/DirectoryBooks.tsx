import type { DirectoryLink, EarningsInfo } from '@shared/contract';
import { formatAt, formatFullTimestamp } from '../../format';
import { useCommand } from '../../hooks/useCommand';
import { useProviderStore } from '../../store';
import { Card } from '../../components/ui/Card';
import { InfoTip } from './InfoTip';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { exactCredits, formatCredits, syncErrorWords } from '../../words/earnings-words';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import callout from '../../components/ui/Callout.module.css';
import styles from './DirectoryBooks.module.css';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';

function SyncButton() {
  const t = useT();
  const {
    step,
    blocked,
    run: sync,
  } = useCommand(
    (api) => api.syncEarnings({}),
    (snapshot) => {
      useProviderStore.getState().applySnapshot(snapshot);
      return snapshot.earnings.syncError ? { kind: 'idle' as const } : { kind: 'done' as const };
    },
  );

  return (
    <div className={styles.sync}>
      <button
        type="button"
        className={button.button}
        data-testid="earnings-sync"
        aria-disabled={blocked || undefined}
        onClick={() => void sync()}
      >
        {step.kind === 'busy' ? t('earnings.books.syncing') : t('earnings.books.syncNow')}
      </button>
      <p className={`${styles.result} ${common.small}`} role="status" data-testid="earnings-sync-result">
        {step.kind === 'done' ? (
          <span className={`${common.result} ${common.resultOk}`}>{t('earnings.books.upToDate')}</span>
        ) : null}
        {step.kind === 'failed' ? (
          <span className={`${common.result} ${common.resultBad}`}>
            {t('earnings.books.syncFailed', { message: step.message })}
          </span>
        ) : null}
      </p>
    </div>
  );
}

/** A directory value, or words saying it is not known yet: never a 0 that nobody measured. */
function Known({ value, synced, testId }: { value: number | null; synced: boolean; testId: string }) {
  const t = useT();
  return value === null ? (
    <span className={fact.unknown} data-testid={testId} data-known="false">
      {synced ? t('earnings.books.notKnown') : t('earnings.books.notSynced')}
    </span>
  ) : (
    <span
      className={fact.metric}
      data-testid={testId}
      data-known="true"
      data-value={value}
      title={t('earnings.wallet.creditsTitle', { amount: exactCredits(value) })}
    >
      {formatCredits(value)} <span className={fact.metricUnit}>{t('earnings.totals.credits')}</span>
    </span>
  );
}

/**
 * The directory's books for this node: balance and total earned as of the last successful sync (with its time),
 * why the last sync failed if it did (the last known values stay), and "Sync now".
 */
export function DirectoryBooks({ earnings, link }: { earnings: EarningsInfo | null; link: DirectoryLink | null }) {
  const t = useT();
  const e = earnings;
  return (
    <Card title={t('earnings.books.title')}>
      <div
        className={styles.books}
        data-testid="earnings-books"
        data-synced={e?.asOf ? 'true' : 'false'}
        data-sync-error={e?.syncError ? 'true' : 'false'}
      >
        <dl className={`${fact.inline} ${styles.facts}`}>
          <div className={fact.fact}>
            <dt>{t('earnings.books.balance')}</dt>
            <dd>
              <Known value={e?.balance ?? null} synced={!!e?.asOf} testId="earnings-balance" />
            </dd>
          </div>
          <div className={fact.fact}>
            <dt>
              {t('earnings.books.credited')}
              <InfoTip label={t('earnings.books.creditedTip')}>{t('earnings.books.creditedHelp')}</InfoTip>
            </dt>
            <dd>
              <Known value={e?.totalEarned ?? null} synced={!!e?.asOf} testId="earnings-total-earned" />
            </dd>
          </div>
        </dl>
        <p className={`${common.small} ${styles.asOf}`} data-testid="earnings-asof">
          {e?.asOf ? (
            <Words
              id="earnings.books.asOf"
              values={{ at: formatAt(e.asOf) }}
              tags={{
                muted: (c) => <span className={common.muted}>{c}</span>,
                time: (c) => (
                  <time dateTime={e.asOf ?? undefined} title={formatFullTimestamp(e.asOf ?? '')}>
                    {c}
                  </time>
                ),
                ago: () => <RelativeTime iso={e.asOf ?? ''} />,
              }}
            />
          ) : (
            <span className={common.muted}>
              {link === 'registered' ? t('earnings.books.soon') : t('earnings.books.notRegistered')}
            </span>
          )}
        </p>
        {e?.booksBehind ? (
          <p className={common.note} data-testid="earnings-books-behind">
            {t('earnings.books.behind')}
          </p>
        ) : null}
        {e?.syncError ? (
          <p className={`${callout.warn} ${callout.compact}`} data-testid="earnings-sync-error" role="status">
            <strong>{t('earnings.books.syncErrorLead')}</strong>{' '}
            <span title={e.syncError}>{syncErrorWords(e.syncError)}</span>{' '}
            {e.asOf ? t('earnings.books.lastValues') : t('earnings.books.noValues')}
          </p>
        ) : null}
        {e && e.outbox > 0 ? (
          <p className={common.note} data-testid="earnings-outbox">
            {t('earnings.books.outbox', { count: e.outbox })}
          </p>
        ) : null}
      </div>
      <SyncButton />
    </Card>
  );
}
