import { createServer } from 'node:http';
import { QuickTunnel } from '@engine/nat/tunnels/quick-tunnel';
import { english } from '@shared/i18n/say';
import type {
  QuickTunnelOptions,
  QuickTunnelState,
  QuickTunnelTimings,
} from '@engine/nat/tunnels/quick-tunnel-options';
import type { StandIns } from './standins';
import { createTunnelFetch } from './tunnel-fetch';

/**
 * Quick enough for tests, in the same proportions where they matter (the health check runs often, the cool-down is
 * long).
 */
export const FAST_TIMINGS: QuickTunnelTimings = {
  startTimeoutMs: 5_000,
  minSpacingMs: 0,
  leaseMs: 10_000,
  jitterMaxMs: 0,
  rateLimitCooldownMs: 900_000,
  healthIntervalMs: 150,
  healthTimeoutMs: 1_000,
  verifyTimeoutMs: 5_000,
  verifyRetryMs: 100,
  deadBackoffInitialMs: 300,
  deadBackoffMaxMs: 1_000,
  stopGraceMs: 2_000,
  floodOffMs: 1_800_000,
};

export interface HealthNode {
  port: number;
  /** Every /iicp/health request that reached the node: the Host it was addressed to, and when. */
  readonly healthRequests: { host: string; at: number }[];
  close(): Promise<void>;
}

/** The node's task port, answering `GET /iicp/health` as a node does. */
export async function startHealthNode(): Promise<HealthNode> {
  const healthRequests: { host: string; at: number }[] = [];
  const server = createServer((req, res) => {
    if (req.url === '/iicp/health') {
      healthRequests.push({ host: req.headers.host ?? '', at: Date.now() });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    healthRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface TunnelUnderTest {
  tunnel: QuickTunnel;
  /** Every onUrl call, in order. */
  urls: { url: string | null; reason: string }[];
  /** Log lines with the (real) time they were written. */
  logs: { level: string; event: string; details: string; at: number }[];
  /** Each state the tunnel entered, with the time left until `nextAttemptAt` at that moment. */
  states: { state: QuickTunnelState; waitMs: number | null }[];
  close(): Promise<void>;
}

/** A QuickTunnel running the stand-in cloudflared, whose health checks go through the stand-in's forwarders. */
export function quickTunnel(
  s: StandIns,
  node: { port: number },
  stateDir: string,
  o: Partial<Omit<QuickTunnelOptions, 'timings'>> & { timings?: Partial<QuickTunnelTimings> } = {},
): TunnelUnderTest {
  const urls: TunnelUnderTest['urls'] = [];
  const logs: TunnelUnderTest['logs'] = [];
  const states: TunnelUnderTest['states'] = [];
  const now = o.now ?? Date.now;
  let last: QuickTunnelState | null = null;
  const tunnel: QuickTunnel = new QuickTunnel({
    port: node.port,
    stateDir,
    binary: s.cloudflared,
    env: s.env,
    fetchImpl: createTunnelFetch(s.cloudflaredDir),
    ...o,
    now,
    timings: { ...FAST_TIMINGS, ...o.timings },
    log: (level, event, details) => logs.push({ level, event, details, at: Date.now() }),
    onChange: () => {
      const st = tunnel.status;
      if (st.state !== last)
        states.push({ state: st.state, waitMs: st.nextAttemptAt === null ? null : st.nextAttemptAt - now() });
      last = st.state;
    },
    // The reasons in English, as the log hears them.
    onUrl: (url, reason) => urls.push({ url, reason: english.said(reason) }),
  });
  return { tunnel, urls, logs, states, close: () => tunnel.stop() };
}

/** The tunnel's last problem in English words, as the log says it; null while there is none. */
export const lastErrorWords = (t: TunnelUnderTest): string | null => {
  const e = t.tunnel.status.lastError;
  return e && english.said(e);
};

/** The tunnel's newest step in English words. */
export const lastStepWords = (t: TunnelUnderTest): string | undefined => {
  const step = t.tunnel.status.steps.at(-1);
  return step && english.said(step.words);
};
