/**
 * The worker side of the HTTP long-poll transport: bind → pull → result → unbind, after
 * `relay_bind_endpoint` / `relay_pull_endpoint` / `relay_result_endpoint` / `relay_unbind_endpoint`
 * (iicp-client-rust src/node.rs) with the bind rate limit and ticket replay rule of iicp-client-typescript
 * src/relay_session.ts. Status codes, error codes and messages are the reference's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sourceAddress } from './bind-limits';
import type { RelayContext } from './context';
import { bearer, isObject, readJson, relayError, sendEmpty, sendJson, sendText } from './http';
import { PollSession } from './sessions';
import { verifyTicket, type TicketClaims } from './ticket';

const TOKEN_ERROR = 'invalid or missing relay session token';

/** Every check in reference order; the first refusal wins. */
export async function handleBind(ctx: RelayContext, req: IncomingMessage, res: ServerResponse): Promise<number> {
  const source = sourceAddress(req.socket.remoteAddress);
  const body = await readJson(req);
  let workerId: string | null = null;
  let response: unknown = null;
  const status = ((): number => {
    if (!body.ok) {
      response = body.text;
      return sendText(res, body.status, body.text);
    }
    const payload = isObject(body.value) ? body.value : {};
    const refuse = (s: number, code: string, message: string): number => {
      response = { error: { code, message } };
      return relayError(res, s, code, message);
    };
    const id = typeof payload.worker_id === 'string' ? payload.worker_id : '';
    if (id === '') return refuse(422, 'IICP-E001', 'worker_id is required');
    workerId = id;

    const { settings, registry } = ctx;
    const now = settings.now();
    const ticket = typeof payload.bind_ticket === 'string' ? payload.bind_ticket : '';
    let claims: TicketClaims | null = null;
    if (ticket !== '' && settings.ticketKey) {
      claims = verifyTicket({
        token: ticket,
        key: settings.ticketKey,
        workerId: id,
        relayNodeId: settings.nodeId,
        nowS: Math.floor(now / 1000),
        requireJti: settings.requireTicketJti,
      });
      if (!claims) return refuse(401, 'IICP-E040', 'relay bind ticket invalid');
    } else if (settings.requireBindTicket) {
      // Also when a ticket was sent but no key is configured: nothing can vouch for it.
      return refuse(401, 'IICP-E040', 'relay bind ticket required');
    }

    // #510 interim-C: an alive session is never displaced; a dead one is.
    const existing = registry.get(id);
    if (existing?.isAlive(now))
      return refuse(409, 'IICP-E038', 'worker_id has an alive relay session — rebind rejected');
    if (!ctx.limiter.allow(source, existing !== undefined, now))
      return refuse(429, 'IICP-E039', 'relay_bind_rate_limited');
    if (registry.atCapacity(id)) return refuse(503, 'IICP-E039', 'relay at session capacity — try another relay');
    // Consumed last, so a bind refused for another reason does not burn the ticket.
    if (claims && !ctx.replay.consume(ticket, claims, Math.floor(now / 1000))) {
      return refuse(409, 'IICP-E040', 'relay bind ticket replayed');
    }

    const intent = typeof payload.intent === 'string' ? payload.intent : '';
    const models = Array.isArray(payload.models)
      ? payload.models.filter((m): m is string => typeof m === 'string')
      : [];
    const session = new PollSession(id, intent, models, now, settings.sessionAliveMs);
    registry.bind(session);
    response = {
      session_token: session.token,
      poll_timeout_s: settings.pollTimeoutMs / 1000,
      worker_endpoint_path: `/v1/relay-for/${id}`,
    };
    return sendJson(res, 200, response);
  })();
  ctx.log.push({
    kind: 'bind',
    at: ctx.settings.now(),
    source,
    workerId,
    body: body.ok ? body.value : null,
    status,
    response,
  });
  return status;
}

function authed(ctx: RelayContext, req: IncomingMessage): PollSession | undefined {
  return ctx.registry.byToken(bearer(req));
}

export async function handlePull(ctx: RelayContext, req: IncomingMessage, res: ServerResponse): Promise<number> {
  req.resume();
  const session = authed(ctx, req);
  if (!session) {
    ctx.log.push({ kind: 'pull', at: ctx.settings.now(), workerId: null, status: 401, call: null });
    return relayError(res, 401, 'IICP-E021', TOKEN_ERROR);
  }
  const hostile = ctx.settings.tamper?.pull;
  // A hostile answer still counts as a pull, so the session stays alive as with an honest one.
  if (hostile) session.lastPullAt = ctx.settings.now();
  if (
    hostile?.({
      req,
      res,
      workerId: session.workerId,
      respond: (callId, task) => sendJson(res, 200, { call_id: callId, task }),
    })
  ) {
    ctx.log.push({
      kind: 'pull',
      at: ctx.settings.now(),
      workerId: session.workerId,
      status: res.statusCode,
      call: 'tampered',
    });
    return res.statusCode;
  }
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableEnded) gone.abort();
  });
  const honest = await session.nextCall(ctx.settings.pollTimeoutMs, ctx.settings.now, gone.signal);
  const rewrite = ctx.settings.tamper?.task;
  const call = honest && rewrite && isObject(honest.task) ? { ...honest, task: rewrite(honest.task) } : honest;
  const status = call ? sendJson(res, 200, call) : sendEmpty(res, 204);
  ctx.log.push({ kind: 'pull', at: ctx.settings.now(), workerId: session.workerId, status, call });
  return status;
}

/** axum extracts the JSON body before the handler checks the token, so 415/400 come before 401. */
export async function handleResult(ctx: RelayContext, req: IncomingMessage, res: ServerResponse): Promise<number> {
  const body = await readJson(req);
  const session = body.ok ? authed(ctx, req) : undefined;
  let delivered = false;
  const status = ((): number => {
    if (!body.ok) return sendText(res, body.status, body.text);
    if (!session) return relayError(res, 401, 'IICP-E021', TOKEN_ERROR);
    const payload = isObject(body.value) ? body.value : {};
    const callId = typeof payload.call_id === 'string' ? payload.call_id : '';
    if (callId === '' || !isObject(payload.result)) {
      return relayError(res, 422, 'IICP-E001', 'call_id and result are required');
    }
    // Unknown, repeated or late call ids are accepted and dropped: the worker cannot tell.
    delivered = session.deliver(callId, payload.result);
    return sendEmpty(res, 204);
  })();
  ctx.log.push({
    kind: 'result',
    at: ctx.settings.now(),
    workerId: session?.workerId ?? null,
    body: body.ok ? body.value : null,
    status,
    delivered,
  });
  return status;
}

/** No body is read; the Bearer token alone names the session. */
export function handleUnbind(ctx: RelayContext, req: IncomingMessage, res: ServerResponse): number {
  req.resume();
  const session = authed(ctx, req);
  let status: number;
  if (!session) {
    status = relayError(res, 401, 'IICP-E021', TOKEN_ERROR);
  } else {
    session.close();
    ctx.registry.unbind(session.workerId);
    status = sendEmpty(res, 204);
  }
  ctx.log.push({ kind: 'unbind', at: ctx.settings.now(), workerId: session?.workerId ?? null, status });
  return status;
}
