import type { TunnelInfo } from '@shared/contract';
import { formatAt } from '../../format';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { Token } from '../../components/ui/Token';
import fact from '../../components/ui/Fact.module.css';
import common from '../../components/ui/common.module.css';
import wayIn from './WayIn.module.css';
import type { MessageId } from '@shared/i18n/catalogue';
import { useT } from '../../i18n/useT';

const SOURCE_WORDS: Record<TunnelInfo['source'], MessageId> = {
  env: 'network.tunnel.env',
  ngrok: 'network.tunnel.ngrok',
  tailscale: 'network.tunnel.tailscale',
  cloudflared: 'network.tunnel.cloudflared',
};

/** The tunnel in use: where it came from, its public URL, and how it is doing. */
export function TunnelCard({ tunnel }: { tunnel: TunnelInfo }) {
  const t = useT();
  return (
    <Card title={t('network.tunnel.title')} className={wayIn.card}>
      <dl className={fact.plain}>
        <Fact label={t('network.tunnel.kind')}>{t(SOURCE_WORDS[tunnel.source])}</Fact>
        <Fact label={t('network.tunnel.url')}>
          <span data-testid="network-tunnel-url">
            {tunnel.url ? (
              <Token value={tunnel.url} />
            ) : (
              <span className={common.muted}>{t('network.address.noneYet')}</span>
            )}
          </span>
        </Fact>
        <Fact label={t('network.tunnel.state')}>
          <span data-testid="network-tunnel-state">{t.said(tunnel.state)}</span>
        </Fact>
        {tunnel.nextAttemptAt ? (
          <Fact label={t('network.mappingCard.next')}>{formatAt(tunnel.nextAttemptAt)}</Fact>
        ) : null}
      </dl>
      {tunnel.lastError ? <p className={`${common.small} ${wayIn.problem}`}>{t.said(tunnel.lastError)}</p> : null}
    </Card>
  );
}
