import type { PortMappingMode, ReachabilityInfo } from '@shared/contract';
import { useFixedSettings } from '../../hooks/useFixedSettings';
import { Card } from '../../components/ui/Card';
import { Token } from '../../components/ui/Token';
import styles from './ReachabilityGuidance.module.css';

interface Props {
  reachability: ReachabilityInfo;
  /** The stored port-mapping mode, or null while the settings load. */
  mode: PortMappingMode | null;
}

/** What to do when the internet cannot reach the node: the port forward spelled out, or a tunnel. */
export function ReachabilityGuidance({ reachability: r, mode }: Props) {
  const port = r.taskPort;
  const portWords = port === null ? 'the task port' : `TCP port ${port}`;
  // Behind a second NAT the router's own address is not the one the internet sees.
  const publicIp = r.routerExternalIp && !r.natWarning ? r.routerExternalIp : '<your public IP>';
  const example = `http://${publicIp}${port === null ? '' : `:${port}`}`;
  // Switched off by the host for this run: the form below cannot change it, the host's start command can.
  const modeFixed = useFixedSettings().has('portMapping');

  return (
    <Card title="What to do">
      <div data-testid="network-guidance" className={styles.guidance}>
        {r.status === 'not_reachable' && r.method === 'public_url' && r.endpoint ? (
          <p>
            The address <Token value={r.endpoint} /> does not lead to this node from the internet. Check that it is right and
            that it reaches {port === null ? 'the task port' : `port ${port}`} on this computer, or use one of these:
          </p>
        ) : (
          <p>Nobody on the internet can send tasks to your node yet, so it serves only this computer. Any one of these fixes it:</p>
        )}
        {r.natWarning ? (
          <p className={styles.note}>
            Because of the network in front of your router (see above), opening a port on your router alone is not enough. A tunnel works
            everywhere.
          </p>
        ) : null}
        <ol className={styles.list}>
          <li>
            <strong>Forward the port on your router.</strong> In your router's settings, forward {portWords} to this computer
            {r.localAddress ? (
              <>
                {' '}
                at <code data-testid="guidance-local-address">{r.localAddress}</code>
                {port === null ? '' : `, port ${port}`}.
              </>
            ) : (
              <>
                {port === null ? '' : `, port ${port}`}. This computer's LAN address is unknown: look it up in your system's network
                settings (it usually starts with 192.168. or 10.).
              </>
            )}{' '}
            Then enter <Token value={example} /> as the public URL below.
          </li>
          <li>
            <strong>Let the node ask your router.</strong>{' '}
            {mode === 'off' && modeFixed ? (
              <>
                Router port mapping is switched off for this run by the host's command line or environment. If your router supports UPnP or
                NAT-PMP, start the host with <code>--port-mapping auto</code> (or <code>IICP_PORT_MAPPING=auto</code>) instead.
              </>
            ) : mode === 'off' ? (
              'Router port mapping is switched off below. Set it to Automatic if your router supports UPnP or NAT-PMP.'
            ) : (
              "Switch on UPnP or NAT-PMP in your router's settings, then press Check again."
            )}
          </li>
          <li>
            <strong>Use a tunnel.</strong> Run a tunnel (for example cloudflared or ngrok) to {port === null ? 'the task port' : `port ${port}`} on
            this computer and paste the https address it gives you as the public URL below.
          </li>
        </ol>
      </div>
    </Card>
  );
}
