import { useId, type HTMLAttributes } from 'react';
import { FixedNote } from './FixedNote';

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
}

/** A labelled input whose hint, error and "fixed" note are tied to it, so a screen reader reads them with the field. */
export function TextField({ label, value, onChange, hint, error, type = 'text', inputMode, placeholder, required, list, min, max, fixed = false, testId, className }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const fixedId = `${id}-fixed`;
  const describedBy = [error ? errorId : null, fixed ? fixedId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  const classes = ['field', fixed ? 'field-is-fixed' : null, className].filter(Boolean).join(' ');
  return (
    <div className={classes} data-fixed={fixed || undefined}>
      <label htmlFor={id}>{label}</label>
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
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => {
          if (!fixed) onChange(e.target.value);
        }}
      />
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
