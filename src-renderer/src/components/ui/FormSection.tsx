import { useId, type ReactNode } from 'react';
import styles from './FormSection.module.css';

/** A titled group of form fields (a fieldset in meaning, but styled freely). */
export function FormSection({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <div className={styles.section} role="group" aria-labelledby={id}>
      <h3 id={id} className={styles.title}>
        {title}
      </h3>
      {children}
    </div>
  );
}
