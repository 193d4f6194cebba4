import type { ReactNode } from 'react';
import { fixedNote } from '../../hooks/useFixedSettings';
import styles from './FixedNote.module.css';

/** The note under a field the host fixed for this run; the field points at it with aria-describedby. */
export function FixedNote({ id, className, children }: { id: string; className?: string; children?: ReactNode }) {
  return (
    <p id={id} className={className ? `${styles.note} ${className}` : styles.note} data-testid="field-fixed-note">
      <svg className={styles.icon} viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M8 1a3.5 3.5 0 0 0-3.5 3.5V6H4a1.5 1.5 0 0 0-1.5 1.5v6A1.5 1.5 0 0 0 4 15h8a1.5 1.5 0 0 0 1.5-1.5v-6A1.5 1.5 0 0 0 12 6h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 5H6V4.5a2 2 0 1 1 4 0V6Z"
        />
      </svg>
      <span>{children ?? fixedNote()}</span>
    </p>
  );
}
