import type { NodeSnapshot } from '@shared/contract';
import { useStatusKind } from '../../hooks/useStatusWords';
import { BACKEND_WORDS, DIRECTORY_WORDS, flavourLabel, formatCount, urlHost, withoutLeadingLabel, type Tone } from '../../format';
import { listedWords, reachBadge, reachVerdict } from './reach-verdict';
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

/** A badge of figures that are not news any more (the node cannot be reached): said so, and never in a status colour. */
const lastKnown = (words: { label: string; tone: Tone }, stale: boolean) => (stale ? { label: `Last known: ${words.label}`, tone: 'neutral' as const } : words);

/**
 * The node's links to the outside (directory, reachability, LLM server) and its workload, one card each. `stale`: the
 * figures are the last heard from a node that cannot be reached now.
 */
export function NodeFacts({ snapshot, stale = false }: { snapshot: NodeSnapshot; stale?: boolean }) {
  const { directory, reachability, backend, capacity, today, node } = snapshot;
  const directoryWords = lastKnown(DIRECTORY_WORDS[directory.link], stale);
  // Both cards read the way in from this one verdict, so they never disagree.
  const verdict = reachVerdict(reachability);
  const reachWords = lastKnown(reachBadge(reachability, verdict), stale);
  const backendWords = lastKnown(BACKEND_WORDS[backend.status], stale);
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
            <p className={card.message}>{withoutLeadingLabel(directory.message, DIRECTORY_WORDS[directory.link].label)}</p>
          ) : directory.link === 'registered' ? (
            <p className={card.message}>{listedWords(statusKind, verdict)}</p>
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
        <div className={card.block} data-testid="reachability-status" data-status={reachability.status} data-verified={reachability.verified ? 'true' : 'false'} data-verdict={verdict}>
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
