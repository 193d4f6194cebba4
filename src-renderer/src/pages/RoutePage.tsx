import type { ComponentType } from 'react';
import type { RouteId } from '../routes';
import { Availability } from './availability/Availability';
import { Dashboard } from './dashboard/Dashboard';
import { Earnings } from './earnings/Earnings';
import { FleetPage } from './fleet/FleetPage';
import { GatewayPage } from './gateway/GatewayPage';
import { Logs } from './logs/Logs';
import { Network } from './network/Network';
import { Pricing } from './pricing/Pricing';
import { Settings } from './settings/Settings';
import { SetupWizard } from './setup/SetupWizard';

/** Each route's page. */
const PAGES: Record<RouteId, ComponentType> = {
  dashboard: Dashboard,
  availability: Availability,
  pricing: Pricing,
  earnings: Earnings,
  fleet: FleetPage,
  gateway: GatewayPage,
  network: Network,
  logs: Logs,
  settings: Settings,
  setup: SetupWizard,
};

export function RoutePage({ route }: { route: RouteId }) {
  const Page = PAGES[route];
  return <Page />;
}
