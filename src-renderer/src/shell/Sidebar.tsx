import { NAV_ROUTES, routeHref, type RouteId } from '../routes';
import { useProviderStore } from '../store';
import { Logo } from './Logo';
import styles from './Sidebar.module.css';

export function Sidebar({ route }: { route: RouteId }) {
  const appVersion = useProviderStore((s) => s.appInfo?.appVersion ?? s.snapshot?.appVersion ?? null);
  return (
    <nav className="sidebar" aria-label="Main">
      <div className={styles.brand}>
        <Logo />
        <span className={styles.brandName}>IICP Provider</span>
      </div>
      <ul className={styles.navList}>
        {NAV_ROUTES.map((r) => (
          <li key={r.id}>
            <a className={styles.navLink} href={routeHref(r.id)} aria-current={route === r.id ? 'page' : undefined}>
              {r.label}
            </a>
          </li>
        ))}
      </ul>
      <div className={styles.footer}>
        <a className={styles.navLink} href={routeHref('setup')} aria-current={route === 'setup' ? 'page' : undefined}>
          Setup wizard
        </a>
        {appVersion ? <p className={styles.version}>Version {appVersion}</p> : null}
      </div>
    </nav>
  );
}
