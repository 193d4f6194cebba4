import { PlaceholderPage } from '../components/PlaceholderPage';

export function Network() {
  return (
    <PlaceholderPage title="Network">
      <p>
        This is where you will see how your node is registered with the IICP directory and whether other computers
        can reach its task port, with a test you can run and tips for routers and tunnels. These checks are not
        built yet; the Dashboard shows what the node itself reports about its directory link and reachability.
      </p>
    </PlaceholderPage>
  );
}
