import type { ReachabilityInfo } from '@shared/contract';
import { advertisedWords, METHOD_WORDS, streamingWords } from '../../words/network-words';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { Token } from '../../components/ui/Token';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import styles from './AddressFacts.module.css';
import { useT } from '../../i18n/useT';

function Unknown({ children }: { children?: string }) {
  const t = useT();
  return <span className={common.muted}>{children ?? t('network.address.unknown')}</span>;
}

/**
 * Where the node can be found: its public address and how it got it, the port, and the addresses around it; and when
 * that way in cannot stream answers (a relay, a tunnel), one sentence that says so.
 */
export function AddressFacts({ reachability: r }: { reachability: ReachabilityInfo }) {
  const t = useT();
  const advertised = r.transportMethod !== null || r.exposureMode !== null;
  const streaming = streamingWords(r);
  return (
    <Card title={t('network.address.title')}>
      <dl className={fact.plain}>
        <Fact label={t('network.address.public')}>
          <span data-testid="network-endpoint">
            {r.endpoint ? <Token value={r.endpoint} /> : <Unknown>{t('network.address.noneYet')}</Unknown>}
          </span>
        </Fact>
        <Fact label={t('network.address.how')}>
          <span data-testid="network-method">
            {r.method ? (
              METHOD_WORDS[r.method]
            ) : (
              <Unknown>
                {r.status === 'checking' ? t('network.address.stillLooking') : t('network.address.noWayIn')}
              </Unknown>
            )}
          </span>
        </Fact>
        <Fact label={t('network.address.taskPort')}>
          {r.taskPort !== null ? (
            <span data-testid="network-task-port">{r.taskPort}</span>
          ) : (
            <Unknown>{t('network.address.notListening')}</Unknown>
          )}
        </Fact>
        <Fact label={t('network.address.lan')}>
          <span data-testid="network-local-address">
            {r.localAddress ? <code>{r.localAddress}</code> : <Unknown />}
          </span>
        </Fact>
        <Fact label={t('network.address.router')}>
          <span data-testid="network-router-ip">
            {r.routerExternalIp ? <code>{r.routerExternalIp}</code> : <Unknown />}
          </span>
        </Fact>
      </dl>
      {streaming ? (
        <p className={common.small} data-testid="network-streaming">
          {streaming}
        </p>
      ) : null}
      <div className={`${common.note} ${styles.expert}`} data-testid="network-advertised">
        <p>{advertisedWords(r)}</p>
        {advertised ? (
          <details data-testid="network-advertised-values">
            <summary>{t('network.address.curious')}</summary>
            <dl className={fact.inline}>
              <Fact label="transport_method">
                <code>{r.transportMethod ?? t('network.address.notSet')}</code>
              </Fact>
              <Fact label="exposure_mode">
                <code>{r.exposureMode ?? t('network.address.notSet')}</code>
              </Fact>
            </dl>
          </details>
        ) : null}
      </div>
    </Card>
  );
}
