import { useId, type ReactNode } from 'react';
import { FixedNote } from './FixedNote';
import styles from './FieldShell.module.css';

/** What the control inside a FieldShell needs to be tied to its label, error, note and hint. */
export interface FieldControl {
  id: string;
  describedBy: string | undefined;
  invalid: true | undefined;
}

interface Props {
  label: string;
  /** One line of help (a paragraph), or richer help that may hold paragraphs of its own (wrapped in a div). */
  hint?: ReactNode;
  error?: string | null | undefined;
  /** Fixed for this run by the host: the field says so in a note under the control. */
  fixed?: boolean;
  className?: string;
  /** The control's id, when the page must reach it (a list of problems links to it); otherwise one is made up. */
  id?: string | undefined;
  /** The control, given its id and what it is described by. */
  children(control: FieldControl): ReactNode;
}

/**
 * A labelled field: the label, the control, then its error, "fixed" note and hint, each tied to the control by
 * aria-describedby, so a screen reader reads them with the field.
 */
export function FieldShell({ label, hint, error, fixed = false, className, id: givenId, children }: Props) {
  const madeId = useId();
  const id = givenId ?? madeId;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const fixedId = `${id}-fixed`;
  const describedBy =
    [error ? errorId : null, fixed ? fixedId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  const classes = className ? `${styles.field} ${className}` : styles.field;
  return (
    <div className={classes} data-fixed={fixed || undefined}>
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy, invalid: error ? true : undefined })}
      {error ? (
        <p id={errorId} className={styles.error}>
          {error}
        </p>
      ) : null}
      {fixed ? <FixedNote id={fixedId} /> : null}
      {!hint ? null : typeof hint === 'string' ? (
        <p id={hintId} className={styles.hint}>
          {hint}
        </p>
      ) : (
        <div id={hintId} className={styles.hint}>
          {hint}
        </div>
      )}
    </div>
  );
}
