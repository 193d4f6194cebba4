/**
 * What the operator's machines send each other on `POST /iicp/fleet` of the task port, all sealed (fleet-seal.ts):
 *
 * - `{"from": id, "ask": sealed}`: a sibling's question, holding a fresh one-time code. Only a holder of the operator
 *   identity can make one. The answer (200) is this machine's status sealed as an answer, carrying that code, so an
 *   answer recorded earlier and played back later is no answer to a new question.
 * - `{"from": id, "hello": sealed}`: a machine introduces itself with its status (204), so a sibling that does not list
 *   it yet meets it.
 *
 * Anything else, and anything that does not open with the key, gets one refusal, the same whether or not this
 * computer has an operator identity at all.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { NodeIdSchema } from '@shared/contract';
import { ASK_BUCKET_BYTES, MAX_SEALED_CHARS, open, seal } from './fleet-seal';
import { NONCE, readMachineStatus, type MachineStatus } from './machine-status';

/** A request is one sealed message and a node id: a few KiB (a status with a long model list, 128 KiB at most). */
export const FLEET_REQUEST_MAX_BYTES = MAX_SEALED_CHARS + 1024;

const Ask = z.object({ from: NodeIdSchema, ask: z.string().max(4 * ASK_BUCKET_BYTES) }).strict();
const Hello = z.object({ from: NodeIdSchema, hello: z.string().max(MAX_SEALED_CHARS + 256) }).strict();
const AskBody = z.object({ from: NodeIdSchema, to: NodeIdSchema, nonce: z.string().regex(NONCE) }).strict();

/** A question for the machine `to`, and the one-time code its answer must carry. */
export function askFor(key: Buffer, from: string, to: string): { body: string; nonce: string } {
  const nonce = randomBytes(18).toString('base64url');
  const ask = seal(key, 'ask', to, { from, to, nonce }, ASK_BUCKET_BYTES)!;
  return { body: JSON.stringify({ from, ask }), nonce };
}

/** A hello from `from`: its status, already sealed as a hello. */
export const helloBody = (from: string, sealed: string): string => JSON.stringify({ from, hello: sealed });

export type FleetRequest = { kind: 'ask'; from: string; nonce: string } | { kind: 'hello'; status: MachineStatus };

/** What a request to this machine (`self`) is, or null when it does not open with the key or is not one. */
export function readRequest(body: string, key: Buffer, self: string): FleetRequest | null {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  const ask = Ask.safeParse(value);
  if (ask.success) {
    const q = AskBody.safeParse(open(key, 'ask', self, ask.data.ask));
    return q.success && q.data.to === self && q.data.from === ask.data.from && q.data.from !== self ? { kind: 'ask', from: q.data.from, nonce: q.data.nonce } : null;
  }
  const hello = Hello.safeParse(value);
  if (!hello.success || hello.data.from === self) return null;
  const status = readMachineStatus(open(key, 'hello', hello.data.from, hello.data.hello), hello.data.from);
  return status && status.nonce === null ? { kind: 'hello', status } : null;
}

/** The answer of machine `nodeId` to the question with `nonce`, or null for anything else (a recorded answer among them). */
export function readAnswer(text: string, key: Buffer, nodeId: string, nonce: string): MachineStatus | null {
  const status = readMachineStatus(open(key, 'status', nodeId, text), nodeId);
  return status && status.nonce === nonce ? status : null;
}
