/*
 * What the real `tailscale` CLI prints, trimmed to realistic size: `tailscale status --json` (ipnstate.Status) and
 * `tailscale serve status --json` (ipn.ServeConfig: TCP port → {HTTPS}, Web "host:port" → Handlers mount → {Proxy},
 * AllowFunnel "host:port" → true, Foreground session id → ServeConfig for runs without --bg).
 */

export const TAILNET_SUFFIX = 'tail4a63e4.ts.net';

export function tailscaleStatus(
  o: { host?: string; backendState?: 'Running' | 'NeedsLogin' | 'Stopped' | 'Starting'; dnsName?: string } = {},
): object {
  const host = o.host ?? 'desk';
  const backendState = o.backendState ?? 'Running';
  const running = backendState === 'Running';
  const dnsName = o.dnsName ?? (running ? `${host}.${TAILNET_SUFFIX}.` : '');
  return {
    Version: '1.86.2-t0a5b6c7d8-g1a2b3c4d5',
    TUN: true,
    BackendState: backendState,
    HaveNodeKey: true,
    AuthURL: running ? '' : 'https://login.tailscale.com/a/1a2b3c4d5e6f',
    TailscaleIPs: running ? ['100.101.102.103', 'fd7a:115c:a1e0::4c01:6667'] : null,
    Self: {
      ID: 'nK7abcde3CNTRL',
      PublicKey: 'nodekey:5c0b2b1f2e0d9c8b7a69584736251403f2e1d0c9b8a7968574635241302f1e0d',
      HostName: host,
      DNSName: dnsName,
      OS: 'linux',
      UserID: 6518238413862311,
      TailscaleIPs: running ? ['100.101.102.103', 'fd7a:115c:a1e0::4c01:6667'] : null,
      AllowedIPs: running ? ['100.101.102.103/32', 'fd7a:115c:a1e0::4c01:6667/128'] : null,
      Addrs: ['203.0.113.7:41641', '192.168.1.20:41641'],
      CurAddr: '',
      Relay: 'fra',
      RxBytes: 0,
      TxBytes: 0,
      Created: '2025-03-02T10:14:07.123456789Z',
      LastWrite: '0001-01-01T00:00:00Z',
      LastSeen: '0001-01-01T00:00:00Z',
      LastHandshake: '0001-01-01T00:00:00Z',
      Online: running,
      ExitNode: false,
      ExitNodeOption: false,
      Active: false,
      PeerAPIURL: running ? ['http://100.101.102.103:46721', 'http://[fd7a:115c:a1e0::4c01:6667]:46721'] : null,
      Capabilities: [
        'HTTPS://TAILSCALE.COM/S/DEPRECATED-NODE-CAPS#SEE-CAPMAP',
        'https://tailscale.com/cap/funnel',
        'https://tailscale.com/cap/https',
      ],
      CapMap: {
        funnel: null,
        https: null,
        'https://tailscale.com/cap/funnel': null,
        'https://tailscale.com/cap/https': null,
      },
      InNetworkMap: true,
      InMagicSock: false,
      InEngine: false,
    },
    Health: running ? [] : ['not logged in'],
    MagicDNSSuffix: TAILNET_SUFFIX,
    CurrentTailnet: { Name: 'person@example.com', MagicDNSSuffix: TAILNET_SUFFIX, MagicDNSEnabled: true },
    CertDomains: running ? [`${host}.${TAILNET_SUFFIX}`] : null,
    Peer: {
      'nodekey:9a8b7c6d5e4f30211203f4e5d6c7b8a9a8b7c6d5e4f30211203f4e5d6c7b8a9a': {
        ID: 'nP4qrstu3CNTRL',
        HostName: 'phone',
        DNSName: `phone.${TAILNET_SUFFIX}.`,
        OS: 'iOS',
        TailscaleIPs: ['100.90.80.70'],
        Online: false,
        Active: false,
      },
    },
    User: {
      '6518238413862311': {
        ID: 6518238413862311,
        LoginName: 'person@example.com',
        DisplayName: 'Person',
        ProfilePicURL: '',
      },
    },
    ClientVersion: { RunningLatest: true },
  };
}

/** `tailscale serve|funnel --bg --https=<httpsPort> <target>` (funnel: AllowFunnel set for that host:port). */
export function serveConfig(o: {
  host?: string;
  httpsPort?: number;
  target: string;
  mount?: string;
  funnel: boolean;
}): object {
  const hostPort = `${o.host ?? 'desk'}.${TAILNET_SUFFIX}:${o.httpsPort ?? 443}`;
  return {
    TCP: { [String(o.httpsPort ?? 443)]: { HTTPS: true } },
    Web: { [hostPort]: { Handlers: { [o.mount ?? '/']: { Proxy: o.target } } } },
    ...(o.funnel ? { AllowFunnel: { [hostPort]: true } } : {}),
  };
}

/** `tailscale funnel <port>` left running in a terminal (no --bg): the config lives under Foreground[session]. */
export function foregroundFunnel(o: { host?: string; target: string }): object {
  return { Foreground: { '3f6c1b2a9e8d7c6b': serveConfig({ host: o.host, target: o.target, funnel: true }) } };
}
