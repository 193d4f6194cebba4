import type { FleetInfo } from '@shared/contract';
import { getApi } from '../../api';
import { routeHref } from '../../routes';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import { Card } from '../../components/ui/Card';
import { InstantChecks } from '../../components/InstantChecks';
import { WebhookForm } from './WebhookForm';
import common from '../../components/ui/common.module.css';

/** How the person hears of a machine that stops: the desktop, a webhook, and what this computer tells the others. */
export function FleetNotificationsCard({ info, take }: { info: FleetInfo; take(info: FleetInfo): void }) {
  const t = useT();
  return (
    <Card title={t('fleet.notify.title')} testId="fleet-notifications">
      <p>{t('fleet.notify.when')}</p>
      <p className={common.note}>
        <Words id="fleet.notify.switch" tags={{ link: (c) => <a href={routeHref('settings')}>{c}</a> }} />
      </p>
      <h3 className={common.subheading}>{t('fleet.notify.webhook')}</h3>
      <WebhookForm webhook={info.webhook} take={take} />
      <h3 className={common.subheading}>{t('fleet.notify.tells')}</h3>
      <InstantChecks
        checks={[
          {
            key: 'shareOwnerFirst',
            label: t('fleet.notify.share'),
            hint: t('fleet.notify.shareHint'),
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
