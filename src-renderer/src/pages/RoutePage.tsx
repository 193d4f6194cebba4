import type { RouteId } from '../routes';
import { Availability } from './Availability';
import { Dashboard } from './Dashboard';
import { Earnings } from './Earnings';
import { Logs } from './Logs';
import { Network } from './Network';
import { Pricing } from './Pricing';
import { Settings } from './Settings';
import { SetupWizard } from './SetupWizard';

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
