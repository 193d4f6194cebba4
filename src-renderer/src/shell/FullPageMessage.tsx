import { useEffect, type ReactNode } from 'react';
import { Logo } from './Logo';
import styles from './FullPageMessage.module.css';
import { useT } from '../i18n/useT';

/** Replaces the whole app when nothing useful can be shown (no access, incompatible host). */
export function FullPageMessage({ title, children }: { title: string; children: ReactNode }) {
  const t = useT();
  const tabTitle = t('shell.tabTitle', { title });
  // The tab's title says it too: the status sentence it carried ("Connecting…") is no longer true.
  useEffect(() => {
    document.title = tabTitle;
  }, [tabTitle]);
  return (
    <main className={styles.page} id="main">
      <div className={styles.box} role="alert">
        <Logo size={40} />
        <h1 className={styles.title}>{title}</h1>
        {children}
      </div>
    </main>
  );
}
