import { useId, useMemo, useState } from 'react';
import { browserTimeZone, isKnownZone, offsetLabel, timeZoneOptions } from './zone-time';

interface Props {
  value: string;
  /** The zone stored with the schedule (kept in the list even if this browser does not know it). */
  saved: string;
  error: string | null;
  locked: boolean;
  onChange(timeZone: string): void;
}

/** The zone the windows are written in; defaults to the stored one and says when this browser's differs. */
export function TimeZoneField({ value, saved, error, locked, onChange }: Props) {
  const id = useId();
  const hintId = useId();
  const errorId = useId();
  const browserZone = browserTimeZone();
  const options = useMemo(() => timeZoneOptions([value, saved]), [value, saved]);
  // Offsets only change with summer time: the moment the page opened is recent enough.
  const [now] = useState(() => Date.now());
  const describedBy = [error ? errorId : null, hintId].filter(Boolean).join(' ');

  return (
    <div className="field">
      <label htmlFor={id}>Time zone</label>
      <select
        id={id}
        value={value}
        data-testid="timezone-select"
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        disabled={locked}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((tz) => (
          <option key={tz} value={tz}>
            {tz.replace(/_/g, ' ')}
          </option>
        ))}
      </select>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      <div id={hintId} className="field-hint">
        <p>
          Your windows are clock times in this zone ({isKnownZone(value) ? offsetLabel(now, value) : 'unknown to this browser'} now). Choosing
          another zone keeps the times and moves them to its clock; summer time changes are followed by themselves.
        </p>
        {browserZone !== value ? (
          <p className="tz-differs" data-testid="timezone-differs">
            This browser is set to {browserZone.replace(/_/g, ' ')} ({offsetLabel(now, browserZone)}), not {value.replace(/_/g, ' ')}: the
            times on this page are {value.replace(/_/g, ' ')} times.{' '}
            {!locked ? (
              <button type="button" className="button button-quiet" onClick={() => onChange(browserZone)}>
                Use {browserZone.replace(/_/g, ' ')}
              </button>
            ) : null}
          </p>
        ) : null}
      </div>
    </div>
  );
}
