import { PlaceholderPage } from '../components/PlaceholderPage';

export function Pricing() {
  return (
    <PlaceholderPage title="Pricing">
      <p>
        This is where you will set what your node asks for its work, per model, in network credits, and see how
        your prices compare with other providers. Prices are not set up yet, so your node advertises none and
        this page has nothing to show.
      </p>
    </PlaceholderPage>
  );
}
