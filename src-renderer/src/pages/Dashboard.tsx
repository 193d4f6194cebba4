import { NodeFacts } from '../components/NodeFacts';
import { NodeStatus } from '../components/NodeStatus';
import { PageHeader } from '../components/PageHeader';
import { RecentEvents } from '../components/RecentEvents';
import { RecentTasks } from '../components/RecentTasks';
import { SnapshotMeta } from '../components/SnapshotMeta';
import { WaitingForNode } from '../components/WaitingForNode';
import { useProviderStore } from '../store';

export function Dashboard() {
  const snapshot = useProviderStore((s) => s.snapshot);
  if (!snapshot) {
    return (
      <>
        <PageHeader title="Dashboard" />
        <WaitingForNode />
      </>
    );
  }
  const subtitle = [snapshot.node.displayName, snapshot.node.region && `region ${snapshot.node.region}`].filter(Boolean).join(' · ');
  return (
    <>
      <PageHeader title="Dashboard" subtitle={subtitle} />
      <NodeStatus snapshot={snapshot} />
      <NodeFacts snapshot={snapshot} />
      <RecentTasks tasks={snapshot.recentTasks} />
      <RecentEvents events={snapshot.recentEvents} />
      <SnapshotMeta snapshot={snapshot} />
    </>
  );
}
