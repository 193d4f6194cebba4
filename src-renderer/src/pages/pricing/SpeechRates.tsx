import type { PricingInfo } from '@shared/contract';
import { speechRateWords } from '@shared/words/task-unit-words';
import styles from './ChargeCard.module.css';
import { useT } from '../../i18n/useT';

/**
 * What each speech intent the node offers earns in its own unit: the engine computes the figure from the receipt
 * rule, this only words it. Nothing when the node offers no speech intent.
 */
export function SpeechRates({ pricing }: { pricing: PricingInfo }) {
  const t = useT();
  const rates = pricing.speechRates ?? [];
  if (rates.length === 0) return null;
  return (
    <div data-testid="pricing-speech-rates">
      <h3 className={styles.subtitle}>{t('pricing.speech.title')}</h3>
      <ul className={styles.rates}>
        {rates.map((r) => (
          <li key={r.intent} data-testid="pricing-speech-rate" data-intent={r.intent} data-credits={r.credits}>
            {speechRateWords(t, r)}
          </li>
        ))}
      </ul>
    </div>
  );
}
