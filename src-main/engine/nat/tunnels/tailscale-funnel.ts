import { said, type Said } from '@shared/i18n/said';
import type { ExistingTunnel } from './found-tunnel';
import { parseForwardTarget, pointsAt } from './local-target';
import { secondsSaid, type CommandResult } from './run-command';

export type RunTailscale = (args: string[]) => Promise<CommandResult>;

/** The subset of Tailscale's `ipn.ServeConfig` (as `tailscale serve status --json` prints it) read here. */
interface ServeConfig {
  TCP?: Record<string, { HTTPS?: boolean; TCPForward?: string; TerminateTLS?: string } | null>;
  Web?: Record<string, { Handlers?: Record<string, { Proxy?: string } | null> } | null>;
  AllowFunnel?: Record<string, boolean>;
  /** Configs of `tailscale funnel`/`serve` runs without --bg, one per running CLI session. */
  Foreground?: Record<string, ServeConfig | null>;
}

interface Exposure {
  url: string;
  funnel: boolean;
}

/**
 * Finds a Tailscale Funnel that publishes this computer's `port` to the internet: `tailscale status --json` for the
 * machine's DNS name, then `tailscale serve status --json` for a Funnel-enabled host:port whose handler proxies to
 * the port. A `tailscale serve` without Funnel reaches only the person's own devices and is reported, not used.
 */
export async function findTailscaleFunnel(
  port: number,
  run: RunTailscale,
): Promise<{ found: ExistingTunnel | null; steps: Said[] }> {
  const steps: Said[] = [];
  const portValue = String(port);
  // Every way this ends without a Funnel to use says why in one step.
  const none = (why: Said) => {
    steps.push(why);
    return { found: null, steps };
  };
  const status = await run(['status', '--json']);
  if (!status.ok) return none(commandStep(status, 'status'));
  const self = readSelf(status.stdout);
  if (self === null) return none(said('tunnel.tailscale.statusUnreadable'));
  if (self.backendState !== 'Running') {
    return none(
      self.backendState
        ? said('tunnel.tailscale.notConnected', { state: self.backendState })
        : said('tunnel.tailscale.notConnectedUnknown'),
    );
  }
  if (!self.dnsName) return none(said('tunnel.tailscale.noDnsName'));

  const serve = await run(['serve', 'status', '--json']);
  if (!serve.ok) return none(commandStep(serve, 'serve'));
  const config = readServeConfig(serve.stdout);
  if (config === undefined) return none(said('tunnel.tailscale.serveUnreadable'));
  const exposures = config ? exposuresOf(config, self.dnsName, port) : [];
  const funnel = exposures.find((e) => e.funnel);
  if (funnel) {
    steps.push(said('tunnel.tailscale.funnel', { url: funnel.url, port: portValue }));
    const detail = said('tunnel.detail.tailscale', { host: self.dnsName, port: portValue });
    return { found: { url: funnel.url, source: 'tailscale', detail, matchesPort: true }, steps };
  }
  const tailnetOnly = exposures[0];
  return none(
    tailnetOnly
      ? said('tunnel.tailscale.tailnetOnly', { url: tailnetOnly.url, port: portValue })
      : said('tunnel.tailscale.nothing', { port: portValue }),
  );
}

function readSelf(stdout: string): { backendState: string; dnsName: string } | null {
  let v: unknown;
  try {
    v = JSON.parse(stdout);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const r = v as { BackendState?: unknown; Self?: { DNSName?: unknown } | null };
  const backendState = typeof r.BackendState === 'string' ? r.BackendState : '';
  const dns = typeof r.Self?.DNSName === 'string' ? r.Self.DNSName : '';
  // DNSName is fully qualified ("desk.tail1234.ts.net."); URLs and Funnel's host:port keys have no final dot.
  return { backendState, dnsName: dns.replace(/\.+$/, '').toLowerCase() };
}

/**
 * The config, null for "nothing served" (older versions print `null`, newer `{}` or nothing), undefined if unreadable.
 */
function readServeConfig(stdout: string): ServeConfig | null | undefined {
  const text = stdout.trim();
  if (text === '' || text === 'null') return null;
  try {
    const v: unknown = JSON.parse(text);
    if (v === null) return null;
    return typeof v === 'object' && !Array.isArray(v) ? (v as ServeConfig) : undefined;
  } catch {
    return undefined;
  }
}

/** Every https address on this machine's name that reaches `port`, Funnel-enabled ones first. */
function exposuresOf(root: ServeConfig, dnsName: string, port: number): Exposure[] {
  const out: Exposure[] = [];
  for (const config of [root, ...Object.values(root.Foreground ?? {})]) {
    if (!config) continue;
    const allow = config.AllowFunnel ?? {};
    for (const [hostPort, web] of Object.entries(config.Web ?? {})) {
      const hp = splitHostPort(hostPort);
      if (!hp || hp.host !== dnsName) continue;
      for (const [mount, handler] of Object.entries(web?.Handlers ?? {})) {
        if (typeof handler?.Proxy !== 'string' || !pointsAt(parseForwardTarget(handler.Proxy), port)) continue;
        out.push({ url: publicUrl(dnsName, hp.port, mount), funnel: allow[hostPort] === true });
      }
    }
    // `tailscale funnel --tls-terminated-tcp`: Tailscale ends TLS and passes the bytes on to the port unchanged.
    for (const [listen, tcp] of Object.entries(config.TCP ?? {})) {
      const listenPort = Number(listen);
      if (!tcp?.TCPForward || !tcp.TerminateTLS || !Number.isInteger(listenPort)) continue;
      if (!pointsAt(parseForwardTarget(tcp.TCPForward), port)) continue;
      out.push({ url: publicUrl(dnsName, listenPort, '/'), funnel: allow[`${dnsName}:${listenPort}`] === true });
    }
  }
  return out.sort((a, b) => Number(b.funnel) - Number(a.funnel));
}

function splitHostPort(hostPort: string): { host: string; port: number } | null {
  const i = hostPort.lastIndexOf(':');
  if (i <= 0) return null;
  const port = Number(hostPort.slice(i + 1));
  if (!Number.isInteger(port) || port <= 0) return null;
  return { host: hostPort.slice(0, i).toLowerCase(), port };
}

function publicUrl(host: string, port: number, mount: string): string {
  const path = mount === '/' || mount === '' ? '' : mount.replace(/\/+$/, '');
  return `https://${host}${port === 443 ? '' : `:${port}`}${path}`;
}

/** Why a tailscale run gave nothing to read; `what` it was asked: its status, or what it serves. */
function commandStep(r: Extract<CommandResult, { ok: false }>, what: 'status' | 'serve'): Said {
  switch (r.kind) {
    case 'missing':
      return said('tunnel.tailscale.missing');
    case 'timeout':
      return r.waitMs !== undefined
        ? said('tunnel.tailscale.timeoutAfter', { what, wait: secondsSaid(r.waitMs) })
        : said('tunnel.tailscale.timeout', { what, detail: r.detail });
    default:
      return /tailscaled|not running|doesn't appear to be running/i.test(r.detail)
        ? said('tunnel.tailscale.serviceDown')
        : said('tunnel.tailscale.failed', { what, detail: r.detail });
  }
}
