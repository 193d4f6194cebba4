import type { ReactNode } from 'react';
import styles from './Fact.module.css';

/** One labelled value inside a card, as a description-list pair. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className={styles.fact}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
