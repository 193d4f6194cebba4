import type { RelayInfo } from '@shared/contract';
import { formatAt, formatScore } from '../../format';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { Token } from '../../components/ui/Token';
import fact from '../../components/ui/Fact.module.css';
import common from '../../components/ui/common.module.css';
import wayIn from './WayIn.module.css';
import type { MessageId } from '@shared/i18n/catalogue';
import { useT } from '../../i18n/useT';

const STATE_WORDS: Record<RelayInfo['state'], { label: MessageId; tone: 'ok' | 'warn' | 'neutral' | 'bad' }> = {
  idle: { label: 'network.relay.idle', tone: 'neutral' },
  electing: { label: 'network.relay.electing', tone: 'neutral' },
  binding: { label: 'network.relay.binding', tone: 'neutral' },
  bound: { label: 'network.relay.bound', tone: 'ok' },
  reconnecting: { label: 'network.relay.reconnecting', tone: 'warn' },
  no_relay: { label: 'network.relay.noRelay', tone: 'bad' },
  stopped: { label: 'network.relay.stopped', tone: 'neutral' },
};

/** The relay in use: who carries the traffic (named, with its standing), and what it has carried. */
export function RelayCard({ relay }: { relay: RelayInfo }) {
  const t = useT();
  const state = STATE_WORDS[relay.state];
  return (
    <Card title={t('network.relay.title')} className={wayIn.card}>
      <p data-testid="network-relay-state">
        <StatusBadge tone={state.tone}>{t(state.label)}</StatusBadge>
      </p>
      <dl className={fact.plain}>
        <Fact label={t('network.relay.relay')}>
          <span data-testid="network-relay-host">
            {relay.relayHost ? (
              <Token value={relay.relayHost} />
            ) : (
              <span className={common.muted}>{t('network.relay.none')}</span>
            )}
          </span>
        </Fact>
        <Fact label={t('network.relay.node')}>
          {relay.relayNodeId ? (
            <Token value={relay.relayNodeId} />
          ) : (
            <span className={common.muted}>{t('network.relay.none')}</span>
          )}
        </Fact>
        <Fact label={t('network.relay.standing')}>
          {relay.probation === null && relay.reputation === null ? (
            <span className={common.muted}>{t('network.relay.unknown')}</span>
          ) : (
            t('network.relay.standingWords', {
              probation: relay.probation ? 'yes' : 'no',
              hasScore: relay.reputation !== null ? 'yes' : 'no',
              score: relay.reputation !== null ? formatScore(relay.reputation) : '',
            })
          )}
        </Fact>
        <Fact label={t('network.relay.since')}>
          {relay.boundAt ? (
            formatAt(relay.boundAt)
          ) : (
            <span className={common.muted}>{t('network.relay.notConnected')}</span>
          )}
        </Fact>
        <Fact label={t('network.relay.carried')}>
          <span data-testid="network-relay-calls">{relay.calls}</span>
          {relay.refusedPlaintext > 0 ? (
            <span className={common.muted}> {t('network.relay.refused', { count: relay.refusedPlaintext })}</span>
          ) : null}
        </Fact>
        {relay.nextAttemptAt ? <Fact label={t('network.relay.next')}>{formatAt(relay.nextAttemptAt)}</Fact> : null}
      </dl>
      <p className={`${common.small} ${wayIn.note}`}>{t('network.relay.note')}</p>
      {relay.lastError ? (
        <p className={`${common.small} ${wayIn.problem}`} data-testid="network-relay-error">
          {t.said(relay.lastError)}
        </p>
      ) : null}
    </Card>
  );
}
