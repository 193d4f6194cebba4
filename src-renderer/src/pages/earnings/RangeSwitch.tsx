import { useId } from 'react';
import { RANGES, type RangeDays } from './useEarningsReport';

/** 7, 30 or 90 days: radio buttons drawn as one segmented control (arrow keys move between them). */
export function RangeSwitch({ days, onChange }: { days: RangeDays; onChange(days: RangeDays): void }) {
  const name = useId();
  return (
    <fieldset className="range-switch" data-testid="earnings-range" data-days={days}>
      <legend className="visually-hidden">Period</legend>
      {RANGES.map((d) => (
        <label key={d} className="range-option">
          <input type="radio" name={name} value={d} checked={days === d} onChange={() => onChange(d)} />
          <span>{d} days</span>
        </label>
      ))}
    </fieldset>
  );
}
