import type { ReachabilityInfo } from '@shared/contract';
import { advertisedWords, METHOD_WORDS, streamingWords } from '../../words/network-words';
import { Card } from '../../components/ui/Card';
import { Fact } from '../../components/ui/Fact';
import { Token } from '../../components/ui/Token';
import common from '../../components/ui/common.module.css';
import fact from '../../components/ui/Fact.module.css';
import styles from './AddressFacts.module.css';

const Unknown = ({ children = 'Unknown' }: { children?: string }) => <span className={common.muted}>{children}</span>;

/**
 * Where the node can be found: its public address and how it got it, the port, and the addresses around it; and when
 * that way in cannot stream answers (a relay, a tunnel), one sentence that says so.
 */
export function AddressFacts({ reachability: r }: { reachability: ReachabilityInfo }) {
  const advertised = r.transportMethod !== null || r.exposureMode !== null;
  const streaming = streamingWords(r);
  return (
    <Card title="Addresses">
      <dl className={fact.plain}>
        <Fact label="Public address">
          <span data-testid="network-endpoint">{r.endpoint ? <Token value={r.endpoint} /> : <Unknown>None yet</Unknown>}</span>
        </Fact>
        <Fact label="How">
          <span data-testid="network-method">
            {r.method ? METHOD_WORDS[r.method] : <Unknown>{r.status === 'checking' ? 'Still looking' : 'No way in found'}</Unknown>}
          </span>
        </Fact>
        <Fact label="Task port">{r.taskPort !== null ? <span data-testid="network-task-port">{r.taskPort}</span> : <Unknown>Not listening</Unknown>}</Fact>
        <Fact label="This computer (LAN)">
          <span data-testid="network-local-address">{r.localAddress ? <code>{r.localAddress}</code> : <Unknown />}</span>
        </Fact>
        <Fact label="Router's public address">
          <span data-testid="network-router-ip">{r.routerExternalIp ? <code>{r.routerExternalIp}</code> : <Unknown />}</span>
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
            <summary>For the curious: the values as sent</summary>
            <dl className={fact.inline}>
              <Fact label="transport_method">
                <code>{r.transportMethod ?? 'not set'}</code>
              </Fact>
              <Fact label="exposure_mode">
                <code>{r.exposureMode ?? 'not set'}</code>
              </Fact>
            </dl>
          </details>
        ) : null}
      </div>
    </Card>
  );
}
