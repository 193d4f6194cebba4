import type { PricingInfo } from '@shared/contract';
import { formatFullTimestamp, formatTimestamp } from '../../format';
import { Card } from '../../components/ui/Card';
import { billingLabel, historyRows, times } from './pricing-words';
import common from '../../components/ui/common.module.css';
import table from '../../components/ui/Table.module.css';

/** Every price the node declared or the directory held, newest first: so earnings can be explained later. */
export function PriceHistory({ pricing }: { pricing: PricingInfo | null }) {
  const rows = pricing ? historyRows(pricing.history) : [];
  return (
    <Card title="Price history">
      {!pricing ? (
        <p className={common.muted} role="status">
          Reading…
        </p>
      ) : rows.length === 0 ? (
        <p className={common.empty} data-testid="pricing-history" data-rows="0">
          No price recorded yet. Each change you save, and each price the directory confirms, is kept here.
        </p>
      ) : (
        <div className={table.wrap}>
          <table className={table.table} data-testid="pricing-history" data-rows={rows.length}>
            <thead>
              <tr>
                <th scope="col">
                  Since
                </th>
                <th scope="col" className={table.num}>
                  Price
                </th>
                <th scope="col">Billing</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((h, i) => (
                <tr key={`${h.at}|${h.source}|${i}`} data-testid="pricing-history-row" data-source={h.source} data-multiplier={h.multiplier}>
                  <td>
                    <time dateTime={h.at} title={formatFullTimestamp(h.at)}>
                      {formatTimestamp(h.at)}
                    </time>
                  </td>
                  <td className={table.num}>{times(h.multiplier)}</td>
                  <td>{billingLabel(h.model)}</td>
                  <td>{h.sourceWords}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
