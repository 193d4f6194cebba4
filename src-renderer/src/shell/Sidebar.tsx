import { NAV_ROUTES, routeHref, type RouteId } from '../routes';
import { useProviderStore } from '../store';
import { Logo } from './Logo';
import styles from './Sidebar.module.css';
import { useT } from '../i18n/useT';

export function Sidebar({ route }: { route: RouteId }) {
  const t = useT();
  const appVersion = useProviderStore((s) => s.appInfo?.appVersion ?? s.snapshot?.appVersion ?? null);
  return (
    <nav className="sidebar" aria-label={t('shell.nav.label')}>
      <div className={styles.brand}>
        <Logo />
        <span className={styles.brandName}>IICP Provider</span>
      </div>
      <ul className={styles.navList}>
        {NAV_ROUTES.map((r) => (
          <li key={r.id}>
            <a className={styles.navLink} href={routeHref(r.id)} aria-current={route === r.id ? 'page' : undefined}>
              {t(r.label)}
            </a>
          </li>
        ))}
      </ul>
      <div className={styles.footer}>
        <a className={styles.navLink} href={routeHref('setup')} aria-current={route === 'setup' ? 'page' : undefined}>
          {t('shell.nav.setup')}
        </a>
        {appVersion ? <p className={styles.version}>{t('shell.nav.version', { version: appVersion })}</p> : null}
      </div>
    </nav>
  );
}
