import { routeHref } from '../../routes';
import { Card } from '../../components/ui/Card';
import { IDENTITY_PURPOSE } from '../../words/identity-words';
import button from '../../components/ui/Button.module.css';
import common from '../../components/ui/common.module.css';

/** No operator identity on this computer: nothing ties it to other machines, and Settings is where one is made. */
export function NoIdentityCard() {
  return (
    <Card title="No operator identity" testId="fleet-none">
      <p>This computer has no operator identity, so it has no other machines to list.</p>
      <p className={common.muted}>
        {IDENTITY_PURPOSE} Create one in Settings, under “Your operator identity”, or import there the one you use on another computer; your machines
        then show here.
      </p>
      <div>
        <a className={button.button} href={routeHref('settings')} data-testid="fleet-to-settings">
          Open Settings to make or import one
        </a>
      </div>
    </Card>
  );
}
