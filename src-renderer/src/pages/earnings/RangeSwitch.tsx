import { useId } from 'react';
import { RANGES, type RangeDays } from './useEarningsReport';
import { useT } from '../../i18n/useT';
import common from '../../components/ui/common.module.css';
import styles from './RangeSwitch.module.css';

/** 7, 30 or 90 days: radio buttons drawn as one segmented control (arrow keys move between them). */
export function RangeSwitch({ days, onChange }: { days: RangeDays; onChange(days: RangeDays): void }) {
  const name = useId();
  const t = useT();
  return (
    <fieldset className={styles.switch} data-testid="earnings-range" data-days={days}>
      <legend className={common.visuallyHidden}>{t('earnings.range.legend')}</legend>
      {RANGES.map((d) => (
        <label key={d} className={styles.option}>
          <input
            type="radio"
            className={common.drawnInput}
            name={name}
            value={d}
            checked={days === d}
            onChange={() => onChange(d)}
          />
          <span>{t('earnings.range.days', { days: d })}</span>
        </label>
      ))}
    </fieldset>
  );
}
