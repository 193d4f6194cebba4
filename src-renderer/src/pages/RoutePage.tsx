import { lazy, Suspense, type ComponentType } from 'react';
import type { RouteId } from '../routes';
import { Dashboard } from './dashboard/Dashboard';

/**
 * A page other than the first, as its own chunk: the window downloads it when the person first opens it, so the
 * Dashboard (the page the app opens on) does not wait for every other page's code.
 */
const later = <Name extends string>(load: () => Promise<Record<Name, ComponentType>>, name: Name) =>
  lazy(() => load().then((page) => ({ default: page[name] })));

/** Each route's page. */
const PAGES: Record<RouteId, ComponentType> = {
  dashboard: Dashboard,
  availability: later(() => import('./availability/Availability'), 'Availability'),
  pricing: later(() => import('./pricing/Pricing'), 'Pricing'),
  earnings: later(() => import('./earnings/Earnings'), 'Earnings'),
  fleet: later(() => import('./fleet/FleetPage'), 'FleetPage'),
  gateway: later(() => import('./gateway/GatewayPage'), 'GatewayPage'),
  network: later(() => import('./network/Network'), 'Network'),
  logs: later(() => import('./logs/Logs'), 'Logs'),
  settings: later(() => import('./settings/Settings'), 'Settings'),
  setup: later(() => import('./setup/SetupWizard'), 'SetupWizard'),
};

export function RoutePage({ route }: { route: RouteId }) {
  const Page = PAGES[route];
  // While a page's chunk arrives (a moment, from the app's own files) the shell stays and the page's room is empty.
  return (
    <Suspense fallback={null}>
      <Page />
    </Suspense>
  );
}
