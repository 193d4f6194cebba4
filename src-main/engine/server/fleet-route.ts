/**
 * `/iicp/fleet` on the task port: where the operator's other machines ask this one about itself and say hello
 * (fleet/fleet-wire.ts holds what they send). Only `POST` is a request; the body is read up to its cap and time, then
 * handed to the fleet room. Everything that is not a request of the operator's machines gets one and the same
 * refusal, whether or not this computer has an operator identity, so the route tells nobody whether the computer is
 * part of a fleet.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BASE_HEADERS, sendError } from './http-util';

/** What the fleet room makes of a request: a sealed answer (200), a hello taken (204), or a refusal (null). */
export type FleetReply = { answer: string } | 'hello' | null;
export type FleetAnswer = (body: string) => FleetReply;

/** A request is one sealed message: a few KiB, 128 KiB with a very long model list (fleet/fleet-seal.ts). */
const FLEET_MAX_BYTES = 192 * 1024;
const FLEET_TIMEOUT_MS = 10_000;

const refuse = (res: ServerResponse) => sendError(res, { status: 403, code: 'forbidden', message: 'Not a machine of this operator.' });

export function fleetRoute(req: IncomingMessage, res: ServerResponse, answer: FleetAnswer | undefined): void {
  if (req.method !== 'POST') return sendError(res, { status: 405, code: 'method_not_allowed', message: 'Use POST.', headers: { Allow: 'POST' } });
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  const finish = (send: () => void) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    send();
  };
  const timer = setTimeout(() => {
    finish(() => sendError(res, { status: 408, code: 'timeout', message: 'The request took too long.' }));
    req.destroy();
  }, FLEET_TIMEOUT_MS);
  timer.unref?.();
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > FLEET_MAX_BYTES) {
      finish(() => sendError(res, { status: 413, code: 'payload_too_large', message: 'A request of this route is never this large.' }));
      req.destroy();
    } else chunks.push(c);
  });
  req.on('error', () => finish(() => sendError(res, { status: 400, code: 'bad_request', message: 'The request could not be read.' })));
  req.on('end', () => {
    if (done) return;
    const reply = answer?.(Buffer.concat(chunks).toString('utf8')) ?? null;
    finish(() => {
      if (reply === null) return refuse(res);
      if (reply === 'hello') {
        res.writeHead(204, BASE_HEADERS);
        res.end();
        return;
      }
      res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(reply.answer) });
      res.end(reply.answer);
    });
  });
}
