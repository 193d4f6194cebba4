import { PlaceholderPage } from '../components/PlaceholderPage';
import { routeHref } from '../routes';

export function SetupWizard() {
  return (
    <PlaceholderPage title="Setup wizard">
      <p>
        The setup wizard will walk you through connecting your node, step by step: finding your local LLM server
        and its models, naming your node and its region, registering with the IICP directory, and checking that
        the network can reach you. It is not built yet; until then you can change the basics in{' '}
        <a href={routeHref('settings')}>Settings</a>.
      </p>
    </PlaceholderPage>
  );
}
