import type { EarningsInfo, EarningsReport } from '@shared/contract';
import { CREDITS_HAVE_NO_VALUE, energySourceSentence, energyTodaySentence, energyWithCost } from '@shared/words/energy-words';
import { formatCount, personLocale } from '../format';
import { routeHref } from '../routes';
import { Card } from './ui/Card';
import common from './ui/common.module.css';
import styles from './EnergyCard.module.css';

/**
 * What serving cost in power: today in one sentence (the same one the Pricing page shows), the chosen period beside
 * it, where the figures come from, and that credits are not money. From the node's ledger, so it holds after a
 * restart; the cost is worked out at the price the person entered.
 */
export function EnergyCard({ earnings, report }: { earnings: EarningsInfo | null; report: EarningsReport | null }) {
  // An older host may send no energy block: the card then says nothing rather than a wrong 0.
  const energy = earnings?.energy ?? null;
  if (!earnings || !energy) return null;
  const totals = report?.totals ?? null;
  return (
    <Card title="Power and its cost">
      <p className={styles.today} data-testid="energy-today" data-energy-j={earnings.today.energyJ} data-tasks={earnings.today.energyTasks}>
        {energyTodaySentence(earnings.today, energy, personLocale())}
      </p>
      {totals && report && report.days > 1 && totals.energyTasks > 0 ? (
        <p data-testid="energy-period" data-energy-j={totals.energyJ}>
          Last {formatCount(report.days)} days: {energyWithCost(totals.energyJ, energy, personLocale())} for {formatCount(totals.jobs)} {totals.jobs === 1 ? 'task' : 'tasks'}.
        </p>
      ) : null}
      <p className={common.muted} data-testid="energy-source" data-source={energy.source}>
        {energySourceSentence(energy, personLocale())}
      </p>
      {energy.pricePerKwh === null ? (
        <p className={common.muted}>
          To see what it costs, enter your electricity price in <a href={routeHref('settings')}>Settings</a>.
        </p>
      ) : null}
      <p className={`${common.note} ${styles.note}`} data-testid="credits-no-value">
        {CREDITS_HAVE_NO_VALUE}
      </p>
    </Card>
  );
}
