/**
 * `/iicp/fleet` on the task port: where the operator's other machines ask this one about itself and say hello
 * (fleet/fleet-wire.ts holds what they send). Only `POST` is a request. Its source's allowance and the requests being
 * read are judged first (fleet-limits.ts), before a byte of the body is read; the body is then read up to its cap and
 * time with the one body reader (../net/http-body.ts) and handed to the fleet room, which judges its length and shape
 * before anything else. Everything that is not a request of the operator's machines gets one and the same refusal,
 * whether or not this computer has an operator identity, so the route tells nobody whether the computer is part of a
 * fleet.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyStillComing, readBody, type ShapeLimits } from '../net';
import type { FleetLimits } from './fleet-limits';
import { BASE_HEADERS, sendError } from './http-util';

/** What the fleet room makes of a request: a sealed answer (200), a hello or goodbye taken (204), or a refusal. */
export type FleetReply = { answer: string } | 'hello' | 'goodbye' | null;
export type FleetAnswer = (body: string) => FleetReply;

/**
 * A request is one sealed message: a question is under 1 KiB, a hello at most 32 KiB sealed (fleet/fleet-seal.ts),
 * about 44 KiB in base64 with its node id.
 */
export const FLEET_BODY_MAX_BYTES = 48 * 1024;
const FLEET_TIMEOUT_MS = 10_000;
/** The fleet room scans the shape itself (fleet-wire.ts): the reader only counts bytes (see `scanFrom`). */
const UNSCANNED: ShapeLimits = { maxDepth: 1, maxValues: 5 };

const refuse = (res: ServerResponse) =>
  sendError(res, { status: 403, code: 'forbidden', message: 'Not a machine of this operator.' });

/** Who is asking, as the limits count it: its address (an IPv6 /64), and whether it carries many clients. */
export interface FleetSource {
  source: string;
  shared: boolean;
}

export function fleetRoute(
  req: IncomingMessage,
  res: ServerResponse,
  answer: FleetAnswer | undefined,
  limits: FleetLimits,
  from: FleetSource,
): void {
  if (req.method !== 'POST')
    return sendError(res, {
      status: 405,
      code: 'method_not_allowed',
      message: 'Use POST.',
      headers: { Allow: 'POST' },
    });
  const admitted = limits.admit(from.source, from.shared);
  if (admitted !== 'ok') {
    // Not read: a small body is discarded by Node after the answer; a large or unknown one ends the connection.
    const close: Record<string, string> = bodyStillComing(req) ? { Connection: 'close' } : {};
    if (admitted === 'rate')
      return sendError(res, {
        status: 429,
        code: 'rate_limited',
        message: 'Too many requests to this route; try again shortly.',
        headers: { 'Retry-After': '1', ...close },
      });
    return sendError(res, {
      status: 503,
      code: 'busy',
      message: 'Too many requests to this route are being read; try again shortly.',
      headers: { 'Retry-After': '1', ...close },
    });
  }
  let done = false;
  const finish = (send: () => void) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    limits.release(from.source, from.shared);
    send();
  };
  const timer = setTimeout(() => {
    finish(() => sendError(res, { status: 408, code: 'timeout', message: 'The request took too long.' }));
    req.destroy();
  }, FLEET_TIMEOUT_MS);
  timer.unref?.();
  void readBody(req, { maxBytes: FLEET_BODY_MAX_BYTES, shape: UNSCANNED, scanFrom: FLEET_BODY_MAX_BYTES }).then(
    (read) => {
      if (read.kind === 'gone') return finish(() => undefined);
      if (read.kind === 'refused') {
        finish(() =>
          sendError(res, {
            status: 413,
            code: 'payload_too_large',
            message: 'A request of this route is never this large.',
            headers: bodyStillComing(req) ? { Connection: 'close' } : undefined,
          }),
        );
        return;
      }
      if (done) return;
      const reply = answer?.(read.raw.toString('utf8')) ?? null;
      finish(() => {
        if (reply === null) return refuse(res);
        if (reply === 'hello' || reply === 'goodbye') {
          res.writeHead(204, BASE_HEADERS);
          res.end();
          return;
        }
        res.writeHead(200, {
          ...BASE_HEADERS,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(reply.answer),
        });
        res.end(reply.answer);
      });
    },
  );
}
