import { NodeCheckCard } from '../components/NodeCheckCard';
import { NodeFacts } from '../components/NodeFacts';
import { NodeStatus } from '../components/NodeStatus';
import { PageHeader } from '../components/PageHeader';
import { RecentEvents } from '../components/RecentEvents';
import { RecentTasks } from '../components/RecentTasks';
import { SnapshotMeta } from '../components/SnapshotMeta';
import { WaitingForNode } from '../components/WaitingForNode';
import { routeHref } from '../routes';
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
      {snapshot.setup?.completed === false ? (
        <section className="card setup-prompt" aria-label="Setup not finished" data-testid="setup-prompt">
          <p>
            <strong>Setup is not finished.</strong> The setup wizard finds your LLM server, picks its models and starts your node.
          </p>
          <a className="button button-primary" href={routeHref('setup')}>
            Open the setup wizard
          </a>
        </section>
      ) : null}
      <NodeStatus snapshot={snapshot} />
      <NodeFacts snapshot={snapshot} />
      <NodeCheckCard snapshot={snapshot} />
      <RecentTasks tasks={snapshot.recentTasks} />
      <RecentEvents events={snapshot.recentEvents} />
      <SnapshotMeta snapshot={snapshot} />
    </>
  );
}
