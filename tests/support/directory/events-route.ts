/**
 * `GET /v1/events` (PHP `EventsController::index`) and `GET {origin}/.well-known/did.json` (routes/web.php, derived
 * from the genesis key). Both answers are serialised like Laravel's `response()->json()`: json_encode without flags,
 * so slashes come as `\/` and non-ASCII as `\uXXXX`, exactly the bytes a client of production parses.
 */
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { FILTERABLE_EVENT_TYPES, eventPage, prevHashOf, sha256Hex, signEvent } from './event-log';
import { validationError, type ParsedRequest, type Reply } from './http';
import { int, str, validate } from './laravel';
import { LARAVEL_RESPONSE, phpJsonEncode, phpTrim, UNESCAPED } from './php-json';
import type { DirectoryContext, DirectoryEvent, HostilePages } from './types';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

const EventsQuery = z.object({
  since_seq: int({ min: 0 }),
  limit: int({ min: 1, max: MAX_LIMIT }),
  event_types: str({ nullable: true, max: 256 }),
});

/** `parse_url(config('app.url'), PHP_URL_HOST)`: the host alone, without the port. */
export function directoryDid(ctx: DirectoryContext): string {
  return `did:web:${new URL(ctx.origin()).hostname}`;
}

/** Serialised as Laravel would, with the body kept as an object for the request logs. */
function laravelJson(status: number, body: unknown, decoded = false): Reply {
  return { status, body, encoded: phpJsonEncode(body, LARAVEL_RESPONSE, { decoded }) };
}

/** `explode(',')`, `trim` each, then `array_filter` (which also drops "0"). */
function requestedTypes(csv: string | null | undefined): string[] {
  if (csv === undefined || csv === null) return [];
  return csv
    .split(',')
    .map(phpTrim)
    .filter((t) => t !== '' && t !== '0');
}

/**
 * DIR-FED-07: SHA-256 of the first event's payload as it comes back from the database (json_encode without ksort).
 * Production caches it for an hour; the stand-in computes it on every read.
 */
function genesisHash(events: readonly DirectoryEvent[]): string | null {
  const first = events[0];
  return first ? sha256Hex(phpJsonEncode(first.payload, UNESCAPED, { decoded: true })) : null;
}

export function handleEvents(ctx: DirectoryContext, req: ParsedRequest): Reply {
  const v = validate(EventsQuery, req.input);
  if (!v.ok) return validationError(v.fields);
  const sinceSeq = v.data.since_seq ?? 0;
  const limit = v.data.limit ?? DEFAULT_LIMIT;
  const wanted = requestedTypes(v.data.event_types);
  let types: Set<string> | null = null;
  if (wanted.length > 0) {
    types = new Set(wanted.filter((t) => FILTERABLE_EVENT_TYPES.includes(t)));
    if (types.size === 0) return laravelJson(422, { error: 'No valid event_types specified' });
  }

  if (ctx.state.hostilePages) return hostilePage(ctx, ctx.state.hostilePages, sinceSeq, limit);
  const events = ctx.state.events;
  const page = eventPage(events, sinceSeq, limit, types);
  const signerDid = directoryDid(ctx);
  const latest = events[events.length - 1];
  return laravelJson(
    200,
    {
      events: page.map((e) => ({
        event_id: e.event_id,
        event_type: e.event_type,
        service_id: e.service_id,
        seq: e.seq,
        ts_ms: e.ts_ms,
        node_id: e.node_id,
        payload: e.payload,
        prev_hash: e.prev_hash,
        sig: e.sig,
        signer_did: signerDid,
      })),
      count: page.length,
      next_seq: page.length === 0 ? sinceSeq : page[page.length - 1]!.seq,
      has_more: page.length === limit,
      genesis_hash: genesisHash(events),
      // Lag to the newest event of the whole log, not of this page.
      replica_lag_ms: latest ? Math.max(0, Math.floor(ctx.now()) - latest.ts_ms) : 0,
    },
    true,
  );
}

/** What a hostile directory answers instead of its log (see `HostilePages`). */
function hostilePage(ctx: DirectoryContext, hp: HostilePages, sinceSeq: number, limit: number): Reply {
  hp.served = (hp.served ?? 0) + 1;
  if (hp.kind === 'deep') {
    const depth = Math.floor((hp.bytes - 32) / 2);
    return {
      status: 200,
      body: null,
      encoded: `{"events":[${'['.repeat(depth)}${']'.repeat(depth)}],"has_more":false}`,
      headers: { 'content-type': 'application/json' },
    };
  }
  const count = Math.min(limit, hp.perPage ?? limit);
  const signerDid = directoryDid(ctx);
  const events = [];
  let prevSig: string | null = null;
  for (let seq = sinceSeq + 1; seq <= sinceSeq + count; seq++) {
    const e: DirectoryEvent = {
      event_id: randomUUID(),
      event_type: 'CREDIT_AWARD',
      service_id: null,
      seq,
      ts_ms: Math.floor(ctx.now()),
      node_id: randomUUID(),
      payload: {
        task_id: randomUUID(),
        tokens_used: 6,
        amount: 0.006,
        new_balance: 0.006,
        response_hash: sha256Hex(String(seq)),
        cip_parent_task_id: null,
        cip_session_key: null,
        querying_node_id: null,
        attribution: 'legacy_unattributed',
        trust_weight: 0,
        spent: 0,
      },
      prev_hash: prevHashOf(prevSig),
      sig: null,
    };
    e.sig = signEvent(ctx.genesisKey, e);
    prevSig = e.sig;
    events.push({ ...e, signer_did: signerDid });
  }
  return laravelJson(
    200,
    { events, count, next_seq: sinceSeq + count, has_more: true, genesis_hash: null, replica_lag_ms: 0 },
    true,
  );
}

/** Laravel's `abort(404)` on a web route: its HTML error page. */
const NOT_FOUND_PAGE =
  '<!DOCTYPE html>\n<html lang="en">\n<head><title>Not Found</title></head>\n<body>404 | Not Found</body>\n</html>\n';

/** The first (only) verification method carries the genesis key; no key → 404, as production without one. */
export function handleDidJson(ctx: DirectoryContext): Reply {
  if (!ctx.genesisKey) {
    return {
      status: 404,
      body: null,
      encoded: NOT_FOUND_PAGE,
      headers: { 'content-type': 'text/html; charset=UTF-8' },
    };
  }
  const did = directoryDid(ctx);
  const x = Buffer.from(ctx.genesisKey.publicKeyHex, 'hex').toString('base64url');
  return laravelJson(200, {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: did,
    verificationMethod: [
      {
        id: `${did}#genesis`,
        type: 'JsonWebKey2020',
        controller: did,
        publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x },
      },
    ],
    assertionMethod: [`${did}#genesis`],
  });
}
