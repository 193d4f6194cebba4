import type { EarningsInfo, OperatorInfo, OperatorWallet } from '@shared/contract';
import { formatAt, formatCount, formatFullTimestamp } from '../../format';
import { routeHref } from '../../routes';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { computers, IDENTITY_PURPOSE } from '../../words/identity-words';
import { exactCredits, formatCredits } from '../../words/earnings-words';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import styles from './OperatorWalletCard.module.css';

function Credits({ value, testId }: { value: number; testId: string }) {
  return (
    <span className={fact.metric} data-testid={testId} data-value={value} title={`${exactCredits(value)} credits`}>
      {formatCredits(value)} <span className={fact.metricUnit}>credits</span>
    </span>
  );
}

/**
 * "Operator wallet", beside the node's own balance: every computer bound to the person's operator identity, pooled by
 * the directory (as of the last sync). Without the directory's numbers yet, one sentence why; without an identity,
 * where to make one.
 */
export function OperatorWalletCard({ earnings, operator }: { earnings: EarningsInfo | null; operator: OperatorInfo | null }) {
  // An older host may send no wallet at all (undefined): the same as none.
  const wallet = (earnings?.operatorWallet as OperatorWallet | null | undefined) ?? null;
  return (
    <Card title="Operator wallet" testId="operator-wallet">
      {wallet ? (
        <Wallet wallet={wallet} asOf={earnings?.asOf ?? null} />
      ) : operator?.state === 'active' ? (
        <>
          <p data-testid="operator-wallet-waiting">The directory has not shown your operator wallet yet; it does once it has bound this node to your operator identity.</p>
          {operator.problem ? <p className={common.muted}>{operator.problem}</p> : null}
        </>
      ) : (
        <>
          <p className={common.muted}>{IDENTITY_PURPOSE}</p>
          <p data-testid="operator-wallet-none">
            This computer has no operator identity yet. Make or import one in{' '}
            <a href={routeHref('settings')}>Settings, under “Your operator identity”</a>.
          </p>
        </>
      )}
    </Card>
  );
}

function Wallet({ wallet: w, asOf }: { wallet: OperatorWallet; asOf: string | null }) {
  return (
    <div className={styles.wallet} data-testid="operator-wallet-numbers" data-reconciles={w.reconciles ? 'true' : 'false'}>
      <dl className={`${fact.inline} ${styles.totals}`}>
        <Fact label="Balance of all your computers">
          <Credits value={w.totalBalance} testId="operator-wallet-balance" />
        </Fact>
      </dl>
      <dl className={fact.plain}>
        <Fact label="Earned">
          <span title={`${exactCredits(w.totalEarned)} credits`}>{formatCredits(w.totalEarned)} credits</span>
        </Fact>
        <Fact label="Spent">
          <span title={`${exactCredits(w.totalSpent)} credits`}>{formatCredits(w.totalSpent)} credits</span>
        </Fact>
        <Fact label="Computers">
          <span data-testid="operator-wallet-nodes">{computers(w.nodeCount)}</span>
        </Fact>
        <Fact label="Transactions">{formatCount(w.txCount)}</Fact>
        <Fact label="Operator fingerprint">
          <code className={common.break} data-testid="operator-wallet-fingerprint">
            {w.fingerprint}
          </code>
        </Fact>
      </dl>
      <p data-testid="operator-wallet-reconciles">
        {w.reconciles ? (
          <StatusBadge tone="ok" align="baseline">
            The directory’s sums add up: the balance is what was earned less what was spent.
          </StatusBadge>
        ) : (
          <StatusBadge tone="warn" align="baseline">
            The directory’s sums do not add up: the balance is not what was earned less what was spent.
          </StatusBadge>
        )}
      </p>
      {asOf ? (
        <p className={common.note}>
          As of{' '}
          <time dateTime={asOf} title={formatFullTimestamp(asOf)}>
            {formatAt(asOf)}
          </time>
          , with the balance above.
        </p>
      ) : null}
    </div>
  );
}
