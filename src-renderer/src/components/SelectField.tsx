import { useId } from 'react';
import { FixedNote } from './FixedNote';

interface Props<V extends string> {
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange(value: V): void;
  hint?: string;
  error?: string | undefined;
  /** Fixed for this run by the host (a command-line flag or environment variable): disabled, with a note saying so. */
  fixed?: boolean;
  testId?: string;
  className?: string;
}

/** A labelled <select> whose hint, error and "fixed" note are tied to it, like TextField. */
export function SelectField<V extends string>({ label, value, options, onChange, hint, error, fixed = false, testId, className }: Props<V>) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const fixedId = `${id}-fixed`;
  const describedBy = [error ? errorId : null, fixed ? fixedId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  const classes = ['field', fixed ? 'field-is-fixed' : null, className].filter(Boolean).join(' ');
  return (
    <div className={classes} data-fixed={fixed || undefined}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={fixed || undefined}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => {
          if (fixed) return;
          const picked = options.find((o) => o.value === e.target.value);
          if (picked) onChange(picked.value);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      {fixed ? <FixedNote id={fixedId} /> : null}
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
