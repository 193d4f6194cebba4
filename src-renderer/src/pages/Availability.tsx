import { PlaceholderPage } from '../components/PlaceholderPage';
import { routeHref } from '../routes';

export function Availability() {
  return (
    <PlaceholderPage title="Availability">
      <p>
        This is where you will decide when your computer works for the network: weekly hours, timed pauses,
        and conditions such as "only while plugged in" or "only when I am away". None of these rules exist yet,
        so for now your node follows the single <a href={routeHref('dashboard')}>Available switch on the Dashboard</a>.
      </p>
    </PlaceholderPage>
  );
}
