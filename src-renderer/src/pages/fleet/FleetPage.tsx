import { LoadFailed } from '../../components/ui/LoadFailed';
import { PageHeader } from '../../components/ui/PageHeader';
import { FleetNotificationsCard } from './FleetNotificationsCard';
import { MachinesCard } from './MachinesCard';
import { NoIdentityCard } from './NoIdentityCard';
import { useFleet } from './useFleet';
import common from '../../components/ui/common.module.css';

const SUBTITLE = 'Every computer that runs a node under your operator identity, as this computer knows them: which serve, which sleep as planned, and which are down.';

/**
 * "Your machines": with no operator identity, where to make one; otherwise every machine this computer knows, with
 * its state and figures and where they come from, this computer's name, forgetting another, and how the person
 * hears of a machine that stops.
 */
export function FleetPage() {
  const fleet = useFleet();
  const { info, error } = fleet;

  return (
    <>
      <PageHeader title="Your machines" subtitle={SUBTITLE} />
      {!info && error ? <LoadFailed onRetry={fleet.reload}>Your machines could not be read: {error}</LoadFailed> : null}
      {!info && !error ? (
        <p className={common.muted} role="status">
          Reading your machines…
        </p>
      ) : null}
      {info && error ? (
        <p className={common.note} role="status" data-testid="fleet-stale">
          What is shown may be out of date: {error}
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
