import type { RelayInfo } from '@shared/contract';
import { formatAt, formatScore } from '../../format';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { Token } from '../../components/ui/Token';
import fact from '../../components/ui/Fact.module.css';
import common from '../../components/ui/common.module.css';
import wayIn from './WayIn.module.css';

const STATE_WORDS: Record<RelayInfo['state'], { label: string; tone: 'ok' | 'warn' | 'neutral' | 'bad' }> = {
  idle: { label: 'Not started', tone: 'neutral' },
  electing: { label: 'Choosing a relay', tone: 'neutral' },
  binding: { label: 'Connecting to the relay', tone: 'neutral' },
  bound: { label: 'Connected: tasks arrive through it', tone: 'ok' },
  reconnecting: { label: 'Lost: looking for another relay', tone: 'warn' },
  no_relay: { label: 'No relay available', tone: 'bad' },
  stopped: { label: 'Left the relay', tone: 'neutral' },
};

/** The relay in use: who carries the traffic (named, with its standing), and what it has carried. */
export function RelayCard({ relay }: { relay: RelayInfo }) {
  const state = STATE_WORDS[relay.state];
  return (
    <Card title="Relay" className={wayIn.card}>
      <p data-testid="network-relay-state">
        <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
      </p>
      <dl className={fact.plain}>
        <Fact label="Relay">
          <span data-testid="network-relay-host">{relay.relayHost ? <Token value={relay.relayHost} /> : <span className={common.muted}>None</span>}</span>
        </Fact>
        <Fact label="Relay node">{relay.relayNodeId ? <Token value={relay.relayNodeId} /> : <span className={common.muted}>None</span>}</Fact>
        <Fact label="Its standing">
          {relay.probation === null && relay.reputation === null ? (
            <span className={common.muted}>Unknown</span>
          ) : (
            <>
              {relay.probation ? 'New to the network (on probation)' : 'Established'}
              {relay.reputation !== null ? `, reputation ${formatScore(relay.reputation)}` : ''}
            </>
          )}
        </Fact>
        <Fact label="Connected since">{relay.boundAt ? formatAt(relay.boundAt) : <span className={common.muted}>Not connected</span>}</Fact>
        <Fact label="Tasks carried">
          <span data-testid="network-relay-calls">{relay.calls}</span>
          {relay.refusedPlaintext > 0 ? <span className={common.muted}> ({relay.refusedPlaintext} unencrypted refused)</span> : null}
        </Fact>
        {relay.nextAttemptAt ? <Fact label="Next attempt">{formatAt(relay.nextAttemptAt)}</Fact> : null}
      </dl>
      <p className={`${common.small} ${wayIn.note}`}>
        The relay forwards tasks to this computer over a connection the node opened itself, so no port has to be opened. End-to-end encrypted (IICP-CX) tasks stay
        unreadable to it; unencrypted ones are refused unless you allow them below.
      </p>
      {relay.lastError ? (
        <p className={`${common.small} ${wayIn.problem}`} data-testid="network-relay-error">
          {relay.lastError}
        </p>
      ) : null}
    </Card>
  );
}
