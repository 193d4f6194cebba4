import type { EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import type { Said } from '@shared/i18n/said';
import type { ByteBudget } from '../net';
import type { RelayCall } from '../server';
import type { RelayClient, RelaySession } from './relay-client';
import { RelayBinder, type RelayBinderOptions, type RelayBindSettings } from './relay-binder';
import type { ForwardedAnswer } from './relay-result';
import type { RelayBinding, RelayProgress } from './relay-status';
import type { RelayClock, RelayWaits } from './relay-waits';

export interface RelayWorkerTimings {
  /** First pause after losing a relay; doubles up to `retryMaxMs` (the reference reconnects within 60 s). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a relay that failed us is passed over in elections. */
  failedMemoryMs: number;
  /** A pull that fails at the network this many times in a row means the relay is gone. */
  pullFailuresBeforeLost: number;
  /**
   * A pull that brings no work well before the relay's own window (an idle answer at once, a call that could not be
   * taken) is followed by a pause: this long after the first, doubling up to `earlyPullMaxMs`.
   */
  earlyPullFloorMs: number;
  earlyPullMaxMs: number;
  /** This many such pulls in a row and the relay is treated as failing (left, and passed over for a while). */
  earlyPullsBeforeFailing: number;
}

/** The bind settings, whose `fetchImpl` serves the relay's calls too unless `relayFetch` is given. */
export interface RelayWorkerOptions
  extends RelayBindSettings, Partial<Pick<RelayBinderOptions, 'relayFetch' | 'vetRelay'>> {
  /**
   * Runs a task (its JSON bytes) through the node's own task pipeline as a relayed task (admission, the relay rules of
   * IICP-CX, ledger, receipts) and returns its answer. Plaintext tasks are refused there unless the person allowed
   * them; the worker counts those refusals.
   */
  forward: (task: Buffer) => Promise<ForwardedAnswer>;
  /** Parses a pulled call off the event loop when it is large (the node's codec pool); inline by default. */
  decodeCall?: (raw: Buffer) => RelayCall | null | Promise<RelayCall | null>;
  /** Whether the node could take a relayed task now: the worker pulls only then (and at least every 45 s). */
  canAdmit?: () => boolean;
  /** The node's body budget: a pulled call holds its bytes in it until the task port has taken the task. */
  budget?: ByteBudget;
  timings?: Partial<RelayWorkerTimings>;
  now?: () => number;
  /** Replaces `now` and the worker's timers (tests). */
  clock?: RelayClock;
  log: (level: EventLevel, event: EngineEventName, details: string) => void;
  onChange: () => void;
  /** Bound to a relay (first time, or a different one after a loss): register this endpoint. */
  onBound: (binding: RelayBinding) => void;
  /** The relay is gone: consumers cannot reach the node until `onBound` again. */
  onLost: (reason: Said) => void;
}

export const RELAY_WORKER_DEFAULTS: RelayWorkerTimings = {
  retryBaseMs: 2_000,
  retryMaxMs: 60_000,
  failedMemoryMs: 10 * 60_000,
  pullFailuresBeforeLost: 2,
  earlyPullFloorMs: 1_000,
  earlyPullMaxMs: 30_000,
  earlyPullsBeforeFailing: 6,
};

/** The worker's own parts a binder reports to: its clock, its progress, its waits, and where a bound session goes. */
export interface BinderWiring {
  now: () => number;
  progress: RelayProgress;
  waits: RelayWaits;
  adopt: (client: RelayClient, session: RelaySession, models: string[]) => void;
}

/** The binder for a worker's options: the bind settings passed on, the relay's calls served by `relayFetch`. */
export function relayBinderFor(o: RelayWorkerOptions, t: RelayWorkerTimings, wiring: BinderWiring): RelayBinder {
  const relayFetch = o.relayFetch ?? o.fetchImpl ?? fetch;
  const {
    nodeId,
    directoryUrl,
    nodeToken,
    directoryHeaders,
    intent,
    models,
    modelsKnown,
    allowPrivateRelays,
    ownPorts,
    fetchImpl,
    discovery,
    vetRelay,
    log,
  } = o;
  return new RelayBinder({
    nodeId,
    directoryUrl,
    nodeToken,
    directoryHeaders,
    intent,
    models,
    modelsKnown,
    allowPrivateRelays,
    ownPorts,
    fetchImpl,
    discovery,
    relayFetch,
    vetRelay,
    failedMemoryMs: t.failedMemoryMs,
    log,
    ...wiring,
  });
}
