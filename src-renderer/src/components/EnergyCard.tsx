import type { EarningsInfo, EarningsReport } from '@shared/contract';
import {
  creditsHaveNoValue,
  energySourceSentence,
  energyTodaySentence,
  energyWithCost,
} from '@shared/words/energy-words';
import { formatCount, personLocale } from '../format';
import { routeHref } from '../routes';
import { Card } from './ui/Card';
import { useT } from '../i18n/useT';
import { Words } from '../i18n/Words';
import common from './ui/common.module.css';
import styles from './EnergyCard.module.css';

/**
 * What serving cost in power: today in one sentence (the same one the Pricing page shows), the chosen period beside
 * it, where the figures come from, and that credits are not money. From the node's ledger, so it holds after a
 * restart; the cost is worked out at the price the person entered.
 */
export function EnergyCard({ earnings, report }: { earnings: EarningsInfo | null; report: EarningsReport | null }) {
  // An older host may send no energy block: the card then says nothing rather than a wrong 0.
  const t = useT();
  const energy = earnings?.energy ?? null;
  if (!earnings || !energy) return null;
  const totals = report?.totals ?? null;
  return (
    <Card title={t('components.energy.title')}>
      <p
        className={styles.today}
        data-testid="energy-today"
        data-energy-j={earnings.today.energyJ}
        data-tasks={earnings.today.energyTasks}
      >
        {energyTodaySentence(earnings.today, energy, personLocale())}
      </p>
      {totals && report && report.days > 1 && totals.energyTasks > 0 ? (
        <p data-testid="energy-period" data-energy-j={totals.energyJ}>
          {t('components.energy.period', {
            days: report.days,
            dayCount: formatCount(report.days),
            energy: energyWithCost(totals.energyJ, energy, personLocale()),
            tasks: totals.jobs,
            taskCount: formatCount(totals.jobs),
          })}
        </p>
      ) : null}
      <p className={common.muted} data-testid="energy-source" data-source={energy.source}>
        {energySourceSentence(energy, personLocale())}
      </p>
      {energy.pricePerKwh === null ? (
        <p className={common.muted}>
          <Words id="components.energy.noPrice" tags={{ link: (c) => <a href={routeHref('settings')}>{c}</a> }} />
        </p>
      ) : null}
      <p className={`${common.note} ${styles.note}`} data-testid="credits-no-value">
        {creditsHaveNoValue()}
      </p>
    </Card>
  );
}
