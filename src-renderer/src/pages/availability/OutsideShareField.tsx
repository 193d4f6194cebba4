import { useId } from 'react';
import { formatShare } from '../../lib/schedule-grid';
import field from '../../components/ui/FieldShell.module.css';
import { useT } from '../../i18n/useT';
import type { Say } from '@shared/i18n/say';

/** The choices, their shares written as the person's locale writes a percentage. */
const options = (t: Say): { value: number; label: string }[] => [
  { value: 0, label: t('availability.outside.closedDefault') },
  { value: 0.25, label: t('availability.outside.share', { share: formatShare(0.25) }) },
  { value: 0.5, label: t('availability.outside.shareReference', { share: formatShare(0.5) }) },
  { value: 0.75, label: t('availability.outside.share', { share: formatShare(0.75) }) },
  { value: 1, label: t('availability.outside.all', { share: formatShare(1) }) },
];

interface Props {
  value: number;
  hasWindows: boolean;
  locked: boolean;
  onChange(share: number): void;
}

/** What the node offers at hours no window covers: closed unless the person chooses a share. */
export function OutsideShareField({ value, hasWindows, locked, onChange }: Props) {
  const t = useT();
  const id = useId();
  const hintId = useId();
  const standard = options(t);
  const choices = standard.some((o) => o.value === value)
    ? standard
    : [...standard, { value, label: t('availability.outside.share', { share: formatShare(value) }) }];
  return (
    <div className={field.field}>
      <label htmlFor={id}>{t('availability.outside.label')}</label>
      <select
        id={id}
        value={String(value)}
        data-testid="outside-share"
        aria-describedby={hintId}
        disabled={locked}
        onChange={(e) => {
          const picked = choices.find((o) => String(o.value) === e.target.value);
          if (picked) onChange(picked.value);
        }}
      >
        {choices.map((o) => (
          <option key={o.value} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
      <p id={hintId} className={field.hint}>
        {t('availability.outside.hint', { share: formatShare(0.5) })}{' '}
        {hasWindows ? t('availability.outside.appliesNow') : t('availability.outside.appliesLater')}
      </p>
    </div>
  );
}
