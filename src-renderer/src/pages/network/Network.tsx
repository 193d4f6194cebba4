import { PageHeader } from '../../components/ui/PageHeader';
import { WaitingForNode } from '../../components/WaitingForNode';
import { AddressFacts } from './AddressFacts';
import { NodeCheckCard } from '../../components/NodeCheckCard';
import { DetectionSteps } from './DetectionSteps';
import { FallbackSettings } from './FallbackSettings';
import { ManualSetupCard } from './ManualSetupCard';
import { MappingCard } from './MappingCard';
import { NatWarning } from './NatWarning';
import { PinholeCard } from './PinholeCard';
import { RelayCard } from './RelayCard';
import { TunnelCard } from './TunnelCard';
import { ReachabilityGuidance } from './ReachabilityGuidance';
import { ReachabilityStatusCard } from './ReachabilityStatusCard';
import { useSettings } from '../../hooks/useSettings';
import { needsHelp } from '../../words/network-words';
import { useProviderStore } from '../../store';
import { CardGrid } from '../../components/ui/Card';
import { useT } from '../../i18n/useT';

/**
 * Reachability first, in words; then what stands in the way and what to do; the addresses and the router
 * mapping; the manual fallback; and the steps the node took, for the curious.
 */
export function Network() {
  const t = useT();
  const snapshot = useProviderStore((s) => s.snapshot);
  const settings = useSettings();
  const mode = settings.state.status === 'ready' ? settings.state.settings.portMapping : null;
  const manual = <ManualSetupCard {...settings} />;

  if (!snapshot) {
    return (
      <>
        <PageHeader title={t('network.page.title')} subtitle={t('network.page.subtitle')} />
        <WaitingForNode />
        {manual}
      </>
    );
  }
  const r = snapshot.reachability;
  return (
    <>
      <PageHeader title={t('network.page.title')} subtitle={t('network.page.subtitle')} />
      <ReachabilityStatusCard snapshot={snapshot} />
      {r.natWarning ? <NatWarning text={r.natWarning} /> : null}
      {needsHelp(r.status) ? <ReachabilityGuidance reachability={r} mode={mode} /> : null}
      <NodeCheckCard snapshot={snapshot} />
      <CardGrid>
        <AddressFacts reachability={r} />
        {r.mapping ? <MappingCard mapping={r.mapping} emittedAt={snapshot.emittedAt} /> : null}
        {r.relay ? <RelayCard relay={r.relay} /> : null}
        {r.tunnel ? <TunnelCard tunnel={r.tunnel} /> : null}
        {r.pinhole ? <PinholeCard pinhole={r.pinhole} /> : null}
      </CardGrid>
      <FallbackSettings state={settings.state} replace={settings.replace} />
      {manual}
      <DetectionSteps steps={r.steps} />
    </>
  );
}
