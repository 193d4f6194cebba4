import { useMemo, useState } from 'react';
import { FieldShell } from '../../components/ui/FieldShell';
import { browserTimeZone, isKnownZone, offsetLabel, timeZoneOptions } from '../../lib/zone-time';
import button from '../../components/ui/Button.module.css';
import styles from './TimeZoneField.module.css';

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
  const browserZone = browserTimeZone();
  const options = useMemo(() => timeZoneOptions([value, saved]), [value, saved]);
  // Offsets only change with summer time: the moment the page opened is recent enough.
  const [now] = useState(() => Date.now());

  const hint = (
    <>
      <p>
        Your windows are clock times in this zone ({isKnownZone(value) ? offsetLabel(now, value) : 'unknown to this browser'} now). Choosing
        another zone keeps the times and moves them to its clock; summer time changes are followed by themselves.
      </p>
      {browserZone !== value ? (
        <p className={styles.differs} data-testid="timezone-differs">
          This browser is set to {browserZone.replace(/_/g, ' ')} ({offsetLabel(now, browserZone)}), not {value.replace(/_/g, ' ')}: the
          times on this page are {value.replace(/_/g, ' ')} times.{' '}
          {!locked ? (
            <button type="button" className={`${button.quiet} ${styles.use}`} onClick={() => onChange(browserZone)}>
              Use {browserZone.replace(/_/g, ' ')}
            </button>
          ) : null}
        </p>
      ) : null}
    </>
  );

  return (
    <FieldShell label="Time zone" hint={hint} error={error}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          value={value}
          data-testid="timezone-select"
          aria-describedby={describedBy}
          aria-invalid={invalid}
          disabled={locked}
          onChange={(e) => onChange(e.target.value)}
        >
          {options.map((tz) => (
            <option key={tz} value={tz}>
              {tz.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}
