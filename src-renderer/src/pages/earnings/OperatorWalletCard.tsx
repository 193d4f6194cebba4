import type { EarningsInfo, OperatorInfo, OperatorWallet } from '@shared/contract';
import type { Say } from '@shared/i18n/say';
import { formatAt, formatCount, formatFullTimestamp } from '../../format';
import { routeHref } from '../../routes';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import { computers, identityPurpose } from '../../words/identity-words';
import { exactCredits, formatCredits } from '../../words/earnings-words';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import styles from './OperatorWalletCard.module.css';

function Credits({ value, testId }: { value: number; testId: string }) {
  const t = useT();
  return (
    <span
      className={fact.metric}
      data-testid={testId}
      data-value={value}
      title={t('earnings.wallet.creditsTitle', { amount: exactCredits(value) })}
    >
      {formatCredits(value)} <span className={fact.metricUnit}>{t('earnings.totals.credits')}</span>
    </span>
  );
}

/**
 * Why the wallet is not shown yet, true to what the node knows: the directory binds the node at registration (the
 * log's "confirmed this node as yours"), but the wallet arrives with the next read of the earnings, so a bound node
 * says it is bound and when its earnings were last read rather than "once it has bound this node".
 */
function waitingWords(t: Say, operator: OperatorInfo, asOf: string | null): string {
  if (operator.directory !== 'bound') return t('earnings.wallet.waiting');
  return asOf ? t('earnings.wallet.boundReadBefore', { time: formatAt(asOf) }) : t('earnings.wallet.boundNotRead');
}

/**
 * "Operator wallet", beside the node's own balance: every computer bound to the person's operator identity, pooled by
 * the directory (as of the last sync). Without the directory's numbers yet, one sentence why; without an identity,
 * where to make one.
 */
export function OperatorWalletCard({
  earnings,
  operator,
}: {
  earnings: EarningsInfo | null;
  operator: OperatorInfo | null;
}) {
  const t = useT();
  // An older host may send no wallet at all (undefined): the same as none.
  const wallet = (earnings?.operatorWallet as OperatorWallet | null | undefined) ?? null;
  return (
    <Card title={t('earnings.wallet.title')} testId="operator-wallet">
      {wallet ? (
        <Wallet wallet={wallet} asOf={earnings?.asOf ?? null} />
      ) : operator?.state === 'active' ? (
        <>
          <p data-testid="operator-wallet-waiting">{waitingWords(t, operator, earnings?.asOf ?? null)}</p>
          {operator.problem ? <p className={common.muted}>{t.said(operator.problem)}</p> : null}
        </>
      ) : (
        <>
          <p className={common.muted}>{identityPurpose()}</p>
          <p data-testid="operator-wallet-none">
            <Words id="earnings.wallet.none" tags={{ link: (c) => <a href={routeHref('settings')}>{c}</a> }} />
          </p>
        </>
      )}
    </Card>
  );
}

function Wallet({ wallet: w, asOf }: { wallet: OperatorWallet; asOf: string | null }) {
  const t = useT();
  const credits = (n: number) => t('earnings.wallet.credits', { amount: formatCredits(n) });
  return (
    <div
      className={styles.wallet}
      data-testid="operator-wallet-numbers"
      data-reconciles={w.reconciles ? 'true' : 'false'}
    >
      <dl className={`${fact.inline} ${styles.totals}`}>
        <Fact label={t('earnings.wallet.balance')}>
          <Credits value={w.totalBalance} testId="operator-wallet-balance" />
        </Fact>
      </dl>
      <dl className={fact.plain}>
        {/* The directory's total_earned sums every credit to the operator's nodes, grants such as a new node's
            starting credits among them: "Credited in all", as the node's own books say, not "Earned". */}
        <Fact label={t('earnings.wallet.credited')}>
          <span title={t('earnings.wallet.creditsTitle', { amount: exactCredits(w.totalEarned) })}>
            {credits(w.totalEarned)}
          </span>
        </Fact>
        <Fact label={t('earnings.wallet.spent')}>
          <span title={t('earnings.wallet.creditsTitle', { amount: exactCredits(w.totalSpent) })}>
            {credits(w.totalSpent)}
          </span>
        </Fact>
        <Fact label={t('earnings.wallet.computers')}>
          <span data-testid="operator-wallet-nodes">{computers(w.nodeCount)}</span>
        </Fact>
        <Fact label={t('earnings.wallet.transactions')}>{formatCount(w.txCount)}</Fact>
        <Fact label={t('earnings.wallet.fingerprint')}>
          <code className={common.break} data-testid="operator-wallet-fingerprint">
            {w.fingerprint}
          </code>
        </Fact>
      </dl>
      <p data-testid="operator-wallet-reconciles">
        {w.reconciles ? (
          <StatusBadge tone="ok" align="baseline">
            {t('earnings.wallet.addsUp')}
          </StatusBadge>
        ) : (
          <StatusBadge tone="warn" align="baseline">
            {t('earnings.wallet.doesNotAddUp')}
          </StatusBadge>
        )}
      </p>
      {asOf ? (
        <p className={common.note}>
          <Words
            id="earnings.wallet.asOf"
            values={{ at: formatAt(asOf) }}
            tags={{
              time: (c) => (
                <time dateTime={asOf} title={formatFullTimestamp(asOf)}>
                  {c}
                </time>
              ),
            }}
          />
        </p>
      ) : null}
    </div>
  );
}
