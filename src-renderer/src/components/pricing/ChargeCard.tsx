import { useId, type ReactNode } from 'react';
import type { PricingInfo } from '../../../../src-preload/contract';
import { formatTimestamp } from '../../format';
import { Fact } from '../Fact';
import { StatusBadge } from '../StatusBadge';
import { formatCredits, formatMultiplier, PRICING_MODEL_WORDS, tierLabel } from '../earnings/earnings-words';
import { InfoTip } from '../earnings/InfoTip';

const TIER_HELP =
  'The directory sorts nodes into tiers by the size of their largest model, read from the model names (for example “7b” or “70b”); a name without a size counts as 7B. Bigger tiers have a higher weight, so each of their tokens costs, and earns, more.';

interface Props {
  pricing: PricingInfo | null;
  stale: boolean;
  error: string | null;
  onRetry(): void;
  connected: boolean;
}

/**
 * What the directory will charge consumers for the node's largest model: its tier and weight, the ceiling on the
 * declared multiplier, the multiplier the directory holds, the resulting price per 1000 tokens, and whether the
 * directory has accepted the current declaration.
 */
export function ChargeCard({ pricing: p, stale, error, onRetry, connected }: Props) {
  const headingId = useId();
  const inForce = p ? (p.directoryMultiplier ?? p.ceiling) : 0;
  // The sum is only spelled out when it gives the engine's price (it knows which multiplier is in force).
  const consistent = p !== null && Math.abs(p.tier.weight * inForce - p.pricePer1000) < 1e-6;
  return (
    <section className="card status-card charge-card" aria-labelledby={headingId} data-testid="pricing-charge" aria-busy={stale || undefined}>
      <div className="status-main">
        <h2 id={headingId} className="card-title">
          What the directory charges
        </h2>
        {!p ? (
          error ? (
            <div role="alert" className="stack">
              <p>Your price could not be read: {error}</p>
              <button type="button" className="button" onClick={onRetry}>
                Try again
              </button>
            </div>
          ) : (
            <p className="muted" role="status">
              {connected ? 'Reading your price…' : 'Connecting to the node…'}
            </p>
          )
        ) : (
          <>
            <p className="status-state charge-headline" data-testid="pricing-price" data-value={p.pricePer1000}>
              {formatCredits(p.pricePer1000)} <span className="charge-unit">{p.pricePer1000 === 1 ? 'credit' : 'credits'} per 1000 output tokens</span>
            </p>
            <p>
              For {p.tier.model ? <code className="break">{p.tier.model}</code> : 'your models'}
              {consistent ? (
                <>
                  : tier weight {formatMultiplier(p.tier.weight)} × multiplier {formatMultiplier(inForce)}
                  {p.directoryMultiplier === null ? ' (what the directory will store; it has not confirmed it yet)' : ' (as the directory holds it)'}.
                </>
              ) : (
                `, ${tierLabel(p.tier.name)} tier.`
              )}
            </p>
            <p className="charge-accepted" data-testid="pricing-accepted" data-accepted={p.declarationAccepted ? 'true' : 'false'}>
              {p.declarationAccepted ? (
                <StatusBadge tone="ok">The directory accepted your declaration</StatusBadge>
              ) : (
                <StatusBadge tone="neutral">Not accepted by the directory yet</StatusBadge>
              )}
            </p>
            {p.directoryMultiplier !== null && Math.abs(p.directoryMultiplier - p.ceiling) > 1e-9 ? (
              <p className="small" data-testid="pricing-directory-differs">
                The directory held {formatMultiplier(p.directoryMultiplier)} when the node last read its books
                {p.schedule ? ` (${formatTimestamp(p.schedule.asOf)})` : ''}; your price of {formatMultiplier(p.ceiling)} applies once the directory has
                accepted it, and shows here after the next read.
              </p>
            ) : null}
            <p className="small muted">
              {p.declarationAccepted
                ? 'Your signed price is on record there; a change you save here is sent with the next heartbeat.'
                : 'Your node signs the price and sends it when it registers, and later changes with a heartbeat. Until the directory accepts one, it uses the price it already holds, or its default.'}
            </p>
          </>
        )}
      </div>
      {p ? (
        <dl className="facts facts-grid facts-grid-plain charge-facts">
          <Fact label="Largest model">{p.tier.model ? <span className="break">{p.tier.model}</span> : <span className="muted">no size in the names</span>}</Fact>
          <Fact label="Tier">
            <span className="th-with-tip">
              <span data-testid="pricing-tier" data-tier={p.tier.name} data-weight={p.tier.weight}>
                {tierLabel(p.tier.name)}, weight {formatMultiplier(p.tier.weight)}
              </span>
              <InfoTip label="What the tier means">{TIER_HELP}</InfoTip>
            </span>
          </Fact>
          <Fact label="You declared">
            {formatMultiplier(p.declared.multiplier)}
            {p.declared.model !== 'per_token' ? <span className="muted"> · {PRICING_MODEL_WORDS[p.declared.model]}</span> : null}
          </Fact>
          <Fact label="Ceiling">
            <span data-testid="pricing-charge-ceiling" data-value={p.ceiling}>
              min({formatMultiplier(p.declared.multiplier)}, 3 × {formatMultiplier(p.tier.weight)}) = {formatMultiplier(p.ceiling)}
            </span>
          </Fact>
          <Fact label="Directory holds">
            <span data-testid="pricing-directory-holds" data-value={p.directoryMultiplier ?? ''} data-listed={p.directory ? String(p.directory.listed) : ''}>
              {directoryHolds(p)}
            </span>
          </Fact>
        </dl>
      ) : null}
    </section>
  );
}

/**
 * The multiplier the directory's public registry shows for the node, with "(capped)" when the declaration was above
 * the tier ceiling and the directory holds the ceiling; the registry lists a node only while it offers work.
 */
function directoryHolds(p: PricingInfo): ReactNode {
  const when = p.directory ? ` (read ${formatTimestamp(p.directory.asOf)})` : '';
  if (p.directoryMultiplier === null) {
    if (p.directory && !p.directory.listed) return <span className="muted">not listed right now: the directory shows a node only while it offers work{when}</span>;
    return <span className="muted">not known yet</span>;
  }
  const capped = p.capped && Math.abs(p.directoryMultiplier - p.ceiling) < 1e-9;
  return (
    <>
      {formatMultiplier(p.directoryMultiplier)}
      {capped ? ' (capped)' : ''}
      <span className="muted small">{when}</span>
    </>
  );
}
