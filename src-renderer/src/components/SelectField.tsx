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
}

/** A labelled <select> whose hint, error and "fixed" note are tied to it, like TextField. */
export function SelectField<V extends string>({ label, value, options, onChange, hint, error, fixed = false, testId, className }: Props<V>) {
  return (
    <FieldShell label={label} hint={hint} error={error} fixed={fixed} className={className}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          value={value}
          disabled={fixed || undefined}
          data-testid={testId}
          aria-invalid={invalid}
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
      )}
    </FieldShell>
  );
}
