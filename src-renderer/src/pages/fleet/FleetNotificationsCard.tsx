import type { FleetInfo } from '@shared/contract';
import { getApi } from '../../api';
import { routeHref } from '../../routes';
import { Card } from '../../components/ui/Card';
import { InstantChecks } from '../../components/InstantChecks';
import { WebhookForm } from './WebhookForm';
import common from '../../components/ui/common.module.css';

const WHEN =
  'When one of your machines stops inside its availability window, this computer shows a desktop notification and its tray lists the machines that are down; a machine asleep outside its window raises nothing.';

/** How the person hears of a machine that stops: the desktop, a webhook, and what this computer tells the others. */
export function FleetNotificationsCard({ info, take }: { info: FleetInfo; take(info: FleetInfo): void }) {
  return (
    <Card title="Notifications" testId="fleet-notifications">
      <p>{WHEN}</p>
      <p className={common.note}>
        The desktop notification can be switched off in <a href={routeHref('settings')}>Settings</a>, under Notifications.
      </p>
      <h3 className={common.subheading}>Webhook</h3>
      <WebhookForm webhook={info.webhook} take={take} />
      <h3 className={common.subheading}>What this computer tells the others</h3>
      <InstantChecks
        checks={[
          {
            key: 'shareOwnerFirst',
            label: 'Tell my other machines when this one gives the GPU to me (owner-first)',
            hint: 'They then show why this computer is not serving, instead of guessing.',
            checked: info.shareOwnerFirst,
            testId: 'fleet-share-owner-first',
          },
        ]}
        save={async () => {
          const result = await getApi().updateFleet({ shareOwnerFirst: !info.shareOwnerFirst });
          if (!result.ok) return result.error;
          take(result.value);
          return null;
        }}
      />
    </Card>
  );
}
