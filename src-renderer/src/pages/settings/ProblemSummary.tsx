import { useEffect, useId, useRef, type DependencyList, type MutableRefObject } from 'react';
import { useT } from '../../i18n/useT';
import styles from './ProblemSummary.module.css';

export interface FieldProblem {
  /** The id of the field's control, which the link moves to. */
  id: string;
  label: string;
  message: string;
}

/** Moves to a field: focus without the browser's jump, then the field in the middle of the view, its label above it. */
export function focusField(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'center' });
}

/**
 * A field to move to once the problems are shown: set `current` to its id when they are found; after the render that
 * shows them (a change of `shown`), the field gets the focus.
 */
export function useFocusAfter(shown: DependencyList): MutableRefObject<string | null> {
  const next = useRef<string | null>(null);
  useEffect(() => {
    const target = next.current;
    if (target === null) return;
    next.current = null;
    focusField(target);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what shows the problems
  }, shown);
  return next;
}

/** Every problem of a form at once, above it, each a link to its field; problems of no field are listed plainly. */
export function ProblemSummary({
  problems,
  other = [],
}: {
  problems: readonly FieldProblem[];
  other?: readonly string[];
}) {
  const t = useT();
  const titleId = useId();
  const count = problems.length + other.length;
  if (count === 0) return null;
  return (
    <div className={styles.summary} role="alert" aria-labelledby={titleId} data-testid="form-problems">
      <p id={titleId} className={styles.title}>
        {t('settings.problems.title', { count })}
      </p>
      <ul className={styles.list}>
        {problems.map((p) => (
          <li key={p.id} data-field={p.id}>
            <a
              href={`#${p.id}`}
              onClick={(e) => {
                e.preventDefault();
                focusField(p.id);
              }}
            >
              {p.label}
            </a>
            : {p.message}
          </li>
        ))}
        {other.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </div>
  );
}
