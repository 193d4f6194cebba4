import styles from './Logo.module.css';

/** The app mark: a node with links to its peers. Decorative, so hidden from assistive technology. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg className={styles.logo} width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" className={styles.bg} />
      <g className={styles.fg} strokeWidth="2" strokeLinecap="round">
        <line x1="16" y1="16" x2="8" y2="9" />
        <line x1="16" y1="16" x2="24" y2="9" />
        <line x1="16" y1="16" x2="16" y2="25" />
      </g>
      <circle cx="16" cy="16" r="4" className={styles.core} />
      <circle cx="8" cy="9" r="2.5" className={styles.dot} />
      <circle cx="24" cy="9" r="2.5" className={styles.dot} />
      <circle cx="16" cy="25" r="2.5" className={styles.dot} />
    </svg>
  );
}
