import { PlaceholderPage } from '../components/PlaceholderPage';

export function Earnings() {
  return (
    <PlaceholderPage title="Earnings">
      <p>
        This is where the credits your node earns will be listed, day by day and task by task. Your node does not
        earn credits yet because it is not registered with the network, so there is no history to show here.
      </p>
    </PlaceholderPage>
  );
}
