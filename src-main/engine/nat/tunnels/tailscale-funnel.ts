import type { ExistingTunnel } from './found-tunnel';
import { parseForwardTarget, pointsAt } from './local-target';
import type { CommandResult } from './run-command';

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
export async function findTailscaleFunnel(port: number, run: RunTailscale): Promise<{ found: ExistingTunnel | null; steps: string[] }> {
  const steps: string[] = [];
  // Every way this ends without a Funnel to use says why in one step.
  const none = (why: string) => {
    steps.push(why);
    return { found: null, steps };
  };
  const status = await run(['status', '--json']);
  if (!status.ok) return none(commandStep(status, 'report its status'));
  const self = readSelf(status.stdout);
  if (self === null) return none('Tailscale reported its status in a form that could not be read.');
  if (self.backendState !== 'Running') return none(`Tailscale is installed but not connected (its state is "${self.backendState || 'unknown'}").`);
  if (!self.dnsName) return none('Tailscale is connected but this computer has no Tailscale DNS name (MagicDNS is off), so Funnel cannot be used.');

  const serve = await run(['serve', 'status', '--json']);
  if (!serve.ok) return none(commandStep(serve, 'report what it serves'));
  const config = readServeConfig(serve.stdout);
  if (config === undefined) return none('Tailscale reported what it serves in a form that could not be read.');
  const exposures = config ? exposuresOf(config, self.dnsName, port) : [];
  const funnel = exposures.find((e) => e.funnel);
  if (funnel) {
    steps.push(`Tailscale Funnel publishes ${funnel.url} to the internet and forwards it to this computer's task port ${port}.`);
    return { found: { url: funnel.url, source: 'tailscale', detail: `Tailscale Funnel on ${self.dnsName} to port ${port}`, matchesPort: true }, steps };
  }
  const tailnetOnly = exposures[0];
  return none(
    tailnetOnly
      ? `Tailscale serves ${tailnetOnly.url} to port ${port} for your own devices only (Funnel is off), which the network cannot reach.`
      : `Tailscale is connected but publishes nothing to this computer's task port ${port}.`,
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

/** The config, null for "nothing served" (older versions print `null`, newer `{}` or nothing), undefined if unreadable. */
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

function commandStep(r: Extract<CommandResult, { ok: false }>, what: string): string {
  switch (r.kind) {
    case 'missing':
      return 'Tailscale is not installed on this computer (no tailscale program found).';
    case 'timeout':
      return `Tailscale did not ${what} in time (${r.detail}).`;
    default:
      return /tailscaled|not running|doesn't appear to be running/i.test(r.detail)
        ? 'Tailscale is installed but its background service is not running.'
        : `Tailscale could not ${what} (${r.detail}).`;
  }
}
