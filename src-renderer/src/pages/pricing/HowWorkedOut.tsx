import type { PricingInfo } from '@shared/contract';
import { formatAt, formatCount, formatFullTimestamp } from '../../format';
import { formatMultiplier } from '../../words/earnings-words';
import { Quoted } from '../../components/ui/Quoted';
import { explanation } from './pricing-explanation';
import { credits, times } from './pricing-words';
import { Pill } from '../../components/ui/Pill';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import table from '../../components/ui/Table.module.css';
import common from '../../components/ui/common.module.css';
import disclosure from '../../components/ui/Disclosure.module.css';
import styles from './HowWorkedOut.module.css';

/**
 * "How is this worked out?": the receipt rule, the size limit and the directory's schedule of costs, as sentences with
 * the node's own numbers; the formulas only for the curious, each behind its own label. Closed until asked for.
 */
export function HowWorkedOut({ pricing }: { pricing: PricingInfo }) {
  const t = useT();
  const e = explanation(pricing);
  const K = formatCount(1000);
  return (
    <details className={`${disclosure.details} ${disclosure.strong} ${styles.how}`} data-testid="pricing-how">
      <summary>{t('pricing.how.title')}</summary>
      <div className={styles.body}>
        <section className={styles.part} aria-label={t('pricing.how.receiptPart')}>
          {e.receipt.map((sentence) => (
            <p key={sentence}>{sentence}</p>
          ))}
          <details className={styles.formula} data-testid="pricing-formula">
            <summary>{t('pricing.how.formula')}</summary>
            <code>{e.formula}</code>
          </details>
        </section>
        <section className={styles.part} aria-label={t('pricing.how.sizePart')}>
          <p>{e.size}</p>
          {e.listing ? <p data-testid="pricing-listing">{e.listing}</p> : null}
        </section>
        {e.schedule ? (
          <section
            className={styles.part}
            aria-label={t('pricing.how.schedulePart')}
            data-testid="pricing-schedule"
            data-fetched="true"
          >
            <p>{e.schedule.text}</p>
            <div className={table.wrap}>
              <table className={`${table.table} ${styles.tiers}`}>
                <caption className={common.visuallyHidden}>{t('pricing.how.tableCaption', { tokens: K })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('pricing.how.colSize')}</th>
                    <th scope="col" className={table.num}>
                      {t('pricing.how.colWeight')}
                    </th>
                    <th scope="col" className={table.num}>
                      {t('pricing.how.colPrice')}
                    </th>
                    <th scope="col" className={table.num}>
                      {t('pricing.how.colCost', { tokens: K })}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {e.schedule.rows.map((r) => (
                    <tr
                      key={r.tier}
                      className={r.mine ? styles.mine : undefined}
                      data-testid="pricing-tier-row"
                      data-tier={r.tier}
                      aria-current={r.mine ? 'true' : undefined}
                    >
                      <th scope="row">
                        {r.size}{' '}
                        {r.mine ? (
                          <Pill tone="kind" className={styles.pill}>
                            {t('pricing.how.yourModels')}
                          </Pill>
                        ) : null}
                      </th>
                      <td className={table.num}>{formatMultiplier(r.weight)}</td>
                      <td className={table.num}>{times(r.price)}</td>
                      <td className={table.num}>{credits(r.cost)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p data-testid="pricing-rows-note">{e.schedule.rowsNote}</p>
            <p className={styles.formula}>
              <Words
                id="pricing.how.sentAt"
                values={{ at: formatAt(e.schedule.asOf) }}
                tags={{
                  time: (c) => (
                    <time
                      dateTime={e.schedule?.asOf}
                      title={e.schedule ? formatFullTimestamp(e.schedule.asOf) : undefined}
                    >
                      {c}
                    </time>
                  ),
                }}
              />
            </p>
            {e.schedule.formula ? (
              <details className={styles.formula} data-testid="pricing-directory-formula">
                <summary>{t('pricing.how.directoryFormula')}</summary>
                <Quoted text={e.schedule.formula} />
              </details>
            ) : null}
          </section>
        ) : (
          <p className={styles.part} data-testid="pricing-schedule" data-fetched="false">
            {e.noSchedule}
          </p>
        )}
      </div>
    </details>
  );
}
