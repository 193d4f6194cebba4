import type { RouteId } from '../routes';
import { Availability } from './availability/Availability';
import { Dashboard } from './dashboard/Dashboard';
import { Earnings } from './earnings/Earnings';
import { Logs } from './logs/Logs';
import { Network } from './network/Network';
import { Pricing } from './pricing/Pricing';
import { Settings } from './settings/Settings';
import { SetupWizard } from './setup/SetupWizard';

export function RoutePage({ route }: { route: RouteId }) {
  switch (route) {
    case 'dashboard':
      return <Dashboard />;
    case 'availability':
      return <Availability />;
    case 'pricing':
      return <Pricing />;
    case 'earnings':
      return <Earnings />;
    case 'network':
      return <Network />;
    case 'logs':
      return <Logs />;
    case 'settings':
      return <Settings />;
    case 'setup':
      return <SetupWizard />;
  }
}
