import { useId } from 'react';
import { formatShare } from '../../lib/schedule-grid';
import field from '../../components/ui/FieldShell.module.css';

/** The choices, their shares written as the person's locale writes a percentage. */
const options = (): { value: number; label: string }[] => [
  { value: 0, label: 'closed (default)' },
  { value: 0.25, label: `${formatShare(0.25)} of your slots` },
  { value: 0.5, label: `${formatShare(0.5)} of your slots (the reference node's setting)` },
  { value: 0.75, label: `${formatShare(0.75)} of your slots` },
  { value: 1, label: `${formatShare(1)}: all your slots` },
];

interface Props {
  value: number;
  hasWindows: boolean;
  locked: boolean;
  onChange(share: number): void;
}

/** What the node offers at hours no window covers: closed unless the person chooses a share. */
export function OutsideShareField({ value, hasWindows, locked, onChange }: Props) {
  const id = useId();
  const hintId = useId();
  const standard = options();
  const choices = standard.some((o) => o.value === value) ? standard : [...standard, { value, label: `${formatShare(value)} of your slots` }];
  return (
    <div className={field.field}>
      <label htmlFor={id}>Outside your windows</label>
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
        The IICP reference node offers {formatShare(0.5)} of its slots outside its windows; this app keeps your node closed there unless you choose a
        share here.{' '}
        {hasWindows ? 'It applies at every hour that is not in one of your windows.' : 'It applies once you have painted at least one window.'}
      </p>
    </div>
  );
}
