import { useId, type ReactNode } from 'react';
import styles from './Card.module.css';

/** A titled region of a page; the heading names the region for screen-reader landmark navigation. */
export function Card({
  title,
  className,
  testId,
  children,
}: {
  title: string;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section
      className={className ? `${styles.card} ${className}` : styles.card}
      aria-labelledby={headingId}
      data-testid={testId}
    >
      <h2 id={headingId} className={styles.title}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/**
 * Cards side by side: one column on narrow windows, two from 560 px, four in a row on very wide ones; an odd last
 * card takes the whole row. `data-testid` lets the layout tests find every grid of cards.
 */
export function CardGrid({ children }: { children: ReactNode }) {
  return (
    <div className={styles.grid} data-testid="card-grid">
      {children}
    </div>
  );
}
