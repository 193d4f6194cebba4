/**
 * What the engine gives the directory link: where the directory is, the node's identity and secrets, what to register
 * and what each heartbeat reports, and where to say what happened. Tests shorten the waits and fix the jitter.
 */
import type { Said } from '@shared/i18n/said';
import type { EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import type { OperatorLinkHooks, SecretStore } from '../identity';
import type { MetricsBatcher } from './metrics-batch';
import type { RegisterInput } from './register-payload';

/** What the engine must supply for a registration; null means "not registrable now", with a reason. */
export type RegistrationSource = () =>
  | { ok: true; input: Omit<RegisterInput, 'hmacKey' | 'currentToken' | 'operator'> }
  /** `park`: the node must not be advertised at all (no public address, removed): stop heartbeating too. */
  | { ok: false; reason: Said; park?: boolean };

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
  /** A restricted trust domain's membership credential, sent as `X-IICP-Membership`; null when none. */
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
  /** The person's operator identity, signed into every REGISTER; absent where there is none to offer. */
  operator?: OperatorLinkHooks;
  /** The clock the delegation's hour counts from (tests fix it). */
  now?: () => number;
  fetchImpl?: typeof fetch;
  /** Waits between the three registration attempts at start (2 s, then 4 s: a directory busy at boot gets air). */
  startupRetryDelaysMs?: number[];
  backoffBaseMs?: number;
  random?: () => number;
}

/** The options with every default filled in. */
export type ResolvedLinkOptions = Required<
  Omit<DirectoryLinkOptions, 'fetchImpl' | 'onHeartbeatAccepted' | 'onRegistered' | 'membership' | 'operator'>
> &
  Pick<DirectoryLinkOptions, 'onHeartbeatAccepted' | 'onRegistered' | 'membership' | 'operator'> & {
    fetchImpl: typeof fetch | undefined;
  };

export function resolveLinkOptions(options: DirectoryLinkOptions): ResolvedLinkOptions {
  return {
    ...options,
    fetchImpl: options.fetchImpl,
    startupRetryDelaysMs: options.startupRetryDelaysMs ?? [2000, 4000],
    backoffBaseMs: options.backoffBaseMs ?? 5000,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
}
