import { PageHeader } from '../components/PageHeader';
import { WaitingForNode } from '../components/WaitingForNode';
import { AddressFacts } from '../components/network/AddressFacts';
import { DetectionSteps } from '../components/network/DetectionSteps';
import { ManualSetupCard } from '../components/network/ManualSetupCard';
import { MappingCard } from '../components/network/MappingCard';
import { NatWarning } from '../components/network/NatWarning';
import { ReachabilityGuidance } from '../components/network/ReachabilityGuidance';
import { ReachabilityStatusCard } from '../components/network/ReachabilityStatusCard';
import { useSettings } from '../hooks/useSettings';
import { needsHelp } from '../network-words';
import { useProviderStore } from '../store';

const SUBTITLE = "Whether computers on the internet can reach your node's task port, and how.";

/**
 * Reachability first, in words; then what stands in the way and what to do; the addresses and the router
 * mapping; the manual fallback; and the steps the node took, for the curious.
 */
export function Network() {
  const snapshot = useProviderStore((s) => s.snapshot);
  const settings = useSettings();
  const mode = settings.state.status === 'ready' ? settings.state.settings.portMapping : null;
  const manual = <ManualSetupCard {...settings} />;

  if (!snapshot) {
    return (
      <>
        <PageHeader title="Network" subtitle={SUBTITLE} />
        <WaitingForNode />
        {manual}
      </>
    );
  }
  const r = snapshot.reachability;
  return (
    <>
      <PageHeader title="Network" subtitle={SUBTITLE} />
      <ReachabilityStatusCard snapshot={snapshot} />
      {r.natWarning ? <NatWarning text={r.natWarning} /> : null}
      {needsHelp(r.status) ? <ReachabilityGuidance reachability={r} mode={mode} /> : null}
      <div className="card-grid">
        <AddressFacts reachability={r} />
        {r.mapping ? <MappingCard mapping={r.mapping} emittedAt={snapshot.emittedAt} /> : null}
      </div>
      {manual}
      <DetectionSteps steps={r.steps} />
    </>
  );
}
