import { FieldShell } from './FieldShell';

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
  /** The select's id, for links and focus from elsewhere on the page. */
  id?: string;
  /** Not usable right now (nothing to choose from), without the "fixed" note. */
  disabled?: boolean;
}

/** A labelled <select> whose hint, error and "fixed" note are tied to it, like TextField. */
export function SelectField<V extends string>({
  label,
  value,
  options,
  onChange,
  hint,
  error,
  fixed = false,
  testId,
  className,
  id,
  disabled = false,
}: Props<V>) {
  return (
    <FieldShell label={label} hint={hint} error={error} fixed={fixed} className={className} id={id}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          value={value}
          disabled={fixed || disabled || undefined}
          data-testid={testId}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => {
            if (fixed || disabled) return;
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
      )}
    </FieldShell>
  );
}
