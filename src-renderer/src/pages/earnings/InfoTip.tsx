import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import styles from './InfoTip.module.css';

// not-shown: the letter is the icon's picture, hidden from screen readers (the button has its label).
const ICON = 'i';

/**
 * A small "i" button with an explanation that shows on hover, on keyboard focus and on a tap, and goes away
 * with Escape (WCAG 1.4.13). The text is tied to the button by aria-describedby, so a screen reader reads it
 * with the button whether it is shown or not.
 */
export function InfoTip({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [alignEnd, setAlignEnd] = useState(false);
  const rootRef = useRef<HTMLSpanElement>(null);

  // Opens towards the side with room, so the bubble is never cut off by the page's right edge.
  useLayoutEffect(() => {
    if (!open) return;
    const root = rootRef.current;
    const bounds = root?.closest('main')?.getBoundingClientRect();
    const at = root?.getBoundingClientRect();
    if (bounds && at) setAlignEnd(at.left + 300 > bounds.right - 8);
  }, [open]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      e.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <span
      ref={rootRef}
      className={styles.tip}
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onKeyDown={onKeyDown}
    >
      <button
        type="button"
        className={styles.button}
        aria-label={label}
        aria-describedby={id}
        aria-expanded={open}
        data-testid={testId}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">{ICON}</span>
      </button>
      <span
        id={id}
        role="tooltip"
        className={`${styles.bubble}${open ? ` ${styles.open}` : ''}${alignEnd ? ` ${styles.end}` : ''}`}
      >
        {children}
      </span>
    </span>
  );
}
