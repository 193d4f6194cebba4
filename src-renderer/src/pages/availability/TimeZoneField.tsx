import { useMemo, useState } from 'react';
import { FieldShell } from '../../components/ui/FieldShell';
import { browserTimeZone, isKnownZone, offsetLabel, timeZoneOptions } from '../../lib/zone-time';
import button from '../../components/ui/Button.module.css';
import styles from './TimeZoneField.module.css';
import { useT } from '../../i18n/useT';

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
  const t = useT();
  const browserZone = browserTimeZone();
  const options = useMemo(() => timeZoneOptions([value, saved]), [value, saved]);
  // Offsets only change with summer time: the moment the page opened is recent enough.
  const [now] = useState(() => Date.now());

  const hint = (
    <>
      <p>
        {t('availability.zone.hint', {
          offset: isKnownZone(value) ? offsetLabel(now, value) : t('availability.zone.unknown'),
        })}
      </p>
      {browserZone !== value ? (
        <p className={styles.differs} data-testid="timezone-differs">
          {t('availability.zone.differs', {
            browser: browserZone.replace(/_/g, ' '),
            offset: offsetLabel(now, browserZone),
            zone: value.replace(/_/g, ' '),
          })}{' '}
          {!locked ? (
            <button type="button" className={`${button.quiet} ${styles.use}`} onClick={() => onChange(browserZone)}>
              {t('availability.zone.use', { zone: browserZone.replace(/_/g, ' ') })}
            </button>
          ) : null}
        </p>
      ) : null}
    </>
  );

  return (
    <FieldShell label={t('availability.zone.label')} hint={hint} error={error}>
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
