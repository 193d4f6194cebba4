/**
 * `POST /v1/relay/ticket` (RelayTicketController + RelayBindTicketService) and `GET /v1/directory-key`
 * (ConsumerTokenController::publicKey). Both use the genesis key (genesis-key.ts); without
 * one they answer 503 `not_configured`, as production does while `IICP_GENESIS_ED25519_SECRET_KEY` is unset.
 */
import { z } from 'zod';
import { authenticateNode } from './auth';
import { bearerToken, json, objectError, validationError, type ParsedRequest, type Reply } from './http';
import { str, validate } from './laravel';
import type { DirectoryContext } from './types';

/** RelayBindTicketService::TTL_SECONDS: "short bind window; worker can retry". */
export const RELAY_TICKET_TTL_S = 120;
const TICKET_DOMAIN = 'iicp:relay-bind-ticket:v1\n';
/** `throttle:consumer-token` (AppServiceProvider): 20 per minute per bearer token, else per IP. */
const TICKETS_PER_MINUTE = 20;

const TicketSchema = z.object({ relay_node_id: str({ nullable: true, max: 64 }) });

/** Route middleware order: NodeTokenAuth → throttle → controller (validate, then the key check). */
export function handleRelayTicket(ctx: DirectoryContext, req: ParsedRequest): Reply {
  const auth = authenticateNode(ctx, req);
  const reply = auth.ok ? (throttled(ctx, req) ?? issue(ctx, req, auth.node.nodeId)) : auth.reply;
  ctx.state.relayTickets.push({
    at: ctx.now(),
    nodeId: auth.ok ? auth.node.nodeId : null,
    body: req.body,
    status: reply.status,
    response: reply.body,
  });
  return reply;
}

function issue(ctx: DirectoryContext, req: ParsedRequest, workerNodeId: string): Reply {
  const v = validate(TicketSchema, req.input);
  if (!v.ok) return validationError(v.fields);
  if (!ctx.genesisKey) {
    return objectError(503, 'not_configured', 'Relay bind ticket signing key not configured on this directory.');
  }
  // Laravel's ConvertEmptyStringsToNull turns "" into null before `?? '*'`, so an empty audience is a wildcard.
  const given = v.data.relay_node_id;
  const audience = typeof given === 'string' && given !== '' ? given : '*';
  const iat = Math.floor(ctx.now() / 1000);
  const exp = iat + RELAY_TICKET_TTL_S;
  // Same members and order as PHP's json_encode (JSON_UNESCAPED_SLASHES, which JSON.stringify matches). No `jti`:
  // production issues none, although the newest SDK relays demand one (see tests/support/relay/README.md).
  const payload = JSON.stringify({
    v: 1,
    typ: 'relay-bind-ticket',
    iss: ctx.origin(),
    sub: workerNodeId,
    aud: audience,
    iat,
    exp,
  });
  const b64Payload = Buffer.from(payload, 'utf8').toString('base64url');
  const signature = ctx.genesisKey.sign(TICKET_DOMAIN + b64Payload);
  return json(201, {
    ticket: `${b64Payload}.${signature}`,
    expires_at: exp,
    worker_node_id: workerNodeId,
    relay_node_id: audience,
    algorithm: 'ed25519',
  });
}

/** Laravel `throttle`: attempts over the limit are refused without being counted; decay 60 s from the first hit. */
function throttled(ctx: DirectoryContext, req: ParsedRequest): Reply | null {
  const key = bearerToken(req) ?? req.ip;
  const now = ctx.now();
  let window = ctx.state.ticketRate[key];
  if (!window || now >= window.resetAt) window = ctx.state.ticketRate[key] = { count: 0, resetAt: now + 60_000 };
  if (window.count >= TICKETS_PER_MINUTE) {
    const retryAfter = String(Math.max(1, Math.ceil((window.resetAt - now) / 1000)));
    return { ...objectError(429, 'rate_limited', 'Too Many Attempts.'), headers: { 'retry-after': retryAfter } };
  }
  window.count += 1;
  return null;
}

/** Unauthenticated; the same key verifies consumer tokens and relay bind tickets. */
export function handleDirectoryKey(ctx: DirectoryContext): Reply {
  if (!ctx.genesisKey) {
    return objectError(503, 'not_configured', 'Consumer token signing key not configured on this directory.');
  }
  return json(200, { public_key: ctx.genesisKey.publicKeyHex, algorithm: 'ed25519' });
}
