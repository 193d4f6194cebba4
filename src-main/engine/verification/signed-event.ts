/**
 * One event of the directory's signed log: its shape as the node accepts it, what the directory signed, and whether
 * a key verifies it. The directory signs the raw SHA-256 of
 * `event_id:event_type:seq:ts_ms:sha256_hex(canonical_json(payload)):prev_hash` (with `iicp-event-v2:<service_id>:`
 * in front when the event has a service id); `prev_hash` is the SHA-256 (hex) of the previous event's signature.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../identity';

/** sha256("iicp:dir:event-log:genesis:v1"): the `prev_hash` of the first signed event. */
export const GENESIS_PREV_HASH = 'c44802bedf3e63b5a3f1634c5d19263634f92f26dd15401b09b06dd53a80cf9d';

export interface SignedEvent {
  eventId: string;
  eventType: string;
  serviceId: string | null;
  seq: number;
  tsMs: number;
  /** Not signed: the directory's word only. */
  nodeId: string | null;
  payload: Record<string, unknown> | unknown[];
  prevHash: string;
  /** 128 lowercase hex, or null for an unsigned event. */
  sig: string | null;
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX128 = /^[0-9a-f]{128}$/;
const SERVICE_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/** The event as the node takes it, or why not (a field missing, too long, or of the wrong kind). */
export function readEvent(raw: unknown): SignedEvent | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not an object';
  const e = raw as Record<string, unknown>;
  if (!isStr(e.event_id, 64) || e.event_id.includes(':')) return 'event_id';
  if (!isStr(e.event_type, 64) || !/^[A-Z_]+$/.test(e.event_type)) return 'event_type';
  if (!isSeq(e.seq)) return 'seq';
  if (typeof e.ts_ms !== 'number' || !Number.isSafeInteger(e.ts_ms) || e.ts_ms < 0) return 'ts_ms';
  const serviceId = e.service_id ?? null;
  if (serviceId !== null && !(typeof serviceId === 'string' && SERVICE_ID.test(serviceId))) return 'service_id';
  const nodeId = e.node_id ?? null;
  if (nodeId !== null && !isStr(nodeId, 255)) return 'node_id';
  if (typeof e.payload !== 'object' || e.payload === null) return 'payload';
  if (typeof e.prev_hash !== 'string' || !HEX64.test(e.prev_hash)) return 'prev_hash';
  const sig = e.sig ?? null;
  if (sig !== null && !(typeof sig === 'string' && HEX128.test(sig))) return 'sig';
  return {
    eventId: e.event_id,
    eventType: e.event_type,
    serviceId,
    seq: e.seq,
    tsMs: e.ts_ms,
    nodeId,
    payload: e.payload as SignedEvent['payload'],
    prevHash: e.prev_hash,
    sig,
  };
}

const sha256 = (s: string | Buffer): Buffer => createHash('sha256').update(s).digest();

/** The 32 bytes the directory signed for `e`. */
export function signedDigest(e: SignedEvent): Buffer {
  const fields = [
    e.eventId,
    e.eventType,
    String(e.seq),
    String(e.tsMs),
    sha256(canonicalJson(e.payload)).toString('hex'),
    e.prevHash,
  ];
  if (e.serviceId !== null) fields.unshift('iicp-event-v2', e.serviceId);
  return sha256(fields.join(':'));
}

/** The `prev_hash` the event after one signed with `sig` must carry. */
export const nextPrevHash = (sig: string | null): string => (sig ? sha256(sig).toString('hex') : GENESIS_PREV_HASH);

/** An Ed25519 public key from its 32 raw bytes. */
export function ed25519Key(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new RangeError('an Ed25519 public key has 32 bytes');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

/** Whether `key` made the event's signature (an unsigned event is never valid). */
export function verifiesWith(e: SignedEvent, digest: Buffer, key: KeyObject): boolean {
  if (e.sig === null) return false;
  try {
    return verify(null, digest, key, Buffer.from(e.sig, 'hex'));
  } catch {
    return false;
  }
}
