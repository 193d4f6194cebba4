/**
 * The signed event log of PHP `NodeEventLogger`: one chain over every event type, one global `seq`, each event
 * signed (Ed25519, when the genesis key is configured) over the raw SHA-256 of this string (hashes in hex):
 * `[iicp-event-v2:<service_id>:]<event_id>:<event_type>:<seq>:<ts_ms>:<sha256(canonical_json(payload))>:<prev_hash>`
 * where `prev_hash` is the SHA-256 hex of the previous signature's 128 hex characters (the genesis root when there is
 * none). Like production's `node_event_chain_heads` row, the chain head is kept apart from the rows, so deleting a
 * row (a tamper) does not change what the next event links to.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { GenesisKey } from './genesis-key';
import { canonicalJson } from './php-json';
import type { DirectoryContext, DirectoryEvent, EventPayload } from './types';

/** sha256("iicp:dir:event-log:genesis:v1"): the `prev_hash` of the first signed event. */
export const GENESIS_ROOT = 'c44802bedf3e63b5a3f1634c5d19263634f92f26dd15401b09b06dd53a80cf9d';

/** `NodeEvent::TYPES`: the names `GET /v1/events?event_types=` accepts. CREDIT_ALLOCATION and CREDIT_SPEND are not. */
export const FILTERABLE_EVENT_TYPES: readonly string[] = [
  'REGISTER',
  'HEARTBEAT',
  'SCORE_UPDATE',
  'REPUTATION_UPDATE',
  'CREDIT_AWARD',
  'DEREGISTER',
  'REPLICA_REGISTERED',
  'REPLICA_DEREGISTERED',
  'REPUTATION_DECAY',
  'OPERATOR_OBSERVED',
  'HEALTH',
  'FOUNDER_LOCKIN',
  'FOUNDER_SUCCESSION',
  'EVICT',
  'REACTIVATE',
];

const SERVICE_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** `NodeEventLogger::prevHash`. */
export const prevHashOf = (signature: string | null): string =>
  signature === null || signature === '' ? GENESIS_ROOT : sha256Hex(signature);

type Signed = Pick<
  DirectoryEvent,
  'event_id' | 'event_type' | 'service_id' | 'seq' | 'ts_ms' | 'payload' | 'prev_hash'
>;

/** The ASCII string whose SHA-256 digest is signed. */
export function signingInput(e: Signed): string {
  const fields = [
    e.event_id,
    e.event_type,
    String(e.seq),
    String(e.ts_ms),
    sha256Hex(canonicalJson(e.payload)),
    e.prev_hash,
  ];
  // The v2 prefix is chosen only by a present service_id, so a v2 event can never collide with a legacy input.
  if (e.service_id !== null) fields.unshift('iicp-event-v2', e.service_id);
  return fields.join(':');
}

/** 128 lowercase hex, or null without a key (production then stores an unsigned row). */
export function signEvent(key: GenesisKey | null, e: Signed): string | null {
  if (!key) return null;
  return key.signBytes(createHash('sha256').update(signingInput(e), 'utf8').digest());
}

export interface LogOptions {
  /** Only events of other services carry one; production's own events have none. */
  serviceId?: string | null;
  /** Defaults to the directory clock. */
  tsMs?: number;
}

/** `NodeEventLogger::log`: next seq, `prev_hash` from the chain head, signed with the current key. */
export function logEvent(
  ctx: DirectoryContext,
  eventType: string,
  nodeId: string | null,
  payload: EventPayload,
  opts: LogOptions = {},
): DirectoryEvent {
  const serviceId = opts.serviceId ?? null;
  if (serviceId !== null && !SERVICE_ID.test(serviceId))
    throw new Error('service_id must be a lowercase portable identifier');
  const head = ctx.state.eventChain;
  const event: DirectoryEvent = {
    event_id: randomUUID(),
    event_type: eventType,
    service_id: serviceId,
    seq: head.lastSeq + 1,
    ts_ms: Math.floor(opts.tsMs ?? ctx.now()),
    node_id: nodeId,
    payload,
    prev_hash: prevHashOf(head.lastSignature),
    sig: null,
  };
  event.sig = signEvent(ctx.genesisKey, event);
  ctx.state.events.push(event);
  head.lastSeq = event.seq;
  head.lastSignature = event.sig;
  return event;
}

/** Index of the first event with `seq > sinceSeq` (the log is kept in seq order). */
export function firstIndexAfter(events: readonly DirectoryEvent[], sinceSeq: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.seq > sinceSeq) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Index of the event with exactly this seq, or -1. */
export function indexOfSeq(events: readonly DirectoryEvent[], seq: number): number {
  const i = firstIndexAfter(events, seq - 1);
  return events[i]?.seq === seq ? i : -1;
}

/** `WHERE seq > ? [AND event_type IN (...)] ORDER BY seq LIMIT ?`. */
export function eventPage(
  events: readonly DirectoryEvent[],
  sinceSeq: number,
  limit: number,
  types: ReadonlySet<string> | null,
): DirectoryEvent[] {
  const out: DirectoryEvent[] = [];
  for (let i = firstIndexAfter(events, sinceSeq); i < events.length && out.length < limit; i++) {
    const e = events[i]!;
    if (types === null || types.has(e.event_type)) out.push(e);
  }
  return out;
}

/**
 * Signs `events[from..]` again with the current key, each linking to the one before it (the genesis root for the
 * first), and moves the chain head to the last one: history rewritten so that it is consistent again.
 */
export function resignFrom(ctx: DirectoryContext, from: number): number[] {
  const events = ctx.state.events;
  const seqs: number[] = [];
  for (let i = Math.max(0, from); i < events.length; i++) {
    const e = events[i]!;
    e.prev_hash = i === 0 ? GENESIS_ROOT : prevHashOf(events[i - 1]!.sig);
    e.sig = signEvent(ctx.genesisKey, e);
    seqs.push(e.seq);
  }
  const last = events[events.length - 1];
  if (last && seqs.length > 0) ctx.state.eventChain.lastSignature = last.sig;
  return seqs;
}
