import { LoadFailed } from '../../components/ui/LoadFailed';
import { PageHeader } from '../../components/ui/PageHeader';
import { useSettings } from '../../hooks/useSettings';
import { AppKeysCard } from './AppKeysCard';
import { AppLimits } from './AppLimits';
import { BudgetCard } from './BudgetCard';
import { GatewayCard } from './GatewayCard';
import { MachinesCard } from './MachinesCard';
import { OfferCard } from './OfferCard';
import { RecentRequestsCard } from './RecentRequestsCard';
import { TryItCard } from './TryItCard';
import { useGateway } from './useGateway';
import { useGatewaySettings } from './useGatewaySettings';
import common from '../../components/ui/common.module.css';
import { useT } from '../../i18n/useT';

/**
 * "Use the network": the local gateway on or off and how an app connects to it, which machines answer, the app keys,
 * what the network offers now, a question to try, the spend against its limits, and the last requests.
 */
export function GatewayPage() {
  const t = useT();
  const settings = useSettings();
  const gatewaySettings = useGatewaySettings(settings);
  const gateway = useGateway(gatewaySettings.stored === null ? null : JSON.stringify(gatewaySettings.stored));
  const { info } = gateway;
  // Nothing read and the engine refused: the parts that show what it says would wait for ever, so they wait unseen.
  const unreadable = !info && gateway.error !== null;

  return (
    <>
      <PageHeader title={t('gateway.page.title')} subtitle={t('gateway.page.subtitle')} />
      {unreadable ? (
        <LoadFailed onRetry={gateway.reload}>
          {t('gateway.page.unreadable', { message: gateway.error ?? '' })}
        </LoadFailed>
      ) : null}
      {gateway.error && info ? (
        <p className={common.note} role="status" data-testid="gateway-stale">
          {t('gateway.page.stale', { message: gateway.error })}
        </p>
      ) : null}
      <GatewayCard info={info} settings={gatewaySettings} />
      <MachinesCard settings={gatewaySettings} />
      {unreadable ? null : (
        <>
          <AppKeysCard info={info} baseUrl={info?.baseUrl ?? null} take={gateway.take} settings={gatewaySettings} />
          <AppLimits info={info} take={gateway.take} />
          <OfferCard info={info} />
          <TryItCard info={info} />
        </>
      )}
      <BudgetCard info={info} unreadable={unreadable} settings={settings} />
      {unreadable ? null : <RecentRequestsCard rows={info?.recent ?? null} />}
    </>
  );
}
