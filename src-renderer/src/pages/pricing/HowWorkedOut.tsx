import type { PricingInfo } from '@shared/contract';
import { formatAt, formatCount, formatFullTimestamp } from '../../format';
import { formatMultiplier } from '../../words/earnings-words';
import { Quoted } from '../../components/ui/Quoted';
import { credits, explanation, times } from './pricing-words';
import { Pill } from '../../components/ui/Pill';
import table from '../../components/ui/Table.module.css';
import common from '../../components/ui/common.module.css';
import disclosure from '../../components/ui/Disclosure.module.css';
import styles from './HowWorkedOut.module.css';

const K = formatCount(1000);

/**
 * "How is this worked out?": the receipt rule, the size limit and the directory's schedule of costs, as sentences with
 * the node's own numbers; the formulas only for the curious, each behind its own label. Closed until asked for.
 */
export function HowWorkedOut({ pricing }: { pricing: PricingInfo }) {
  const e = explanation(pricing);
  return (
    <details className={`${disclosure.details} ${disclosure.strong} ${styles.how}`} data-testid="pricing-how">
      <summary>How is this worked out?</summary>
      <div className={styles.body}>
        <section className={styles.part} aria-label="What a receipt claims">
          {e.receipt.map((sentence) => (
            <p key={sentence}>{sentence}</p>
          ))}
          <details className={styles.formula} data-testid="pricing-formula">
            <summary>For the curious: the same rule as a formula</summary>
            <code>{e.formula}</code>
          </details>
        </section>
        <section className={styles.part} aria-label="Your model size">
          <p>{e.size}</p>
          {e.listing ? <p data-testid="pricing-listing">{e.listing}</p> : null}
        </section>
        {e.schedule ? (
          <section className={styles.part} aria-label="The directory’s schedule of costs" data-testid="pricing-schedule" data-fetched="true">
            <p>{e.schedule.text}</p>
            <div className={table.wrap}>
              <table className={`${table.table} ${styles.tiers}`}>
                <caption className={common.visuallyHidden}>What a task of {K} tokens costs by model size, at your price</caption>
                <thead>
                  <tr>
                    <th scope="col">Model size</th>
                    <th scope="col" className={table.num}>
                      Size weight
                    </th>
                    <th scope="col" className={table.num}>
                      Your price for that size
                    </th>
                    <th scope="col" className={table.num}>
                      {K} tokens cost
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {e.schedule.rows.map((r) => (
                    <tr key={r.tier} className={r.mine ? styles.mine : undefined} data-testid="pricing-tier-row" data-tier={r.tier} aria-current={r.mine ? 'true' : undefined}>
                      <th scope="row">
                        {r.size}{' '}
                        {r.mine ? (
                          <Pill tone="kind" className={styles.pill}>
                            your models
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
              The directory sent this schedule{' '}
              <time dateTime={e.schedule.asOf} title={formatFullTimestamp(e.schedule.asOf)}>
                {formatAt(e.schedule.asOf)}
              </time>
              .
            </p>
            {e.schedule.formula ? (
              <details className={styles.formula} data-testid="pricing-directory-formula">
                <summary>For the curious: the directory’s formula, as it writes it</summary>
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
