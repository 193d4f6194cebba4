import styles from './Spinner.module.css';

/** Something is on its way: a small turning ring, for the eye only (the words beside it say what). */
export function Spinner() {
  return <span className={styles.spinner} aria-hidden="true" />;
}
