import type { ReactNode } from 'react';
import styles from './PageHeader.module.css';

/**
 * The page's h1. It is focusable from script (tabIndex -1) so the shell can move focus to it after
 * navigation, which tells screen-reader users that the page changed.
 */
export function PageHeader({ title, subtitle, children }: { title: string; subtitle?: string; children?: ReactNode }) {
  return (
    <header className={styles.header}>
      <div>
        <h1 tabIndex={-1} className={styles.title}>
          {title}
        </h1>
        {subtitle ? <p className={styles.subtitle}>{subtitle}</p> : null}
      </div>
      {children ? <div>{children}</div> : null}
    </header>
  );
}
