import type { FleetInfo } from '@shared/contract';
import { formatSpan } from '../../format';
import { useT } from '../../i18n/useT';
import { Card } from '../../components/ui/Card';
import { MachineItem } from './MachineItem';
import { onlineWords, walletSentences } from '../../words/fleet-words';
import { discoveredWords } from '../../words/discovery-words';
import common from '../../components/ui/common.module.css';
import styles from './MachinesCard.module.css';

/**
 * Every machine this computer knows under the operator identity, this computer first: how many are online, each
 * machine with its figures, and what the directory counts that is not known here.
 */
export function MachinesCard({ info, take }: { info: FleetInfo; take(info: FleetInfo): void }) {
  const t = useT();
  const online = info.machines.filter((m) => m.state === 'online').length;
  const wallet = walletSentences(info.walletNodes, info.machines.length);
  const discovered = discoveredWords(info.discoveredAt);
  return (
    <Card title={t('fleet.card.title')} testId="fleet-machines">
      <p data-testid="fleet-online">
        {info.machines.length > 0 ? onlineWords(online, info.machines.length) : t('fleet.card.empty')}
      </p>
      {wallet ? (
        <p className={styles.wallet} data-testid="fleet-wallet">
          {wallet.join(' ')}
        </p>
      ) : null}
      {info.machines.length > 0 ? (
        <ul className={styles.list} aria-label={t('fleet.card.list')}>
          {info.machines.map((m) => (
            <MachineItem key={m.nodeId} machine={m} take={take} />
          ))}
        </ul>
      ) : null}
      <p className={common.note}>{t('fleet.card.note', { span: formatSpan(info.intervalMs / 1000) })}</p>
      {discovered ? (
        <p className={common.small} data-testid="fleet-discovered">
          {discovered}
        </p>
      ) : null}
    </Card>
  );
}
