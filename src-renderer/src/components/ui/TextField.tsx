import type { HTMLAttributes } from 'react';
import { FieldShell } from './FieldShell';

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: string;
  error?: string | undefined;
  type?: 'text' | 'url' | 'number' | 'password';
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  placeholder?: string;
  required?: boolean;
  /** Id of a <datalist> with suggestions. */
  list?: string;
  min?: number;
  max?: number;
  /**
   * Fixed for this run by the host (a command-line flag or environment variable): the value is shown
   * read-only (still focusable and copyable) with a note saying where it comes from.
   */
  fixed?: boolean;
  testId?: string;
  className?: string;
  /** The input's id, for links and focus from elsewhere on the page. */
  id?: string;
}

/** A labelled input whose hint, error and "fixed" note are tied to it, so a screen reader reads them with the field. */
export function TextField({
  label,
  value,
  onChange,
  hint,
  error,
  type = 'text',
  inputMode,
  placeholder,
  required,
  list,
  min,
  max,
  fixed = false,
  testId,
  className,
  id,
}: Props) {
  return (
    <FieldShell label={label} hint={hint} error={error} fixed={fixed} className={className} id={id}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type={type}
          value={value}
          inputMode={inputMode}
          placeholder={fixed ? undefined : placeholder}
          required={fixed ? undefined : required}
          readOnly={fixed || undefined}
          list={fixed ? undefined : list}
          min={min}
          max={max}
          data-testid={testId}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => {
            if (!fixed) onChange(e.target.value);
          }}
        />
      )}
    </FieldShell>
  );
}
