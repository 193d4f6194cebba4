import type { PinholeInfo } from '@shared/contract';
import { formatCount } from '../../format';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { Token } from '../../components/ui/Token';
import fact from '../../components/ui/Fact.module.css';
import common from '../../components/ui/common.module.css';
import wayIn from './WayIn.module.css';

/** The IPv6 firewall opening (pinhole) the router holds for the node, like the IPv4 mapping card. */
export function PinholeCard({ pinhole }: { pinhole: PinholeInfo }) {
  return (
    <Card title="IPv6 firewall opening" className={wayIn.card}>
      <dl className={fact.plain}>
        <Fact label="State">
          <span data-testid="network-pinhole-state">{pinhole.state}</span>
        </Fact>
        <Fact label="Address">{pinhole.address ? <Token value={`[${pinhole.address}]:${pinhole.port}`} /> : <span className={common.muted}>None</span>}</Fact>
        <Fact label="Lease">
          {pinhole.leaseRemainingSeconds !== null ? `${formatCount(Math.round(pinhole.leaseRemainingSeconds / 60))} of ${formatCount(Math.round((pinhole.leaseSeconds ?? 0) / 60))} minutes left` : <span className={common.muted}>None</span>}
        </Fact>
      </dl>
      {pinhole.lastError ? <p className={`${common.small} ${wayIn.problem}`}>{pinhole.lastError}</p> : null}
    </Card>
  );
}
