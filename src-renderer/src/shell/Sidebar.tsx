import { NAV_ROUTES, routeHref, type RouteId } from '../routes';
import { useProviderStore } from '../store';
import { Logo } from './Logo';

export function Sidebar({ route }: { route: RouteId }) {
  const appVersion = useProviderStore((s) => s.appInfo?.appVersion ?? s.snapshot?.appVersion ?? null);
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <Logo />
        <span className="brand-name">IICP Provider</span>
      </div>
      <ul className="nav-list">
        {NAV_ROUTES.map((r) => (
          <li key={r.id}>
            <a className="nav-link" href={routeHref(r.id)} aria-current={route === r.id ? 'page' : undefined}>
              {r.label}
            </a>
          </li>
        ))}
      </ul>
      <div className="sidebar-footer">
        <a className="nav-link nav-link-setup" href={routeHref('setup')} aria-current={route === 'setup' ? 'page' : undefined}>
          Setup wizard
        </a>
        {appVersion ? <p className="sidebar-version">Version {appVersion}</p> : null}
      </div>
    </nav>
  );
}
