import type { PinholeInfo } from '@shared/contract';
import { formatCount } from '../../format';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { Token } from '../../components/ui/Token';
import fact from '../../components/ui/Fact.module.css';
import common from '../../components/ui/common.module.css';
import wayIn from './WayIn.module.css';
import { useT } from '../../i18n/useT';

/** The IPv6 firewall opening (pinhole) the router holds for the node, like the IPv4 mapping card. */
export function PinholeCard({ pinhole }: { pinhole: PinholeInfo }) {
  const t = useT();
  return (
    <Card title={t('network.pinhole.title')} className={wayIn.card}>
      <dl className={fact.plain}>
        <Fact label={t('network.tunnel.state')}>
          <span data-testid="network-pinhole-state">{t.said(pinhole.state)}</span>
        </Fact>
        <Fact label={t('network.pinhole.address')}>
          {pinhole.address ? (
            <Token value={`[${pinhole.address}]:${pinhole.port}`} />
          ) : (
            <span className={common.muted}>{t('network.mappingCard.none')}</span>
          )}
        </Fact>
        <Fact label={t('network.pinhole.lease')}>
          {pinhole.leaseRemainingSeconds !== null ? (
            t('network.pinhole.left', {
              left: formatCount(Math.round(pinhole.leaseRemainingSeconds / 60)),
              total: formatCount(Math.round((pinhole.leaseSeconds ?? 0) / 60)),
            })
          ) : (
            <span className={common.muted}>{t('network.mappingCard.none')}</span>
          )}
        </Fact>
      </dl>
      {pinhole.lastError ? <p className={`${common.small} ${wayIn.problem}`}>{t.said(pinhole.lastError)}</p> : null}
    </Card>
  );
}
