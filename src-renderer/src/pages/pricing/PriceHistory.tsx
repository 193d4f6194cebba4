import type { PricingInfo } from '@shared/contract';
import { formatFullTimestamp, formatTimestamp } from '../../format';
import { Card } from '../../components/ui/Card';
import { DataTable, type Column } from '../../components/ui/DataTable';
import { billingLabel, historyRows, times } from './pricing-words';
import common from '../../components/ui/common.module.css';
import table from '../../components/ui/Table.module.css';
import type { Say } from '@shared/i18n/say';
import { useT } from '../../i18n/useT';

const columns = (t: Say): readonly Column[] => [
  { label: t('pricing.history.since') },
  { label: t('pricing.history.price'), className: table.num },
  { label: t('pricing.history.billing') },
  { label: t('pricing.history.source') },
];

/** Every price the node declared or the directory held, newest first: so earnings can be explained later. */
export function PriceHistory({ pricing }: { pricing: PricingInfo | null }) {
  const t = useT();
  const rows = pricing ? historyRows(pricing.history) : null;
  return (
    <Card title={t('pricing.history.title')}>
      <DataTable
        columns={columns(t)}
        rows={rows}
        loading={t('pricing.history.reading')}
        empty={
          <p className={common.empty} data-testid="pricing-history" data-rows="0">
            {t('pricing.history.empty')}
          </p>
        }
        testId="pricing-history"
        data={{ 'data-rows': rows?.length ?? 0 }}
        row={(h, i) => (
          <tr
            key={`${h.at}|${h.source}|${i}`}
            data-testid="pricing-history-row"
            data-source={h.source}
            data-multiplier={h.multiplier}
          >
            <td>
              <time dateTime={h.at} title={formatFullTimestamp(h.at)}>
                {formatTimestamp(h.at)}
              </time>
            </td>
            <td className={table.num}>{times(h.multiplier)}</td>
            <td>{billingLabel(h.model)}</td>
            <td>{h.sourceWords}</td>
          </tr>
        )}
      />
    </Card>
  );
}
