/**
 * What the REGISTER, HEARTBEAT and DELETE steps share with the link's loop: the status the dashboard shows, what the
 * node holds with the directory (a registration, a pending challenge, a reason to register again), the directory's
 * last retry hint, and the one request under way. Failures are said here, in plain words and without credentials.
 */
import type { DirectoryLink as LinkState, NodeSnapshot } from '@shared/contract';
import { isSaid, said, sameSaid, type Said, type SaidValue } from '@shared/i18n/said';
import type { EngineEventName } from '@shared/words/event-words';
import { sanitizeText } from '../backends';
import type { DirectoryFailure } from './errors';
import { callDirectory, DirectoryNetworkError, type DirectoryResponse } from './http';
import type { ResolvedLinkOptions } from './link-options';
import { clampRetryAfter, DEFAULT_HEARTBEAT_MS, jitteredBackoff, RESTRICTED_RETRY_MS } from './link-timing';

export interface DirectoryStatus {
  link: LinkState;
  /** Why the link is as it is, as a sentence each screen says in its language (null: nothing to add). */
  message: Said | null;
  lastHeartbeatAt: number | null;
  registeredAt: number | null;
  reputationScore: number | null;
  /**
   * When the heartbeat that brought `reputationScore` was sent: the directory's figure is no older than that. Its
   * answer can arrive after a read the node sent later (and the directory answered sooner), which is then newer.
   */
  reputationAsOf: number | null;
  heartbeatIntervalMs: number;
  /** The endpoint and model set the directory last accepted (what /iicp/health reports). */
  acceptedEndpoint: string | null;
  acceptedModels: string[];
  /** The endpoint the directory last failed to reach (IICP-E036), until a registration succeeds. */
  unreachableEndpoint: string | null;
  consecutiveFailures: number;
  /** When the loop next talks to the directory (epoch ms) while it waits; null while a call is under way. */
  nextAttemptAt: number | null;
}

export function errText(err: unknown): string {
  return err instanceof DirectoryNetworkError ? err.message : err instanceof Error ? err.message : 'unknown error';
}

export class LinkSession {
  readonly st: DirectoryStatus = {
    link: 'not_configured',
    message: null,
    lastHeartbeatAt: null,
    registeredAt: null,
    reputationScore: null,
    reputationAsOf: null,
    heartbeatIntervalMs: DEFAULT_HEARTBEAT_MS,
    acceptedEndpoint: null,
    acceptedModels: [],
    unreachableEndpoint: null,
    consecutiveFailures: 0,
    nextAttemptAt: null,
  };
  registeredOnce = false;
  /** Why the node should register again (models drifted, a heartbeat refused its token); null when it need not. */
  reregisterReason: string | null = null;
  /** The directory's retry hint from the last failure, if it gave one. */
  lastRetryAfterMs: number | undefined;
  /** The liveness challenge the next heartbeat answers. */
  challenge: string | null = null;
  /** Heartbeats refused (401/404/410) right after a registration, without an accepted beat in between. */
  freshTokenRefusals = 0;
  beatSinceRegister = false;
  private inFlight: AbortController | null = null;

  constructor(readonly o: ResolvedLinkOptions) {}

  /** Ends the request under way, if any (the link is stopping). */
  abort(): void {
    this.inFlight?.abort();
  }

  async request(req: Parameters<typeof callDirectory>[1]): Promise<DirectoryResponse> {
    const ctrl = new AbortController();
    this.inFlight = ctrl;
    try {
      return await callDirectory(
        this.o.baseUrl(),
        { ...req, nodeId: this.o.nodeId, headers: this.membershipHeaders(), signal: ctrl.signal },
        this.o.fetchImpl,
      );
    } finally {
      this.inFlight = null;
    }
  }

  /**
   * The directory is a restricted trust domain and did not admit the node: its own state in plain words, retried
   * slowly (a membership may be issued meanwhile; a new one in Settings wakes the loop at once), never a re-register
   * loop — nothing about the token is wrong.
   */
  restricted(f: DirectoryFailure, event: EngineEventName): void {
    const has = (this.o.membership?.() ?? null) !== null;
    this.st.consecutiveFailures += 1;
    this.lastRetryAfterMs = Math.max(f.retryAfterMs ?? 0, RESTRICTED_RETRY_MS);
    this.setLink(
      'restricted',
      said(has ? 'network.link.restricted.refused' : 'network.link.restricted.membersOnly', { nodeId: this.o.nodeId }),
    );
    this.o.log('warn', event, `status=401 code=restricted_domain_denied membership=${has ? 'refused' : 'none'}`);
  }

  failed(link: LinkState, message: Said, event: EngineEventName, details: string, f?: DirectoryFailure): void {
    this.st.consecutiveFailures += 1;
    this.lastRetryAfterMs = f?.retryAfterMs;
    // One failed beat is not worth alarming anyone; keep showing "registered" until it repeats.
    if (!(link === 'unreachable' && this.st.link === 'registered' && this.st.consecutiveFailures < 2))
      this.setLink(link, message);
    this.o.log('warn', event, details + (f?.retryAfterMs ? ` retry_after_ms=${f.retryAfterMs}` : ''));
  }

  /** The directory's retry hint from the last failure, within bounds. */
  retryAfter(): number | undefined {
    return clampRetryAfter(this.lastRetryAfterMs);
  }

  /** How long to wait after a failure: the directory's hint if it gave one, else the jittered back-off. */
  retryDelay(): number {
    return this.retryAfter() ?? this.backoff();
  }

  backoff(): number {
    return jitteredBackoff(this.st.consecutiveFailures, this.o.backoffBaseMs, this.o.random);
  }

  credentials(): (string | null)[] {
    return [this.o.secrets.get('node_token'), this.o.secrets.get('node_hmac_key')];
  }

  setLink(link: LinkState, raw: Said | null): void {
    // Text the directory sent that goes into a sentence reaches the dashboard: never with our credentials in it.
    const message = raw === null ? null : cleanSaid(raw, this.credentials());
    if (this.st.link === link && sameSaid(this.st.message, message)) return;
    this.st.link = link;
    this.st.message = message;
    this.o.onChange();
  }

  /** Register, heartbeat and deregister carry the membership in a restricted trust domain. */
  private membershipHeaders(): Record<string, string> | undefined {
    const credential = this.o.membership?.() ?? null;
    return credential ? { 'X-IICP-Membership': credential, 'X-IICP-Subject-Id': this.o.nodeId } : undefined;
  }
}

/** A sentence with every text value masked of the node's credentials (values may be sentences themselves). */
function cleanSaid(s: Said, secrets: readonly (string | null)[]): Said {
  if (!s.values) return s;
  const values: Record<string, SaidValue> = {};
  for (const [k, v] of Object.entries(s.values))
    values[k] = typeof v === 'string' ? sanitizeText(v, secrets) : isSaid(v) ? cleanSaid(v, secrets) : v;
  return said(s.id, values);
}

/** The link as the snapshot shows it: its state, its times as ISO strings, and whether a membership is held. */
export function describeLink(
  dir: Readonly<DirectoryStatus>,
  url: string,
  membership: boolean,
): NodeSnapshot['directory'] {
  const iso = (ms: number | null) => (ms ? new Date(ms).toISOString() : null);
  return {
    link: dir.link,
    url,
    lastHeartbeatAt: iso(dir.lastHeartbeatAt),
    registeredAt: iso(dir.registeredAt),
    nextAttemptAt: iso(dir.nextAttemptAt),
    message: dir.message,
    membership,
  };
}
