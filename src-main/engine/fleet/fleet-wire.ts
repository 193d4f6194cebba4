/**
 * What the operator's machines send each other on `POST /iicp/fleet` of the task port, all sealed (fleet-seal.ts):
 *
 * - `{"from": id, "ask": sealed}`: a sibling's question, holding a fresh one-time code and the next number of the
 *   asker's counter (status-counter.ts). Only a holder of the operator identity can make one. The answer (200) is this
 *   machine's status sealed as an answer, carrying that code, so an answer recorded earlier and played back later is
 *   no answer to a new question; the number lets the machine asked refuse a question recorded and played back to it
 *   (newest-questions.ts).
 * - `{"from": id, "hello": sealed}`: a machine introduces itself with its status (204), so a sibling that does not list
 *   it yet meets it.
 * - `{"from": id, "bye": sealed}`: a machine says goodbye as its node stops cleanly (204), so its siblings show it
 *   stopped by its owner rather than down. It is numbered by the sender's counter like its statuses, so a goodbye
 *   played back is older than the newest status or goodbye seen of that machine and is refused.
 *
 * Anything else, and anything that does not open with the key, gets one refusal, the same whether or not this
 * computer has an operator identity at all. What a request is, is judged without the key first (`readEnvelope`): its
 * length, its shape and its fields, all bounded and cheap, so a stranger's bytes never cost more than that.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { NodeIdSchema } from '@shared/contract';
import { MAX_SEALED_CHARS, maxSealedChars, open, seal } from './fleet-seal';
import { flatJson } from './flat-json';
import { NONCE, readMachineStatus, type MachineStatus } from './machine-status';

/** The largest request: a hello of the largest size, with the node id and the keys around it. */
export const FLEET_REQUEST_MAX_BYTES = maxSealedChars('hello') + 1024;
/** The largest answer: a status with a very long model list (128 KiB sealed). */
export const FLEET_ANSWER_MAX_BYTES = MAX_SEALED_CHARS + 1024;

/**
 * One object of two strings, `from` and `ask` (or `hello`): its own brace and comma, and those of the sealed envelope
 * inside its string (one brace, three commas, fleet-seal.ts).
 */
const REQUEST_SHAPE = { opens: 2, commas: 4 };
const Ask = z.object({ from: NodeIdSchema, ask: z.string().max(maxSealedChars('ask')) }).strict();
const Hello = z.object({ from: NodeIdSchema, hello: z.string().max(maxSealedChars('hello')) }).strict();
const Bye = z.object({ from: NodeIdSchema, bye: z.string().max(maxSealedChars('bye')) }).strict();
const AskBody = z
  .object({
    from: NodeIdSchema,
    to: NodeIdSchema,
    nonce: z.string().regex(NONCE),
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  })
  .strict();
const ByeBody = z
  .object({ from: NodeIdSchema, to: NodeIdSchema, seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })
  .strict();

/**
 * A question for the machine `to`, numbered `seq` by the asker's counter, and the one-time code its answer must carry.
 */
export function askFor(key: Buffer, from: string, to: string, seq: number): { body: string; nonce: string } {
  const nonce = randomBytes(18).toString('base64url');
  const ask = seal(key, 'ask', to, { from, to, nonce, seq })!;
  return { body: JSON.stringify({ from, ask }), nonce };
}

/** A hello from `from`: its status, already sealed as a hello. */
export const helloBody = (from: string, sealed: string): string => JSON.stringify({ from, hello: sealed });

/** A goodbye from `from` to the machine `to`, numbered `seq` by the sender's counter. */
export function byeFor(key: Buffer, from: string, to: string, seq: number): string {
  return JSON.stringify({ from, bye: seal(key, 'bye', to, { from, to, seq })! });
}

/** What a request says it is before it is opened: a question, hello or goodbye from a machine, and its sealed part. */
export interface FleetEnvelope {
  kind: 'ask' | 'hello' | 'bye';
  from: string;
  sealed: string;
}

export type FleetRequest =
  | { kind: 'ask'; from: string; nonce: string; seq: number }
  | { kind: 'hello'; status: MachineStatus }
  | { kind: 'bye'; from: string; seq: number };

/**
 * What a request to this machine (`self`) says it is, judged without the key: null when it is longer than any request,
 * nests or holds more than one, does not parse, or is not a question, hello or goodbye of another machine.
 */
export function readEnvelope(body: string, self: string): FleetEnvelope | null {
  if (body.length > FLEET_REQUEST_MAX_BYTES || !flatJson(body, REQUEST_SHAPE)) return null;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  // One schema per request, picked by its key: a refusal by a schema costs more than its check.
  if (typeof value !== 'object' || value === null) return null;
  if (Object.hasOwn(value, 'ask')) {
    const ask = Ask.safeParse(value);
    return ask.success && ask.data.from !== self ? { kind: 'ask', from: ask.data.from, sealed: ask.data.ask } : null;
  }
  if (Object.hasOwn(value, 'bye')) {
    const bye = Bye.safeParse(value);
    return bye.success && bye.data.from !== self ? { kind: 'bye', from: bye.data.from, sealed: bye.data.bye } : null;
  }
  const hello = Hello.safeParse(value);
  return hello.success && hello.data.from !== self
    ? { kind: 'hello', from: hello.data.from, sealed: hello.data.hello }
    : null;
}

/** The request an envelope holds, opened with the key, or null when it does not open or is not one for `self`. */
export function openRequest(envelope: FleetEnvelope, key: Buffer, self: string): FleetRequest | null {
  if (envelope.kind === 'ask') {
    const q = AskBody.safeParse(open(key, 'ask', self, envelope.sealed));
    return q.success && q.data.to === self && q.data.from === envelope.from
      ? { kind: 'ask', from: q.data.from, nonce: q.data.nonce, seq: q.data.seq }
      : null;
  }
  if (envelope.kind === 'bye') {
    const b = ByeBody.safeParse(open(key, 'bye', self, envelope.sealed));
    return b.success && b.data.to === self && b.data.from === envelope.from
      ? { kind: 'bye', from: b.data.from, seq: b.data.seq }
      : null;
  }
  const status = readMachineStatus(open(key, 'hello', envelope.from, envelope.sealed), envelope.from);
  return status && status.nonce === null ? { kind: 'hello', status } : null;
}

/** What a request to this machine (`self`) is, or null when it does not open with the key or is not one. */
export function readRequest(body: string, key: Buffer, self: string): FleetRequest | null {
  const envelope = readEnvelope(body, self);
  return envelope && openRequest(envelope, key, self);
}

/**
 * The answer of machine `nodeId` to the question with `nonce`, or null for anything else (a recorded answer among
 * them).
 */
export function readAnswer(text: string, key: Buffer, nodeId: string, nonce: string): MachineStatus | null {
  const status = readMachineStatus(open(key, 'status', nodeId, text), nodeId);
  return status && status.nonce === nonce ? status : null;
}
