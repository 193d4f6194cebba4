import { DemandCard } from './DemandCard';
import { FleetLine } from './FleetLine';
import { NodeCheckCard } from '../../components/NodeCheckCard';
import { NodeFacts } from './NodeFacts';
import { NodeStatus } from './NodeStatus';
import { NoticesCard } from './NoticesCard';
import { PageHeader } from '../../components/ui/PageHeader';
import { RecentEvents } from './RecentEvents';
import { RequestsCard } from './RequestsCard';
import { nodeDayZone } from './node-day';
import { WhyNoTasksCard } from './WhyNoTasksCard';
import { SnapshotMeta } from './SnapshotMeta';
import { StaleNote } from './StaleNote';
import { WaitingForNode } from '../../components/WaitingForNode';
import { useStaleSince } from '../../shell/staleness';
import { useProviderStore } from '../../store';
import { nodeSubtitle } from './node-words';
import { useT } from '../../i18n/useT';

export function Dashboard() {
  const t = useT();
  const snapshot = useProviderStore((s) => s.snapshot);
  const staleSince = useStaleSince();
  if (!snapshot) {
    return (
      <>
        <PageHeader title={t('dashboard.title')} />
        <NodeStatus snapshot={null} />
        <WaitingForNode />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('dashboard.title')} subtitle={nodeSubtitle(t, snapshot.node)} />
      <NodeStatus snapshot={snapshot} />
      {staleSince ? <StaleNote since={staleSince} /> : null}
      <FleetLine />
      <NoticesCard notices={snapshot.notices} />
      <NodeFacts snapshot={snapshot} stale={staleSince !== null} />
      <NodeCheckCard snapshot={snapshot} />
      <RequestsCard requests={snapshot.requests} dayZone={nodeDayZone(snapshot)} />
      <WhyNoTasksCard />
      <DemandCard />
      <RecentEvents events={snapshot.recentEvents} />
      <SnapshotMeta snapshot={snapshot} />
    </>
  );
}
