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
import { useT } from '../../i18n/useT';

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
  const t = useT();
  const state = MAPPING_STATE_WORDS[m.state];
  return (
    <Card title={t('network.mappingCard.title')}>
      <div className={card.block} data-testid="network-mapping" data-state={m.state} data-protocol={m.protocol}>
        <p>
          <StatusBadge tone={state.tone}>
            <span data-testid="mapping-state">{state.label}</span>
          </StatusBadge>
        </p>
        <dl className={fact.grid}>
          <Fact label={t('network.mappingCard.protocol')}>
            <span data-testid="mapping-protocol">{PROTOCOL_WORDS[m.protocol]}</span>
          </Fact>
          <Fact label={t('network.mappingCard.routerAddress')}>
            <span data-testid="mapping-external">
              {m.externalAddress ? (
                <Token value={m.externalAddress} />
              ) : (
                <span className={common.muted}>{t('network.mappingCard.noneHeld')}</span>
              )}
            </span>
          </Fact>
          <Fact label={t('network.mappingCard.forwardsTo')}>
            {t('network.mappingCard.thisPort', { port: String(m.internalPort) })}
          </Fact>
          <Fact label={t('network.mappingCard.leaseLeft')}>
            <LeaseCountdown mapping={m} emittedAt={emittedAt} />
          </Fact>
          <Fact label={t('network.mappingCard.lastRenewal')}>
            <span data-testid="mapping-renewed">
              {m.lastRenewalAt ? (
                <RelativeTime iso={m.lastRenewalAt} />
              ) : (
                <span className={common.muted}>{t('network.mappingCard.notYet')}</span>
              )}
            </span>
          </Fact>
          <Fact label={t('network.mappingCard.next')}>
            {m.nextAttemptAt ? (
              <NextAttempt iso={m.nextAttemptAt} />
            ) : (
              <span className={common.muted}>{t('network.mappingCard.nonePlanned')}</span>
            )}
          </Fact>
          <Fact label={t('network.mappingCard.failures')}>
            <span data-testid="mapping-failures" className={m.consecutiveFailures > 0 ? common.resultWarn : undefined}>
              {m.consecutiveFailures === 0 ? t('network.mappingCard.none') : formatCount(m.consecutiveFailures)}
            </span>
          </Fact>
          {m.lastError ? (
            <Fact label={t('network.mappingCard.lastError')}>
              <span className={`${common.break} ${common.resultBad}`} data-testid="mapping-error">
                {t.said(m.lastError)}
              </span>
            </Fact>
          ) : null}
        </dl>
      </div>
    </Card>
  );
}
