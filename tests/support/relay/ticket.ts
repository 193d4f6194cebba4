/**
 * Relay bind tickets (#510 / DIR-RELAY-03): `<b64url payload>.<hex Ed25519 signature>`, signed over
 * `"iicp:relay-bind-ticket:v1\n" + b64url payload` by the directory key. Verification follows
 * iicp-client-rust src/relay_ticket.rs (`verify_relay_bind_ticket`: every claim present and typed, `typ`,
 * `sub` = worker id, `exp` > now, `aud` `*` or this relay) and the one-use rule of iicp-client-typescript /
 * -python relay_ticket (`consumeRelayBindTicket`).
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

const DOMAIN = 'iicp:relay-bind-ticket:v1\n';
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const HEX = /^[0-9a-fA-F]*$/;
/** URL_SAFE_NO_PAD: the url-safe alphabet, no padding, and never a length that leaves 6 dangling bits. */
const B64URL_NO_PAD = /^[A-Za-z0-9_-]*$/;

export interface TicketClaims {
  v: number;
  typ: string;
  jti?: string;
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  exp: number;
}

export function publicKeyFromHex(hex: string): KeyObject | null {
  if (hex.length !== 64 || !HEX.test(hex)) return null;
  try {
    return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** serde's `RelayBindTicketClaims`: a missing or mistyped member fails the whole ticket. */
function asClaims(value: unknown, requireJti: boolean): TicketClaims | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const c = value as Record<string, unknown>;
  if (!isInt(c.v) || c.v < 0 || c.v > 255) return null;
  for (const k of ['typ', 'iss', 'sub', 'aud'] as const) if (typeof c[k] !== 'string') return null;
  if (!isInt(c.iat) || !isInt(c.exp)) return null;
  if (requireJti && (typeof c.jti !== 'string' || !/^[0-9a-f]{32}$/.test(c.jti))) return null;
  return c as unknown as TicketClaims;
}

export interface VerifyInput {
  token: string;
  key: KeyObject;
  workerId: string;
  relayNodeId: string;
  nowS: number;
  requireJti: boolean;
}

export function verifyTicket(input: VerifyInput): TicketClaims | null {
  const dot = input.token.indexOf('.');
  if (dot < 0) return null;
  const payloadB64 = input.token.slice(0, dot);
  const sigHex = input.token.slice(dot + 1);
  if (sigHex.length !== 128 || !HEX.test(sigHex)) return null;
  if (!verify(null, Buffer.from(DOMAIN + payloadB64, 'utf8'), input.key, Buffer.from(sigHex, 'hex'))) return null;
  if (!B64URL_NO_PAD.test(payloadB64) || payloadB64.length % 4 === 1) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payloadB64, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const claims = asClaims(parsed, input.requireJti);
  if (!claims || claims.typ !== 'relay-bind-ticket' || claims.sub !== input.workerId || claims.exp <= input.nowS)
    return null;
  if (claims.aud !== '*' && claims.aud !== input.relayNodeId) return null;
  return claims;
}

/**
 * Process-local one-use memory of accepted tickets, each kept until its `exp`. The key is the `jti` when the
 * ticket has one, else its signature: production tickets carry no `jti`, and Ed25519 signatures are
 * deterministic, so byte-identical tickets (same worker, audience and second) count as one ticket.
 */
export class TicketReplayCache {
  private readonly seen = new Map<string, number>();

  consume(token: string, claims: TicketClaims, nowS: number): boolean {
    for (const [key, exp] of this.seen) if (exp <= nowS) this.seen.delete(key);
    const key =
      typeof claims.jti === 'string' ? `jti:${claims.jti}` : `sig:${token.slice(token.indexOf('.') + 1).toLowerCase()}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, claims.exp);
    return true;
  }
}
