import { useId } from 'react';
import type { PricingInfo } from '@shared/contract';
import { Fact } from '../../components/ui/Fact';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { LoadFailed } from '../../components/ui/LoadFailed';
import { HowWorkedOut } from './HowWorkedOut';
import { SpeechRates } from './SpeechRates';
import { pricingSummary } from './pricing-words';
import card from '../../components/ui/Card.module.css';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import styles from './ChargeCard.module.css';
import { useT } from '../../i18n/useT';

interface Props {
  pricing: PricingInfo | null;
  /** The node is registered with the directory now (before that it claims nothing). */
  registered: boolean;
  stale: boolean;
  error: string | null;
  onRetry(): void;
  connected: boolean;
}

/**
 * What a task earns now, in one sentence with its reason, the one status of the price, and the facts it rests on;
 * the rules and the directory's schedule wait behind "How is this worked out?".
 */
export function ChargeCard({ pricing: p, registered, stale, error, onRetry, connected }: Props) {
  const headingId = useId();
  const t = useT();
  const s = p ? pricingSummary(p, { registered }) : null;
  return (
    <section
      className={card.card}
      aria-labelledby={headingId}
      data-testid="pricing-charge"
      aria-busy={stale || undefined}
    >
      <h2 id={headingId} className={card.title}>
        {t('pricing.charge.title')}
      </h2>
      {!p || !s ? (
        error ? (
          <LoadFailed onRetry={onRetry}>{t('pricing.charge.loadFailed', { error })}</LoadFailed>
        ) : (
          <p className={common.muted} role="status">
            {connected ? t('pricing.charge.reading') : t('pricing.charge.connecting')}
          </p>
        )
      ) : (
        <>
          <p className={styles.lead} data-testid="pricing-lead" data-earns={s.earns}>
            {s.lead}
          </p>
          <p className={styles.status} data-testid="pricing-status" data-kind={s.status.kind}>
            <StatusBadge tone={s.status.tone}>{s.status.label}</StatusBadge>
          </p>
          {s.billingNote ? (
            <p className={styles.note} data-testid="pricing-billing-note">
              {s.billingNote}
            </p>
          ) : null}
          <dl className={`${fact.grid} ${styles.facts}`}>
            <Fact label={t('pricing.charge.modelSize')}>
              <span data-testid="pricing-model-size" data-tier={p.tier.name} className={styles.size}>
                <span>{s.size}</span>{' '}
                {p.tier.model ? (
                  <span className={styles.token} title={p.tier.model}>
                    ({p.tier.model})
                  </span>
                ) : (
                  <span className={common.muted}>({s.sizeFrom})</span>
                )}
              </span>
            </Fact>
            <Fact label={t('pricing.charge.yourPrice')}>
              <span data-testid="pricing-declared">{s.yourPrice}</span>
            </Fact>
            <Fact label={t('pricing.charge.sizeLimit')}>
              <span data-testid="pricing-size-limit">{s.sizeLimit}</span>
            </Fact>
          </dl>
          <SpeechRates pricing={p} />
          <HowWorkedOut pricing={p} />
        </>
      )}
    </section>
  );
}
