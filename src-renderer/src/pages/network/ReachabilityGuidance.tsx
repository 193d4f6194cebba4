import type { ReactNode } from 'react';
import type { PortMappingMode, ReachabilityInfo } from '@shared/contract';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { useT } from '../../i18n/useT';
import { Words } from '../../i18n/Words';
import { Card } from '../../components/ui/Card';
import { Token } from '../../components/ui/Token';
import styles from './ReachabilityGuidance.module.css';

interface Props {
  reachability: ReachabilityInfo;
  /** The stored port-mapping mode, or null while the settings load. */
  mode: PortMappingMode | null;
}

const code = (c: ReactNode[]) => <code>{c}</code>;
const strong = (c: ReactNode[]) => <strong>{c}</strong>;

/** What to do when the internet cannot reach the node: the port forward spelled out, or a tunnel. */
export function ReachabilityGuidance({ reachability: r, mode }: Props) {
  const t = useT();
  const port = r.taskPort;
  // Each sentence names the port when it is known: "port 9000", else "the task port".
  const ported = { hasPort: port === null ? 'no' : 'yes', port: port === null ? '' : String(port) };
  // Behind a second NAT the router's own address is not the one the internet sees.
  const publicIp = r.routerExternalIp && !r.natWarning ? r.routerExternalIp : `<${t('network.guidance.yourPublicIp')}>`;
  const example = `http://${publicIp}${port === null ? '' : `:${port}`}`;
  // Switched off by the host for this run: the form below cannot change it, the host's start command can.
  const modeFixed = useFixedSettings().has('portMapping');

  return (
    <Card title={t('network.guidance.title')}>
      <div data-testid="network-guidance" className={styles.guidance}>
        {r.status === 'not_reachable' && r.method === 'public_url' && r.endpoint ? (
          <p>
            <Words id="network.guidance.badUrl" values={ported} tags={{ url: () => <Token value={r.endpoint!} /> }} />
          </p>
        ) : (
          <p>{t('network.guidance.nobody')}</p>
        )}
        {r.natWarning ? <p className={styles.note}>{t('network.guidance.doubleNat')}</p> : null}
        <ol className={styles.list}>
          <li>
            {r.localAddress ? (
              <Words
                id="network.guidance.forwardAt"
                values={ported}
                tags={{
                  strong,
                  address: () => <code data-testid="guidance-local-address">{r.localAddress}</code>,
                  example: () => <Token value={example} />,
                }}
              />
            ) : (
              <Words
                id="network.guidance.forwardUnknown"
                values={ported}
                tags={{ strong, example: () => <Token value={example} /> }}
              />
            )}
          </li>
          <li>
            {mode === 'off' && modeFixed ? (
              <Words id="network.guidance.askRouterFixed" tags={{ strong, code }} />
            ) : mode === 'off' ? (
              <Words id="network.guidance.askRouterOff" tags={{ strong }} />
            ) : (
              <Words id="network.guidance.askRouter" tags={{ strong }} />
            )}
          </li>
          <li>
            <Words id="network.guidance.tunnel" values={ported} tags={{ strong }} />
          </li>
        </ol>
      </div>
    </Card>
  );
}
