import type { TunnelInfo } from '@shared/contract';
import { formatAt } from '../../format';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { Token } from '../../components/ui/Token';
import fact from '../../components/ui/Fact.module.css';
import common from '../../components/ui/common.module.css';
import wayIn from './WayIn.module.css';

const SOURCE_WORDS: Record<TunnelInfo['source'], string> = {
  env: 'A tunnel URL set for this computer (IICP_TUNNEL_URL)',
  ngrok: 'An ngrok tunnel running on this computer',
  tailscale: 'Tailscale Funnel',
  cloudflared: 'A Cloudflare quick tunnel started by the app',
};

/** The tunnel in use: where it came from, its public URL, and how it is doing. */
export function TunnelCard({ tunnel }: { tunnel: TunnelInfo }) {
  return (
    <Card title="Tunnel" className={wayIn.card}>
      <dl className={fact.plain}>
        <Fact label="Kind">{SOURCE_WORDS[tunnel.source]}</Fact>
        <Fact label="Public URL">
          <span data-testid="network-tunnel-url">{tunnel.url ? <Token value={tunnel.url} /> : <span className={common.muted}>None yet</span>}</span>
        </Fact>
        <Fact label="State">
          <span data-testid="network-tunnel-state">{tunnel.state}</span>
        </Fact>
        {tunnel.nextAttemptAt ? <Fact label="Next attempt">{formatAt(tunnel.nextAttemptAt)}</Fact> : null}
      </dl>
      {tunnel.lastError ? <p className={`${common.small} ${wayIn.problem}`}>{tunnel.lastError}</p> : null}
    </Card>
  );
}
