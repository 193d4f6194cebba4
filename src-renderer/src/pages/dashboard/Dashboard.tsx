import { DemandCard } from './DemandCard';
import { FleetLine } from './FleetLine';
import { NodeCheckCard } from '../../components/NodeCheckCard';
import { NodeFacts } from './NodeFacts';
import { NodeStatus } from './NodeStatus';
import { NoticesCard } from './NoticesCard';
import { PageHeader } from '../../components/ui/PageHeader';
import { RecentEvents } from './RecentEvents';
import { RequestsCard } from './RequestsCard';
import { WhyNoTasksCard } from './WhyNoTasksCard';
import { SnapshotMeta } from './SnapshotMeta';
import { WaitingForNode } from '../../components/WaitingForNode';
import { useProviderStore } from '../../store';

export function Dashboard() {
  const snapshot = useProviderStore((s) => s.snapshot);
  if (!snapshot) {
    return (
      <>
        <PageHeader title="Dashboard" />
        <NodeStatus snapshot={null} />
        <WaitingForNode />
      </>
    );
  }
  const subtitle = [snapshot.node.displayName, snapshot.node.region && `region ${snapshot.node.region}`].filter(Boolean).join(' · ');
  return (
    <>
      <PageHeader title="Dashboard" subtitle={subtitle} />
      <NodeStatus snapshot={snapshot} />
      <FleetLine />
      <NoticesCard notices={snapshot.notices} />
      <NodeFacts snapshot={snapshot} />
      <NodeCheckCard snapshot={snapshot} />
      <RequestsCard requests={snapshot.requests} />
      <WhyNoTasksCard />
      <DemandCard />
      <RecentEvents events={snapshot.recentEvents} />
      <SnapshotMeta snapshot={snapshot} />
    </>
  );
}
