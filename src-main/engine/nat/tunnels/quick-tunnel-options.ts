/** A quick tunnel's states, timings and options, and what to tell a person who has no cloudflared. */
import type { DetectionStep } from '@shared/contract';
import { said, type Said } from '@shared/i18n/said';
import type { EngineEventName } from '@shared/words/event-words';
import type { ReachProof } from '../../net';

/** `off`: cloudflared printed far more than a tunnel needs, so none is created until `nextAttemptAt`. */
export type QuickTunnelState =
  'idle' | 'waiting' | 'starting' | 'verifying' | 'up' | 'recovering' | 'cooling_down' | 'dead' | 'off' | 'stopped';

export interface QuickTunnelStatus {
  state: QuickTunnelState;
  /** The verified public address while `up`; null otherwise. */
  url: string | null;
  /** When the next creation attempt is due (ms since 1970), while waiting, cooling down or dead. */
  nextAttemptAt: number | null;
  lastError: Said | null;
  /** Attempts in a row that did not give a working tunnel; back to 0 once one works. */
  respawns: number;
  steps: DetectionStep[];
}

/** The pacing Cloudflare asks of account-less tunnels, and how closely the node watches one. */
export const QUICK_TUNNEL_TIMINGS = {
  /** cloudflared must print the tunnel address within this. */
  startTimeoutMs: 20_000,
  minSpacingMs: 120_000,
  leaseMs: 45_000,
  /** Random extra wait after a shared deadline, so programs that waited for the same moment do not start together. */
  jitterMaxMs: 15_000,
  rateLimitCooldownMs: 900_000,
  healthIntervalMs: 30_000,
  /** Bound on one health request. */
  healthTimeoutMs: 8_000,
  /** A new address must answer its health check within this before it is reported. */
  verifyTimeoutMs: 30_000,
  verifyRetryMs: 2_000,
  deadBackoffInitialMs: 30_000,
  deadBackoffMaxMs: 300_000,
  /** After SIGTERM, how long cloudflared gets to close its connections before it is killed. */
  stopGraceMs: 5_000,
  /**
   * How long the quick tunnel stays switched off after cloudflared printed far more than a tunnel needs: the same
   * program would do it again at once, but a person who replaces it gets the tunnel back without a restart.
   */
  floodOffMs: 30 * 60_000,
};
export type QuickTunnelTimings = typeof QUICK_TUNNEL_TIMINGS;

/** What to tell a person who has no cloudflared: where to get it on each system. */
export const CLOUDFLARED_INSTALL_HINT: Said = said('tunnel.cloudflared.installHint', {
  mac: 'brew install cloudflared',
  windows: 'winget install Cloudflare.cloudflared',
  linux: 'https://pkg.cloudflare.com',
});

export interface QuickTunnelOptions {
  /** The node's local task port the tunnel forwards to. */
  port: number;
  /** Folder for the creation limits shared by every program on this computer (e.g. ~/.iicp/state). */
  stateDir: string;
  /** cloudflared to run (QuickTunnel.findBinary()); it is never downloaded. */
  binary: string;
  fetchImpl?: typeof fetch;
  now?: () => number;
  random?: () => number;
  timings?: Partial<QuickTunnelTimings>;
  /** Environment for cloudflared; default this process's. */
  env?: NodeJS.ProcessEnv;
  /**
   * When given, a new address counts as verified only once a request with a one-time code sent through it reached
   * this node's task server (the address comes from the output of a program found on PATH); otherwise any 2xx
   * health answer does.
   */
  reachProof?: ReachProof;
  log: (level: 'info' | 'warn' | 'error', event: EngineEventName, details: string) => void;
  onChange: () => void;
  /** A new verified address (register it), or null while there is none (heartbeat available:false). */
  onUrl: (url: string | null, reason: Said) => void;
  /** cloudflared printed far more than a tunnel needs (`why`): no quick tunnel is created before `untilMs`. */
  onSwitchedOff?: (untilMs: number, why: Said) => void;
}
