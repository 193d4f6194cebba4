import { useState } from 'react';
import type { NodeSnapshot } from '@shared/contract';
import { PageHeader } from '../../components/ui/PageHeader';
import { DirectoryBooks } from './DirectoryBooks';
import { EarnedSpentCard } from './EarnedSpentCard';
import { EarningsChart } from './EarningsChart';
import { EarningsTotals } from './EarningsTotals';
import { EnergyCard } from '../../components/EnergyCard';
import { LedgerCard } from './LedgerCard';
import { ModelBreakdown } from './ModelBreakdown';
import { OperatorWalletCard } from './OperatorWalletCard';
import { ReconciliationCard } from './ReconciliationCard';
import { StandingCard } from './StandingCard';
import { TransactionsCard } from './TransactionsCard';
import { VerificationCard } from './VerificationCard';
import { useEarningsReport, type RangeDays } from './useEarningsReport';
import { useProviderStore } from '../../store';
import { CardGrid } from '../../components/ui/Card';
import { useT } from '../../i18n/useT';

const NO_MODELS: string[] = [];

/**
 * The period's totals and its days; what was earned beside what this computer's apps spent; the directory's books, the
 * operator's pooled wallet and the node's standing
 * there; the awards checked against the directory's signed record; per model; every task
 * with its receipt; and the directory's own transactions. Local numbers come from the node's ledger and are
 * always current; directory numbers are as of their last sync, and say so.
 */
export function Earnings() {
  const t = useT();
  const [days, setDays] = useState<RangeDays>(7);
  const report = useEarningsReport(days);
  const snapshot = useProviderStore((s) => s.snapshot);
  // An older host (or a test's stand-in) may send no earnings block.
  const earnings = (snapshot?.earnings as NodeSnapshot['earnings'] | undefined) ?? null;
  const models = report.report?.perModel.map((m) => m.model) ?? NO_MODELS;

  return (
    <>
      <PageHeader title={t('earnings.page.title')} subtitle={t('earnings.page.subtitle')} />
      <EarningsTotals
        report={report.report}
        stale={report.stale}
        error={report.error}
        days={days}
        onDaysChange={setDays}
        onRetry={report.reload}
        earnings={earnings}
      />
      <EarningsChart report={report.report} stale={report.stale} />
      <EarnedSpentCard report={report.report} />
      <CardGrid>
        <DirectoryBooks earnings={earnings} link={snapshot?.directory.link ?? null} />
        <OperatorWalletCard
          earnings={earnings}
          operator={(snapshot?.operator as NodeSnapshot['operator'] | undefined) ?? null}
        />
        <StandingCard earnings={earnings} link={snapshot?.directory.link ?? null} />
      </CardGrid>
      <VerificationCard />
      <EnergyCard earnings={earnings} report={report.report} />
      <ReconciliationCard report={report.report} />
      <ModelBreakdown report={report.report} />
      <LedgerCard models={models} />
      <TransactionsCard report={report.report} asOf={earnings?.asOf ?? null} />
    </>
  );
}
