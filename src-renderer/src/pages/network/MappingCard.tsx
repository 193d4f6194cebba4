import type { PortMappingInfo } from '@shared/contract';
import { formatCount, formatFullTimestamp, formatIn } from '../../format';
import { useNow } from '../../hooks/useNow';
import { MAPPING_STATE_WORDS, PROTOCOL_WORDS } from '../../words/network-words';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { LeaseCountdown } from './LeaseCountdown';
import { Token } from '../../components/ui/Token';
import card from '../../components/ui/Card.module.css';
import fact from '../../components/ui/Fact.module.css';
import common from '../../components/ui/common.module.css';

function NextAttempt({ iso }: { iso: string }) {
  const now = useNow();
  return (
    <time dateTime={iso} title={formatFullTimestamp(iso)}>
      {formatIn(iso, now)}
    </time>
  );
}

/** The port the node asked the router to open: by which protocol, how it stands, and its lease. */
export function MappingCard({ mapping: m, emittedAt }: { mapping: PortMappingInfo; emittedAt: string }) {
  const state = MAPPING_STATE_WORDS[m.state];
  return (
    <Card title="Router port mapping">
      <div className={card.block} data-testid="network-mapping" data-state={m.state} data-protocol={m.protocol}>
        <p>
          <StatusBadge tone={state.tone}>
            <span data-testid="mapping-state">{state.label}</span>
          </StatusBadge>
        </p>
        <dl className={fact.grid}>
          <Fact label="Protocol">
            <span data-testid="mapping-protocol">{PROTOCOL_WORDS[m.protocol]}</span>
          </Fact>
          <Fact label="Router's address">
            <span data-testid="mapping-external">{m.externalAddress ? <Token value={m.externalAddress} /> : <span className={common.muted}>None held</span>}</span>
          </Fact>
          <Fact label="Forwards to">This computer, port {m.internalPort}</Fact>
          <Fact label="Lease left">
            <LeaseCountdown mapping={m} emittedAt={emittedAt} />
          </Fact>
          <Fact label="Last renewal">
            <span data-testid="mapping-renewed">{m.lastRenewalAt ? <RelativeTime iso={m.lastRenewalAt} /> : <span className={common.muted}>Not yet</span>}</span>
          </Fact>
          <Fact label="Next attempt">{m.nextAttemptAt ? <NextAttempt iso={m.nextAttemptAt} /> : <span className={common.muted}>None planned</span>}</Fact>
          <Fact label="Failures in a row">
            <span data-testid="mapping-failures" className={m.consecutiveFailures > 0 ? common.resultWarn : undefined}>
              {m.consecutiveFailures === 0 ? 'None' : formatCount(m.consecutiveFailures)}
            </span>
          </Fact>
          {m.lastError ? (
            <Fact label="Last error">
              <span className={`${common.break} ${common.resultBad}`} data-testid="mapping-error">
                {m.lastError}
              </span>
            </Fact>
          ) : null}
        </dl>
      </div>
    </Card>
  );
}
