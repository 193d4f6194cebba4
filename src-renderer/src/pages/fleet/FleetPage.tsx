import { useT } from '../../i18n/useT';
import { LoadFailed } from '../../components/ui/LoadFailed';
import { PageHeader } from '../../components/ui/PageHeader';
import { FleetNotificationsCard } from './FleetNotificationsCard';
import { MachinesCard } from './MachinesCard';
import { NoIdentityCard } from './NoIdentityCard';
import { useFleet } from './useFleet';
import common from '../../components/ui/common.module.css';

/**
 * "Your machines": with no operator identity, where to make one; otherwise every machine this computer knows, with
 * its state and figures and where they come from, this computer's name, forgetting another, and how the person
 * hears of a machine that stops.
 */
export function FleetPage() {
  const t = useT();
  const fleet = useFleet();
  const { info, error } = fleet;

  return (
    <>
      <PageHeader title={t('fleet.page.title')} subtitle={t('fleet.page.subtitle')} />
      {!info && error ? <LoadFailed onRetry={fleet.reload}>{t('fleet.page.failed', { error })}</LoadFailed> : null}
      {!info && !error ? (
        <p className={common.muted} role="status">
          {t('fleet.page.reading')}
        </p>
      ) : null}
      {info && error ? (
        <p className={common.note} role="status" data-testid="fleet-stale">
          {t('fleet.page.stale', { error })}
        </p>
      ) : null}
      {info?.state === 'none' ? <NoIdentityCard /> : null}
      {info?.state === 'active' ? (
        <>
          <MachinesCard info={info} take={fleet.take} />
          <FleetNotificationsCard info={info} take={fleet.take} />
        </>
      ) : null}
    </>
  );
}
