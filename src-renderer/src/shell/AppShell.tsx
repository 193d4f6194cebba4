import { useEffect, useRef, type MouseEvent, type ReactNode } from 'react';
import type { RouteId } from '../routes';
import { ConnectionBanner } from './ConnectionBanner';
import { PageTitle } from './PageTitle';
import { Sidebar } from './Sidebar';
import { useT } from '../i18n/useT';

export function AppShell({ route, children }: { route: RouteId; children: ReactNode }) {
  const t = useT();
  const mainRef = useRef<HTMLElement>(null);
  const previousRoute = useRef(route);

  useEffect(() => {
    if (previousRoute.current === route) return;
    previousRoute.current = route;
    // After navigation, start at the top of the new page and announce it by focusing its heading.
    const main = mainRef.current;
    if (!main) return;
    main.scrollTop = 0;
    main.querySelector<HTMLElement>('h1')?.focus();
  }, [route]);

  const skipToContent = (event: MouseEvent<HTMLAnchorElement>) => {
    // A real "#main" fragment would be taken for a route, so move focus by hand instead.
    event.preventDefault();
    mainRef.current?.focus();
  };

  return (
    <div className="shell">
      <PageTitle />
      <a className="skip-link" href="#main" onClick={skipToContent}>
        {t('shell.skip')}
      </a>
      <Sidebar route={route} />
      <main className="content" id="main" ref={mainRef} tabIndex={-1}>
        <ConnectionBanner />
        <div className="content-inner">{children}</div>
      </main>
    </div>
  );
}
