import type { DirectoryLink as LinkState, EventLevel } from '@shared/contract';
import type { SecretStore } from '../identity/secret-store';
import { sanitizeText } from '../backends/sanitize';
import { describeFailure, failureDetails, isLivenessFailure, isRestrictedDomainDenial, type DirectoryFailure } from './errors';
import { hmacHex } from './hmac';
import { callDirectory, DirectoryNetworkError, type DirectoryResponse } from './http';
import { metricsBody, type MetricsBatcher } from './metrics-batch';
import { buildRegisterPayload, type RegisterInput } from './register-payload';
import type { EngineEventName } from '@shared/words/event-words';

export const DEFAULT_HEARTBEAT_MS = 30_000;
const MIN_HEARTBEAT_MS = 1_000;
const MAX_HEARTBEAT_MS = 300_000;
const MAX_BACKOFF_MS = 300_000;
/** Least time between two tries a person asked for ("Try now"). */
const MANUAL_TRY_SPACING_MS = 10_000;
/** A refused membership is not fixed by retrying sooner: someone has to issue one. */
const RESTRICTED_RETRY_MS = 300_000;

/** What the engine must supply for a registration; null means "not registrable now", with a reason. */
export type RegistrationSource = () =>
  | { ok: true; input: Omit<RegisterInput, 'hmacKey' | 'currentToken'> }
  /** `park`: the node must not be advertised at all (no public address, removed): stop heartbeating too. */
  | { ok: false; reason: string; park?: boolean };

export interface HeartbeatState {
  load: number;
  activeJobs: number;
  available: boolean;
  /** Live model list; undefined = unknown (field omitted). */
  healthModels?: string[];
  backendStability?: Record<string, unknown>;
  pricing?: Record<string, unknown>;
}

export interface DirectoryLinkOptions {
  baseUrl: () => string;
  nodeId: string;
  secrets: SecretStore;
  registration: RegistrationSource;
  /** A restricted trust domain's membership credential, sent as `X-IICP-Membership` (C-11); null when none. */
  membership?: () => string | null;
  /** Called before every heartbeat (it may probe the backend first). */
  heartbeatState: () => HeartbeatState | Promise<HeartbeatState>;
  metrics: MetricsBatcher;
  log: (level: EventLevel, event: EngineEventName, details: string, persist?: boolean) => void;
  onChange: () => void;
  /** A heartbeat was answered 200: what it carried (e.g. a pricing block) reached the directory. */
  onHeartbeatAccepted?: (sent: HeartbeatState, answer: Record<string, unknown>) => void;
  /** A registration was accepted (fresh credentials may be in the secret store now), with the `pricing` it carried. */
  onRegistered?: (sentPricing: Record<string, unknown> | undefined) => void;
  fetchImpl?: typeof fetch;
  /** Waits between the three registration attempts at start (brief §2.7: 2 s, then 4 s). */
  startupRetryDelaysMs?: number[];
  backoffBaseMs?: number;
  random?: () => number;
}

export interface DirectoryStatus {
  link: LinkState;
  message: string | null;
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

/**
 * The node's link to the IICP directory: REGISTER (3 attempts at start), then HEARTBEAT forever, answering
 * liveness challenges and reporting metric batches. It heals itself: 401/404/410 → re-register with a fresh
 * payload and the newest token; network errors → capped, jittered back-off; it never throws out of its loop.
 * Credentials are replaced only after the directory accepted a registration (brief §2.5, e050 fixture).
 */
export class DirectoryLink {
  private readonly o: Required<Omit<DirectoryLinkOptions, 'fetchImpl' | 'onHeartbeatAccepted' | 'onRegistered' | 'membership'>> &
    Pick<DirectoryLinkOptions, 'onHeartbeatAccepted' | 'onRegistered' | 'membership'> & { fetchImpl: typeof fetch | undefined };
  private running = false;
  private wakeUp: (() => void) | null = null;
  /** A wake-up that came while the loop was busy (not sleeping): the next sleep is skipped. */
  private wakePending = false;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private reregisterReason: string | null = null;
  /** A re-registration just failed while the held credentials still work: heartbeat before retrying it. */
  private heartbeatFirst = false;
  /** The directory's retry hint from the last failure, if it gave one. */
  private lastRetryAfterMs: number | undefined;
  private lastManualTryAt = -Infinity;
  private challenge: string | null = null;
  private registeredOnce = false;
  /** Heartbeats refused (401/404/410) right after a registration, without an accepted beat in between. */
  private freshTokenRefusals = 0;
  private beatSinceRegister = false;
  private readonly st: DirectoryStatus = {
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

  constructor(options: DirectoryLinkOptions) {
    this.o = {
      ...options,
      fetchImpl: options.fetchImpl,
      startupRetryDelaysMs: options.startupRetryDelaysMs ?? [2000, 4000],
      backoffBaseMs: options.backoffBaseMs ?? 5000,
      random: options.random ?? Math.random,
    };
  }

  get status(): Readonly<DirectoryStatus> {
    return this.st;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wakePending = false;
    this.loop = this.run().catch((err: unknown) => {
      // The loop is written not to throw; if it does, say so rather than die silently.
      this.o.log('error', 'directory_loop_crashed', err instanceof Error ? err.message : String(err));
      this.running = false;
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.inFlight?.abort();
    this.wake();
    await this.loop;
    this.loop = null;
  }

  /** Ask for a re-registration (models drifted, endpoint changed); it happens on the next turn, soon. */
  requestReregister(reason: string): void {
    // Only a new request wakes the loop: a drift check repeating its request while a re-registration keeps
    // failing must not turn the retry schedule into a tight loop.
    const fresh = this.reregisterReason === null;
    this.reregisterReason = reason;
    if (fresh) this.wake();
  }

  /** Send a heartbeat now (after sleep/wake) instead of waiting for the interval. */
  heartbeatNow(): void {
    this.wake();
  }

  /**
   * A person pressed "Try now": the loop wakes, unless the directory itself asked the node to wait (a Retry-After
   * still running) or a manual try came less than 10 s ago — clicks must not hammer a directory that is rate-limiting
   * the node. False when it did not wake.
   */
  tryNow(now = Date.now()): boolean {
    const waitAsked = this.lastRetryAfterMs !== undefined && (this.st.nextAttemptAt ?? 0) > now;
    if (waitAsked || now - this.lastManualTryAt < MANUAL_TRY_SPACING_MS) return false;
    this.lastManualTryAt = now;
    this.wake();
    return true;
  }

  /**
   * Explicit "remove this node" (brief §2.8): deletes the node and its reputation at the directory. Production also
   * answers 401 to a stale token or a restricted-domain refusal (brief §0.1 C-12), so the node counts as removed only
   * on 200 `{"deregistered":true}`, or on a 401 `unauthorized` to its current token after a fresh re-registration
   * attempt (a directory that no longer knows the node refuses that token too).
   */
  async deregister(): Promise<{ ok: boolean; message: string }> {
    if (!this.o.secrets.get('node_token')) return { ok: false, message: 'This node is not registered.' };
    await this.stop();
    try {
      let answer = await this.deleteOnce();
      if (answer.kind === 'stale') {
        const r = await this.register(true);
        if (r === 'failed' && this.st.link === 'unreachable') answer = { kind: 'failed', message: 'The directory could not be reached; the node is still registered.' };
        else {
          const again = await this.deleteOnce();
          answer = again.kind === 'stale' ? { kind: 'removed' } : again;
        }
      }
      if (answer.kind === 'removed') {
        this.o.secrets.update({ node_token: null });
        this.registeredOnce = false;
        this.setLink('not_configured', 'This node was removed from the directory.');
        this.o.log('info', 'deregister_ok', '');
        return { ok: true, message: 'Removed from the directory.' };
      }
      this.start(); // still registered: keep the node alive at the directory
      return { ok: false, message: answer.kind === 'failed' ? answer.message : 'The directory refused to remove the node.' };
    } catch (err) {
      this.o.log('warn', 'deregister_fail', err instanceof Error ? err.message : 'network error');
      this.start();
      return { ok: false, message: 'The directory could not be reached; the node is still registered.' };
    }
  }

  /** One DELETE with the current token: removed, a token the directory does not take (stale), or a failure. */
  private async deleteOnce(): Promise<{ kind: 'removed' } | { kind: 'stale' } | { kind: 'failed'; message: string }> {
    const token = this.o.secrets.get('node_token');
    if (!token) return { kind: 'stale' };
    const res = await this.request({ method: 'DELETE', route: '/v1/register', token, body: { node_id: this.o.nodeId } });
    if (res.ok) {
      if (res.body.deregistered === true) return { kind: 'removed' };
      return { kind: 'failed', message: 'The directory answered, but did not confirm that the node was removed.' };
    }
    const f = res.failure;
    if (isRestrictedDomainDenial(f)) {
      return { kind: 'failed', message: 'This directory is a restricted trust domain and did not accept the node\'s membership, so it cannot be removed now. Enter a valid membership in Settings first.' };
    }
    this.o.log('warn', 'deregister_fail', `status=${f.status} code=${f.code}`);
    if (f.status === 401 || f.status === 404) return { kind: 'stale' };
    return { kind: 'failed', message: describeFailure(f) };
  }

  // ---------------------------------------------------------------------------------------------------

  private async run(): Promise<void> {
    // Start: up to three registration attempts, then the heartbeat loop heals whatever is left.
    const delays = this.o.startupRetryDelaysMs;
    for (let attempt = 0; attempt <= delays.length && this.running; attempt++) {
      let r: Awaited<ReturnType<DirectoryLink['register']>>;
      try {
        r = await this.register(false);
      } catch (err) {
        this.o.log('error', 'directory_turn_failed', err instanceof Error ? err.message : String(err));
        break; // the guarded loop below takes over
      }
      if (r === 'ok' || r === 'not_registrable') break;
      // After the last attempt the loop below takes over, after a back-off (not at once), and a directory's
      // retry hint (E034 retry_after) is honoured throughout.
      const wait = attempt < delays.length ? Math.max(delays[attempt]!, this.retryAfter() ?? 0) : this.retryDelay();
      if (this.running) await this.sleep(wait);
    }
    while (this.running) {
      try {
        await this.turn();
      } catch (err) {
        // A failing secret store (disk full) or engine callback must not end the loop: report and retry.
        this.st.consecutiveFailures += 1;
        this.o.log('error', 'directory_turn_failed', err instanceof Error ? err.message : String(err));
        if (this.running) await this.sleep(this.backoff());
      }
    }
  }

  /** One turn of the loop: register when needed, else heartbeat; then wait. */
  private async turn(): Promise<void> {
    const token = this.o.secrets.get('node_token');
    let delay: number;
    if (!token || !this.registeredOnce || (this.reregisterReason !== null && !this.heartbeatFirst)) {
      const held = token !== null && this.registeredOnce;
      const r = await this.register(this.registeredOnce || token !== null);
      if (r === 'ok') delay = 0; // answer with a heartbeat right away: the node is fresh at the directory
      else if (r === 'not_registrable') delay = MAX_HEARTBEAT_MS;
      else {
        // A refused re-registration must not silence the node (e050: the last accepted route stays): it keeps
        // heartbeating with the credentials it holds and retries the re-registration after the next beat.
        this.heartbeatFirst = held;
        delay = this.retryDelay();
      }
    } else {
      this.heartbeatFirst = false;
      delay = await this.heartbeat(token);
    }
    if (this.running && delay > 0) await this.sleep(delay);
  }

  /** One REGISTER. Adopts credentials only on success. */
  private async register(isRe: boolean): Promise<'ok' | 'failed' | 'not_registrable'> {
    const src = this.o.registration();
    if (!src.ok) {
      this.reregisterReason = null;
      // Parked: stop heartbeating, so the directory lets the old record go dormant instead of routing
      // consumers to an address this node no longer claims.
      if (src.park) this.registeredOnce = false;
      this.setLink('not_configured', src.reason);
      return 'not_registrable';
    }
    // During the paced retries of a refused fresh token the link keeps saying why: each retry registers again, and a
    // "Registering…" in between would hide the reason for most of what the person sees.
    if (this.st.link !== 'registered' && this.freshTokenRefusals < 2) this.setLink('connecting', 'Registering with the IICP directory…');
    const currentToken = this.o.secrets.get('node_token');
    // The persisted key is resent on every REGISTER so the directory keeps it (PHP adopts a supplied key).
    const hmacKey = this.o.secrets.get('node_hmac_key') ?? randomHmacKey();
    const body = buildRegisterPayload({ ...src.input, hmacKey, currentToken });
    const ok = isRe ? 'reregister_ok' : 'register_ok';
    const fail = isRe ? 'reregister_fail' : 'register_fail';
    let res: DirectoryResponse;
    try {
      res = await this.request({ method: 'POST', route: '/v1/register', body });
    } catch (err) {
      this.failed('unreachable', 'The IICP directory cannot be reached; retrying.', fail, errText(err));
      return 'failed';
    }
    if (!res.ok) {
      const f = res.failure;
      if (isRestrictedDomainDenial(f)) {
        this.restricted(f, fail);
        return 'failed';
      }
      const link: LinkState = f.status >= 500 || f.status === 429 ? 'unreachable' : 'rejected';
      if (isLivenessFailure(f)) this.st.unreachableEndpoint = src.input.endpoint;
      this.failed(link, describeFailure(f), fail, failureDetails(f, this.credentials()), f);
      return 'failed';
    }
    const token = typeof res.body.node_token === 'string' ? res.body.node_token : typeof res.body.token === 'string' ? res.body.token : '';
    if (!token) {
      this.failed('rejected', 'The directory accepted the registration but sent no token.', fail, 'no node_token in response');
      return 'failed';
    }
    const newKey = typeof res.body.node_hmac_key === 'string' && res.body.node_hmac_key ? res.body.node_hmac_key : hmacKey;
    try {
      this.o.secrets.update({ node_token: token, node_hmac_key: newKey });
    } catch (err) {
      // A read-only or full data folder: the directory issued credentials we cannot keep, so every later call
      // would be refused. Say so plainly instead of looking registered.
      this.registeredOnce = false;
      this.o.log('error', 'secrets_not_saved', errText(err));
      this.failed('rejected', 'The node cannot save its new directory credentials (the data folder is read-only or full). Free space or fix the folder; the node keeps retrying.', fail, `secrets not saved: ${errText(err)}`);
      return 'failed';
    }
    this.registeredOnce = true;
    this.beatSinceRegister = false;
    this.reregisterReason = null;
    this.challenge = null;
    this.st.registeredAt = Date.now();
    this.st.acceptedEndpoint = String(body.endpoint);
    this.st.unreachableEndpoint = null;
    this.st.acceptedModels = [...new Set(src.input.capabilities.flatMap((c) => c.models ?? []))];
    this.st.consecutiveFailures = 0;
    this.lastRetryAfterMs = undefined;
    // While the directory keeps refusing its fresh tokens, a new one is no reason to look registered yet.
    if (this.freshTokenRefusals < 2) this.setLink('registered', null);
    this.o.log('info', ok, `endpoint=${String(body.endpoint)} models=${this.st.acceptedModels.length}`);
    this.o.onRegistered?.(body.pricing as Record<string, unknown> | undefined);
    return 'ok';
  }

  /** One HEARTBEAT; returns how long to wait before the next turn. */
  private async heartbeat(token: string): Promise<number> {
    let hb: HeartbeatState;
    try {
      hb = await this.o.heartbeatState();
    } catch {
      hb = { load: 0, activeJobs: 0, available: false };
    }
    const batch = this.o.metrics.forHeartbeat();
    const body: Record<string, unknown> = {
      node_id: this.o.nodeId,
      load: Math.min(1, Math.max(0, hb.load)),
      active_jobs: hb.activeJobs,
      available: hb.available,
      metrics: metricsBody(batch),
      auto_update_enabled: false,
    };
    if (batch) body.metrics_batch_id = batch.id;
    const key = this.o.secrets.get('node_hmac_key');
    if (this.challenge && key) body.challenge_response = hmacHex(key, this.challenge);
    if (hb.healthModels !== undefined) body.health_models = hb.healthModels;
    if (hb.backendStability) body.backend_stability = hb.backendStability;
    if (hb.pricing) body.pricing = hb.pricing;
    let res: DirectoryResponse;
    const sentAt = Date.now();
    try {
      res = await this.request({ method: 'POST', route: '/v1/heartbeat', token, body });
    } catch (err) {
      this.failed('unreachable', 'The IICP directory cannot be reached; the node keeps serving and retries.', 'heartbeat_fail', errText(err));
      return this.backoff();
    }
    if (!res.ok) {
      const f = res.failure;
      if (isRestrictedDomainDenial(f)) {
        // The token is fine; the domain wants a membership. Re-registering would be refused the same way.
        this.restricted(f, 'heartbeat_fail');
        return this.retryDelay();
      }
      if (f.status === 401 || f.status === 404 || f.status === 410) {
        this.o.log('warn', 'heartbeat_fail', `status=${f.status} code=${f.code} → re-register`);
        this.reregisterReason = `heartbeat answered ${f.status}`;
        this.challenge = null;
        // A directory that refuses the token it has just issued would otherwise get REGISTER/HEARTBEAT pairs as
        // fast as the round trips allow. Once is normal (it forgot us); twice in a row is a problem to say and pace.
        if (!this.beatSinceRegister) this.freshTokenRefusals += 1;
        if (this.freshTokenRefusals >= 2) {
          this.failed('rejected', 'The directory refuses the node token it has just issued; the node retries after a pause.', 'token_refused', `status=${f.status} code=${f.code}`, f);
          // Registrations succeed in between and reset the failure count, so the pause grows with the refusals.
          const base = Math.min(MAX_BACKOFF_MS, Math.max(MIN_HEARTBEAT_MS, this.o.backoffBaseMs * 2 ** Math.min(this.freshTokenRefusals - 2, 16)));
          return Math.round(base * (0.8 + 0.4 * this.o.random()));
        }
        return 0;
      }
      this.failed(f.status === 422 ? 'rejected' : 'unreachable', describeFailure(f), 'heartbeat_fail', failureDetails(f, this.credentials()), f);
      return this.retryDelay();
    }
    this.o.metrics.acknowledge(batch?.id ?? null, res.body.metrics_batch_accepted);
    this.beatSinceRegister = true;
    this.freshTokenRefusals = 0;
    const challenge = res.body.challenge;
    this.challenge = typeof challenge === 'string' && /^[0-9a-f]{1,128}$/.test(challenge) ? challenge : null;
    if (typeof res.body.reputation_score === 'number') {
      this.st.reputationScore = res.body.reputation_score;
      this.st.reputationAsOf = sentAt;
    }
    const next = res.body.next_heartbeat_ms;
    this.st.heartbeatIntervalMs =
      typeof next === 'number' && Number.isFinite(next) ? Math.min(MAX_HEARTBEAT_MS, Math.max(MIN_HEARTBEAT_MS, next)) : DEFAULT_HEARTBEAT_MS;
    this.st.lastHeartbeatAt = Date.now();
    this.st.consecutiveFailures = 0;
    this.lastRetryAfterMs = undefined;
    this.setLink('registered', null);
    this.o.log('info', 'heartbeat_ok', batch ? `batch=${batch.id}` : '', false);
    this.o.onHeartbeatAccepted?.(hb, res.body);
    return this.st.heartbeatIntervalMs;
  }

  private async request(req: Parameters<typeof callDirectory>[1]): Promise<DirectoryResponse> {
    const ctrl = new AbortController();
    this.inFlight = ctrl;
    try {
      return await callDirectory(this.o.baseUrl(), { ...req, nodeId: this.o.nodeId, headers: this.membershipHeaders(), signal: ctrl.signal }, this.o.fetchImpl);
    } finally {
      this.inFlight = null;
    }
  }

  /** Register, heartbeat and deregister carry the membership in a restricted trust domain (C-11). */
  private membershipHeaders(): Record<string, string> | undefined {
    const credential = this.o.membership?.() ?? null;
    return credential ? { 'X-IICP-Membership': credential, 'X-IICP-Subject-Id': this.o.nodeId } : undefined;
  }

  /**
   * The directory is a restricted trust domain and did not admit the node: its own state in plain words, retried
   * slowly (a membership may be issued meanwhile; a new one in Settings wakes the loop at once), never a re-register
   * loop — nothing about the token is wrong.
   */
  private restricted(f: DirectoryFailure, event: EngineEventName): void {
    const has = (this.o.membership?.() ?? null) !== null;
    this.st.consecutiveFailures += 1;
    this.lastRetryAfterMs = Math.max(f.retryAfterMs ?? 0, RESTRICTED_RETRY_MS);
    this.setLink(
      'restricted',
      has
        ? `This directory is a restricted trust domain and did not accept the node's membership (it may have expired, been revoked, or been issued for another node ID). Ask the domain's operator for a new one for node ${this.o.nodeId} and enter it in Settings.`
        : `This directory is a restricted trust domain: only members may join. Ask the domain's operator for a membership for node ${this.o.nodeId} and enter it in Settings.`,
    );
    this.o.log('warn', event, `status=401 code=restricted_domain_denied membership=${has ? 'refused' : 'none'}`);
  }

  /**
   * A new membership credential in Settings: the next turn now (a registration if the node has none, else a
   * heartbeat — a refused membership says nothing against the held token).
   */
  membershipChanged(): void {
    this.lastRetryAfterMs = undefined;
    this.wake();
  }

  private failed(link: LinkState, message: string, event: EngineEventName, details: string, f?: DirectoryFailure): void {
    this.st.consecutiveFailures += 1;
    this.lastRetryAfterMs = f?.retryAfterMs;
    // One failed beat is not worth alarming anyone; keep showing "registered" until it repeats.
    if (!(link === 'unreachable' && this.st.link === 'registered' && this.st.consecutiveFailures < 2)) this.setLink(link, message);
    this.o.log('warn', event, details + (f?.retryAfterMs ? ` retry_after_ms=${f.retryAfterMs}` : ''));
  }

  /** The directory's retry hint from the last failure, kept within [1 s, 5 min] (0 must not spin, 1e9 must not overflow). */
  private retryAfter(): number | undefined {
    const ra = this.lastRetryAfterMs;
    return ra === undefined ? undefined : Math.min(MAX_BACKOFF_MS, Math.max(MIN_HEARTBEAT_MS, ra));
  }

  /** How long to wait after a failure: the directory's hint if it gave one, else the jittered back-off. */
  private retryDelay(): number {
    return this.retryAfter() ?? this.backoff();
  }

  private backoff(): number {
    const n = Math.max(1, this.st.consecutiveFailures);
    const base = Math.min(MAX_BACKOFF_MS, this.o.backoffBaseMs * 2 ** Math.min(n - 1, 16));
    return Math.round(base * (0.8 + 0.4 * this.o.random()));
  }

  private credentials(): (string | null)[] {
    return [this.o.secrets.get('node_token'), this.o.secrets.get('node_hmac_key')];
  }

  private setLink(link: LinkState, raw: string | null): void {
    // The directory's own words reach the dashboard: never with our credentials in them, even if it echoes them.
    const message = raw === null ? null : sanitizeText(raw, this.credentials());
    if (this.st.link === link && this.st.message === message) return;
    this.st.link = link;
    this.st.message = message;
    this.o.onChange();
  }

  private sleep(ms: number): Promise<void> {
    if (this.wakePending) {
      this.wakePending = false;
      return Promise.resolve();
    }
    // The dashboard says "retrying in 40 s" from this, so a person knows the node has not given up.
    this.st.nextAttemptAt = Date.now() + ms;
    if (this.st.link !== 'registered') this.o.onChange();
    return new Promise((resolve) => {
      this.wakeUp = () => {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        this.wakeUp = null;
        this.st.nextAttemptAt = null;
        resolve();
      };
      this.timer = setTimeout(() => this.wakeUp?.(), ms);
    });
  }

  private wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.wakePending = true;
  }
}

function randomHmacKey(): string {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString('hex');
}

function errText(err: unknown): string {
  return err instanceof DirectoryNetworkError ? err.message : err instanceof Error ? err.message : 'unknown error';
}
