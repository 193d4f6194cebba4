import type { NodeSnapshot } from '@shared/contract';
import { useStatusKind } from '../../hooks/useStatusWords';
import { BACKEND_WORDS, DIRECTORY_WORDS, flavourLabel, formatCount, reachabilityBadge, urlHost, withoutLeadingLabel } from '../../format';
import { routeHref } from '../../routes';
import { CapacityMeter } from './CapacityMeter';
import { TodayCredits } from './TodayCredits';
import { Card, CardGrid } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { ModelList } from './ModelList';
import { NextStep } from './NextStep';
import { NodeIdField } from '../../components/NodeIdField';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { Token } from '../../components/ui/Token';
import card from '../../components/ui/Card.module.css';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';

/** The node's links to the outside (directory, reachability, LLM server) and its workload, one card each. */
export function NodeFacts({ snapshot }: { snapshot: NodeSnapshot }) {
  const { directory, reachability, backend, capacity, today, node } = snapshot;
  const directoryWords = DIRECTORY_WORDS[directory.link];
  const reachWords = reachabilityBadge(reachability);
  const backendWords = BACKEND_WORDS[backend.status];
  const flavour = flavourLabel(backend.flavour);
  const showHeartbeat = directory.lastHeartbeatAt !== null || directory.link === 'registered';
  const statusKind = useStatusKind();

  return (
    <CardGrid>
      <Card title="Network directory">
        <div className={card.block} data-testid="directory-link" data-status={directory.link}>
          <p>
            <StatusBadge tone={directoryWords.tone}>{directoryWords.label}</StatusBadge>
          </p>
          {directory.message ? (
            <p className={card.message}>{withoutLeadingLabel(directory.message, directoryWords.label)}</p>
          ) : directory.link === 'registered' ? (
            <p className={card.message}>{listedWords(statusKind)}</p>
          ) : null}
          {showHeartbeat ? (
            <p className={common.small}>
              <span className={common.muted}>Last heartbeat </span>
              {directory.lastHeartbeatAt ? <RelativeTime iso={directory.lastHeartbeatAt} /> : <span>not yet</span>}
            </p>
          ) : null}
        </div>
        <dl className={fact.grid}>
          <Fact label="Node ID">{node.nodeId ? <NodeIdField nodeId={node.nodeId} /> : <span className={common.muted}>Created when the node first starts</span>}</Fact>
          {directory.url ? (
            <Fact label="Directory">
              <span title={directory.url}>{urlHost(directory.url)}</span>
            </Fact>
          ) : null}
        </dl>
      </Card>

      <Card title="Reachability">
        <div className={card.block} data-testid="reachability-status" data-status={reachability.status} data-verified={reachability.verified ? 'true' : 'false'}>
          <p>
            <StatusBadge tone={reachWords.tone}>{reachWords.label}</StatusBadge>
          </p>
          {reachability.message ? <p className={card.message}>{reachability.message}</p> : null}
        </div>
        {reachability.endpoint ? (
          <dl className={fact.grid}>
            <Fact label="Public address">
              <Token value={reachability.endpoint} />
            </Fact>
          </dl>
        ) : null}
        <p className={card.footerLink}>
          <a href={routeHref('network')} data-testid="reachability-link">
            {reachability.status === 'local_only' || reachability.status === 'not_reachable' ? 'What to do: see the Network page' : 'Details on the Network page'}
          </a>
        </p>
      </Card>

      <Card title="Local LLM server">
        <div className={`${card.block} ${card.blockFill}`} data-testid="backend-status" data-status={backend.status} data-flavour={backend.flavour ?? ''}>
          <p>
            <StatusBadge tone={backendWords.tone}>{backendWords.label}</StatusBadge>
          </p>
          {backend.message ? <p className={card.message}>{backend.message}</p> : null}
          {backend.status === 'unreachable' ? (
            <>
              <p className={card.message}>Start {flavour && flavour !== 'Other' ? flavour : 'your LLM server'} again; the node notices within seconds and takes tasks again by itself.</p>
              <NextStep action={{ kind: 'command', label: 'Check now', command: 'checkAgain' }} testId="backend-check-now" />
            </>
          ) : null}
          {backend.url || flavour || backend.models.length > 0 ? (
            <dl className={fact.grid}>
              {flavour ? <Fact label="Server">{flavour}</Fact> : null}
              {backend.url ? (
                <Fact label="Address">
                  <Token value={backend.url} />
                </Fact>
              ) : null}
              {backend.models.length > 0 ? (
                <Fact label={`Models (${formatCount(backend.models.length)})`}>
                  <ModelList models={backend.models} />
                </Fact>
              ) : null}
            </dl>
          ) : null}
        </div>
        {backend.status === 'not_configured' ? (
          <p className={card.footerLink}>
            <a href={routeHref('settings')}>Choose your local LLM server in Settings</a>
          </p>
        ) : null}
      </Card>

      <Card title="Workload">
        <CapacityMeter capacity={capacity} />
        <dl className={fact.inline}>
          <Fact label="Tasks done today">
            <span className={fact.metric} data-testid="today-jobs">
              {formatCount(today.jobs)}
            </span>
          </Fact>
          <TodayCredits snapshot={snapshot} />
        </dl>
      </Card>
    </CardGrid>
  );
}

/**
 * What the registration means right now: registered is not the same as findable and served. Whether the directory's
 * public list shows the node is its own fact ("Check my node" reads it), so it is not claimed here.
 */
function listedWords(kind: ReturnType<typeof useStatusKind>): string {
  switch (kind) {
    case 'serving':
      return 'Registered and reachable: the directory can send consumers to your node.';
    case 'paused':
    case 'waiting':
      return 'Listed in the directory, marked as taking no work for now.';
    case 'yielding':
      return 'Listed in the directory as unavailable, not failing: your standing is kept while you use the GPU.';
    case 'backend_down':
    case 'backend_loading':
    case 'no_backend':
      return 'Listed in the directory, but tasks are turned away until your LLM server answers.';
    case 'not_reachable':
      return 'Listed in the directory, but consumers cannot get through to your node — see Network.';
    default:
      return 'Listed in the directory.';
  }
}
