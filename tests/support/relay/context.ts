/** What the route handlers share. One per process life: `restart()` builds a fresh one (sessions, caches). */
import type { KeyObject } from 'node:crypto';
import { BindRateLimiter } from './bind-limits';
import { SessionRegistry } from './sessions';
import { TicketReplayCache } from './ticket';
import type { RelayLogEntry, RelayTamper } from './types';

export interface RelaySettings {
  nodeId: string;
  requireBindTicket: boolean;
  /** Null = no key configured: tickets are not verified (and, with `requireBindTicket`, every bind is refused). */
  ticketKey: KeyObject | null;
  requireTicketJti: boolean;
  pollTimeoutMs: number;
  sessionAliveMs: number;
  maxSessions: number;
  bindsPerMinute: number;
  forwardTimeoutMs: number;
  now: () => number;
  /** Hostile behaviour, if any (mutable: `setTamper`). */
  tamper: RelayTamper | null;
}

export interface RelayContext {
  settings: RelaySettings;
  registry: SessionRegistry;
  limiter: BindRateLimiter;
  /** Process-local, like the reference's static cache: a restarted relay forgets consumed tickets. */
  replay: TicketReplayCache;
  log: RelayLogEntry[];
}

export function freshContext(settings: RelaySettings, log: RelayLogEntry[]): RelayContext {
  return {
    settings,
    registry: new SessionRegistry(settings.maxSessions),
    limiter: new BindRateLimiter(settings.bindsPerMinute),
    replay: new TicketReplayCache(),
    log,
  };
}
