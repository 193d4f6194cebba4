import type { PricingInfo } from '../../../../src-preload/contract';
import { formatCount, formatFullTimestamp, formatTimestamp } from '../../format';
import { Card } from '../Card';
import { formatCredits, formatMultiplier, TIER_RANGES, tierLabel } from '../earnings/earnings-words';
import { storedMultiplier } from './pricing-logic';

/** The network's credit schedule as the directory publishes it (GET /v1/stats), with the node's tier marked. */
export function ScheduleCard({ pricing }: { pricing: PricingInfo | null }) {
  const schedule = pricing?.schedule ?? null;
  const tiers = schedule ? Object.entries(schedule.tierWeights).sort((a, b) => a[1] - b[1]) : [];
  const declared = pricing?.declared.multiplier ?? null;
  return (
    <Card title="The network’s credit schedule">
      {!schedule ? (
        <p className="empty" data-testid="pricing-schedule" data-fetched="false">
          Not fetched yet. The node reads the schedule from the directory when it syncs your earnings, once it is registered.
        </p>
      ) : (
        <div className="schedule-body" data-testid="pricing-schedule" data-fetched="true">
          <p>What a consumer pays for a task, as the directory computes it:</p>
          <p className="formula">
            <code className="break">{schedule.formula}</code>
          </p>
          <p className="small muted">
            1 credit buys {formatCount(schedule.tokensPerCredit)} output tokens at weight 1 and multiplier 1. A bigger model’s tokens cost more: your
            node’s largest model decides its tier. The last column is what 1000 output tokens would cost at your multiplier (capped at 3 × the tier’s
            weight). Fetched{' '}
            <time dateTime={schedule.asOf} title={formatFullTimestamp(schedule.asOf)}>
              {formatTimestamp(schedule.asOf)}
            </time>
            .
          </p>
          <div className="table-wrap">
            <table className="table table-tiers">
              <thead>
                <tr>
                  <th scope="col">Tier</th>
                  <th scope="col">Model size</th>
                  <th scope="col" className="num">
                    Weight
                  </th>
                  <th scope="col" className="num">
                    At your multiplier
                  </th>
                </tr>
              </thead>
              <tbody>
                {tiers.map(([name, weight]) => {
                  const mine = pricing?.tier.name === name;
                  return (
                    <tr key={name} className={mine ? 'row-mine' : undefined} data-testid="pricing-tier-row" data-tier={name} aria-current={mine ? 'true' : undefined}>
                      <th scope="row">
                        {tierLabel(name)} {mine ? <span className="pill pill-kind">your tier</span> : null}
                      </th>
                      <td className="muted">{TIER_RANGES[name] ?? '—'}</td>
                      <td className="num">{formatMultiplier(weight)}</td>
                      <td className="num" title="tier weight × min(your multiplier, 3 × tier weight)">
                        {declared === null ? '—' : formatCredits(weight * storedMultiplier(declared, weight))}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </Card>
  );
}
