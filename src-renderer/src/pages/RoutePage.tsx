import { lazy, Suspense, type ComponentType } from 'react';
import type { RouteId } from '../routes';
import { Dashboard } from './dashboard/Dashboard';

/**
 * A page other than the first, as its own chunk: the window downloads it when the person first opens it, so the
 * Dashboard (the page the app opens on) does not wait for every other page's code.
 */
const later = (load: () => Promise<ComponentType>) => lazy(() => load().then((page) => ({ default: page })));

/** Each route's page. */
const PAGES: Record<RouteId, ComponentType> = {
  dashboard: Dashboard,
  availability: later(() => import('./availability/Availability').then((m) => m.Availability)),
  pricing: later(() => import('./pricing/Pricing').then((m) => m.Pricing)),
  earnings: later(() => import('./earnings/Earnings').then((m) => m.Earnings)),
  fleet: later(() => import('./fleet/FleetPage').then((m) => m.FleetPage)),
  gateway: later(() => import('./gateway/GatewayPage').then((m) => m.GatewayPage)),
  network: later(() => import('./network/Network').then((m) => m.Network)),
  logs: later(() => import('./logs/Logs').then((m) => m.Logs)),
  settings: later(() => import('./settings/Settings').then((m) => m.Settings)),
  setup: later(() => import('./setup/SetupWizard').then((m) => m.SetupWizard)),
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
