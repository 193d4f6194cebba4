import type { NodeSnapshot } from '@shared/contract';
import { useStatusKind } from '../../hooks/useStatusWords';
import {
  BACKEND_WORDS,
  DIRECTORY_WORDS,
  flavourLabel,
  formatCount,
  linkMessageWords,
  urlHost,
  type Tone,
} from '../../format';
import { listedWords, reachBadge, reachVerdict } from './reach-verdict';
import { routeHref } from '../../routes';
import { CapacityMeter } from './CapacityMeter';
import { TodayCredits } from './TodayCredits';
import { Card, CardGrid } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { ServerFacts } from './ServerFacts';
import { NextStep } from './NextStep';
import { NodeIdField } from '../../components/NodeIdField';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { ReachConfirmedAt } from '../../components/ReachConfirmedAt';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { Token } from '../../components/ui/Token';
import card from '../../components/ui/Card.module.css';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import { useT } from '../../i18n/useT';
import type { Say } from '@shared/i18n/say';
import { nodeDayZone } from './node-day';

/**
 * A badge of figures that are not news any more (the node cannot be reached): said so, and never in a status colour.
 */
const lastKnown = (t: Say, words: { label: string; tone: Tone }, stale: boolean) =>
  stale ? { label: t('dashboard.facts.lastKnown', { label: words.label }), tone: 'neutral' as const } : words;

/**
 * The node's links to the outside (directory, reachability, LLM server) and its workload, one card each. `stale`: the
 * figures are the last heard from a node that cannot be reached now.
 */
export function NodeFacts({ snapshot, stale = false }: { snapshot: NodeSnapshot; stale?: boolean }) {
  const t = useT();
  const { directory, reachability, backend, capacity, today, node } = snapshot;
  const dayZone = nodeDayZone(snapshot);
  const directoryWords = lastKnown(t, DIRECTORY_WORDS[directory.link], stale);
  // Both cards read the way in from this one verdict, so they never disagree.
  const verdict = reachVerdict(reachability);
  const reachWords = lastKnown(t, reachBadge(reachability, verdict), stale);
  const backendWords = lastKnown(t, BACKEND_WORDS[backend.status], stale);
  const flavour = flavourLabel(backend.flavour);
  const showHeartbeat = directory.lastHeartbeatAt !== null || directory.link === 'registered';
  const statusKind = useStatusKind();

  return (
    <CardGrid>
      <Card title={t('dashboard.facts.directory.title')}>
        <div className={card.block} data-testid="directory-link" data-status={directory.link}>
          <p>
            <StatusBadge tone={directoryWords.tone}>{directoryWords.label}</StatusBadge>
          </p>
          {directory.message ? (
            <p className={card.message}>{linkMessageWords(t, directory.message)}</p>
          ) : directory.link === 'registered' ? (
            <p className={card.message}>{listedWords(statusKind, verdict)}</p>
          ) : null}
          {showHeartbeat ? (
            <p className={common.small}>
              <span className={common.muted}>{t('dashboard.facts.heartbeat')} </span>
              {directory.lastHeartbeatAt ? (
                <RelativeTime iso={directory.lastHeartbeatAt} />
              ) : (
                <span>{t('dashboard.facts.heartbeatNotYet')}</span>
              )}
            </p>
          ) : null}
        </div>
        <dl className={fact.grid}>
          <Fact label={t('dashboard.facts.nodeId')}>
            {node.nodeId ? (
              <NodeIdField nodeId={node.nodeId} />
            ) : (
              <span className={common.muted}>{t('dashboard.facts.nodeIdLater')}</span>
            )}
          </Fact>
          {directory.url ? (
            <Fact label={t('dashboard.facts.directory')}>
              <span title={directory.url}>{urlHost(directory.url)}</span>
            </Fact>
          ) : null}
        </dl>
      </Card>

      <Card title={t('dashboard.facts.reach.title')}>
        <div
          className={card.block}
          data-testid="reachability-status"
          data-status={reachability.status}
          data-verified={reachability.verified ? 'true' : 'false'}
          data-verdict={verdict}
        >
          <p>
            <StatusBadge tone={reachWords.tone}>{reachWords.label}</StatusBadge>
          </p>
          {reachability.message ? (
            <p className={card.message}>
              {t.said(reachability.message)}
              <ReachConfirmedAt reachability={reachability} />
            </p>
          ) : null}
        </div>
        {reachability.endpoint ? (
          <dl className={fact.grid}>
            <Fact label={t('dashboard.facts.reach.address')}>
              <Token value={reachability.endpoint} />
            </Fact>
          </dl>
        ) : null}
        <p className={card.footerLink}>
          <a href={routeHref('network')} data-testid="reachability-link">
            {reachability.status === 'local_only' || reachability.status === 'not_reachable'
              ? t('dashboard.facts.reach.whatToDo')
              : t('dashboard.facts.reach.details')}
          </a>
        </p>
      </Card>

      <Card
        title={backend.servers.length > 1 ? t('dashboard.facts.backend.titleMany') : t('dashboard.facts.backend.title')}
      >
        <div
          className={`${card.block} ${card.blockFill}`}
          data-testid="backend-status"
          data-status={backend.status}
          data-flavour={backend.flavour ?? ''}
        >
          <p>
            <StatusBadge tone={backendWords.tone}>{backendWords.label}</StatusBadge>
          </p>
          {backend.message ? <p className={card.message}>{t.said(backend.message)}</p> : null}
          {backend.status === 'unreachable' ? (
            <>
              <p className={card.message}>
                {t('dashboard.facts.backend.startAgain', { server: flavour && flavour !== 'Other' ? flavour : 'none' })}
              </p>
              <NextStep
                action={{ kind: 'command', label: t('dashboard.facts.backend.checkNow'), command: 'checkAgain' }}
                testId="backend-check-now"
              />
            </>
          ) : null}
          <ServerFacts backend={backend} />
        </div>
        {backend.status === 'not_configured' ? (
          <p className={card.footerLink}>
            <a href={routeHref('settings')}>{t('dashboard.facts.backend.choose')}</a>
          </p>
        ) : null}
      </Card>

      <Card title={t('dashboard.facts.workload.title')}>
        <CapacityMeter capacity={capacity} />
        <dl className={fact.inline}>
          <Fact
            label={
              dayZone
                ? t('dashboard.facts.workload.tasksTodayZone', { zone: dayZone })
                : t('dashboard.facts.workload.tasksToday')
            }
          >
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
