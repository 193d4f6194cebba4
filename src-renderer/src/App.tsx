import { AccessDenied } from './shell/AccessDenied';
import { AppShell } from './shell/AppShell';
import { IncompatibleHost } from './shell/IncompatibleHost';
import { useRoute } from './hooks/useRoute';
import { useTheme } from './hooks/useTheme';
import { RoutePage } from './pages/RoutePage';
import { useProviderStore } from './store';

export function App() {
  useTheme();
  const route = useRoute();
  const connection = useProviderStore((s) => s.connection);
  if (connection.kind === 'unauthorized') return <AccessDenied />;
  if (connection.kind === 'incompatible') return <IncompatibleHost hostApiVersion={connection.hostApiVersion} />;
  return (
    <AppShell route={route}>
      <RoutePage route={route} />
    </AppShell>
  );
}
