/**
 * Hostile bodies for the local gateway (hostile-gateway-apps.test.ts): 8 MiB chat bodies sent with a declared length
 * or chunked without one, with and without an app key, and valid JSON four million arrays deep, each by a client
 * that reads while it writes and by one that writes everything before it reads (as httpx, under the OpenAI Python
 * SDK, does). Each comes with the answer it must get. Run once each from the test, or over and over from a process of
 * its own (gateway-attacker-child.ts), so the attacker's own work does not hold up the node it measures.
 */
import { connect, type Socket } from 'node:net';
import { parseResponses, type RawResponse } from './raw-http';

export interface GatewayTarget {
  port: number;
  key: string;
  model: string;
}

export interface GatewayAttack {
  label: string;
  parts: () => Buffer[];
  httpxLike: boolean;
  /** The answer it must get (OpenAI's error shape). */
  status: number;
  code: string;
}

/** What came back on one raw connection. */
export interface RawOutcome {
  responses: RawResponse[];
  /** Whether the whole request was written before the server closed. */
  written: 'written' | 'failed';
  error: string | null;
}

export const ATTACK_BODY_BYTES = 8 * 1024 * 1024;

export function requestHead(t: GatewayTarget, o: { length?: number; chunked?: boolean; withKey: boolean }): string {
  return [
    'POST /v1/chat/completions HTTP/1.1',
    `Host: 127.0.0.1:${t.port}`,
    'Content-Type: application/json',
    ...(o.withKey ? [`Authorization: Bearer ${t.key}`] : []),
    o.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${o.length}`,
    'Connection: close',
    '',
    '',
  ].join('\r\n');
}

export const split = (buf: Buffer, size = 64 * 1024): Buffer[] =>
  Array.from({ length: Math.ceil(buf.length / size) }, (_, i) => buf.subarray(i * size, (i + 1) * size));

/** A body in chunked transfer coding, 64 KiB a chunk, and its end. */
export function chunkedFrames(body: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (const part of split(body)) out.push(Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n'));
  out.push(Buffer.from('0\r\n\r\n'));
  return out;
}

/** A JSON chat body of exactly `size` bytes: one long message. */
export function bigChat(model: string, size: number): Buffer {
  const start = `{"model":"${model}","messages":[{"role":"user","content":"`;
  const end = '"}]}';
  return Buffer.concat([Buffer.from(start), Buffer.alloc(size - start.length - end.length, 'a'), Buffer.from(end)]);
}

/** Valid JSON of four million arrays, each inside the next (4 MB: under the gateway's 4 MiB body cap). */
export const deepJson = (model: string): Buffer =>
  Buffer.from(`{"model":"${model}","messages":${'['.repeat(2_000_000)}${']'.repeat(2_000_000)}}`);

/** Every way of sending, with the answer each must get. */
export function gatewayAttacks(t: GatewayTarget): GatewayAttack[] {
  const body = bigChat(t.model, ATTACK_BODY_BYTES);
  const deep = deepJson(t.model);
  const declared = (withKey: boolean) => () => [
    Buffer.from(requestHead(t, { length: body.length, withKey })),
    ...split(body),
  ];
  const chunked = (withKey: boolean) => () => [
    Buffer.from(requestHead(t, { chunked: true, withKey })),
    ...chunkedFrames(body),
  ];
  const nested = () => [Buffer.from(requestHead(t, { length: deep.length, withKey: true })), ...split(deep)];
  const tooLarge = { status: 413, code: 'payload_too_large' };
  const noKey = { status: 401, code: 'invalid_api_key' };
  const tooDeep = { status: 400, code: 'invalid_request' };
  return [
    { label: 'declared, key', parts: declared(true), httpxLike: false, ...tooLarge },
    { label: 'declared, key, httpx-like', parts: declared(true), httpxLike: true, ...tooLarge },
    { label: 'chunked, key', parts: chunked(true), httpxLike: false, ...tooLarge },
    { label: 'chunked, key, httpx-like', parts: chunked(true), httpxLike: true, ...tooLarge },
    { label: 'declared, no key', parts: declared(false), httpxLike: false, ...noKey },
    { label: 'declared, no key, httpx-like', parts: declared(false), httpxLike: true, ...noKey },
    { label: 'chunked, no key', parts: chunked(false), httpxLike: false, ...noKey },
    { label: 'deep, key', parts: nested, httpxLike: false, ...tooDeep },
    { label: 'deep, key, httpx-like', parts: nested, httpxLike: true, ...tooDeep },
  ];
}

/**
 * Sends a request on a fresh connection and collects what comes back until the server closes. `httpxLike`: the
 * client reads nothing until it has written everything (or could not write more), then closes its side.
 */
export function rawRequest(port: number, parts: Buffer[], o: { httpxLike?: boolean } = {}): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const data: Buffer[] = [];
    let error: string | null = null;
    let written: RawOutcome['written'] | null = null;
    const socket: Socket = connect({ host: '127.0.0.1', port, allowHalfOpen: !!o.httpxLike });
    socket.on('data', (d: Buffer) => data.push(d));
    socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    const giveUp = setTimeout(() => socket.destroy(), 30_000);
    socket.once('close', () => {
      clearTimeout(giveUp);
      resolve({ responses: parseResponses(Buffer.concat(data)).responses, written: written ?? 'failed', error });
    });
    socket.once('connect', () => {
      if (o.httpxLike) socket.pause();
      let i = 0;
      const done = (how: RawOutcome['written']) => {
        if (written) return;
        written = how;
        if (o.httpxLike) {
          socket.resume();
          socket.end();
        }
      };
      const pump = () => {
        while (i < parts.length) {
          if (socket.destroyed || !socket.writable) return done('failed');
          if (!socket.write(parts[i++]!)) return void socket.once('drain', pump);
        }
        done('written');
      };
      socket.once('close', () => done('failed'));
      pump();
    });
  });
}

/** How an answer differs from the one the attack must get (OpenAI's error shape, `nosniff`), or null. */
export function answerProblem(a: GatewayAttack, r: RawResponse): string | null {
  let json: unknown;
  try {
    json = JSON.parse(r.body.toString('utf8'));
  } catch {
    return `${a.label}: HTTP ${r.status}, not JSON`;
  }
  const e = (json as { error?: { code?: unknown; message?: unknown; type?: unknown; param?: unknown } } | null)?.error;
  const ok =
    r.status === a.status &&
    r.headers['content-type']?.[0] === 'application/json' &&
    r.headers['x-content-type-options']?.[0] === 'nosniff' &&
    e?.code === a.code &&
    typeof e.message === 'string' &&
    typeof e.type === 'string' &&
    e.param === null;
  return ok ? null : `${a.label}: HTTP ${r.status} ${r.body.toString('utf8').slice(0, 200)}`;
}

export interface AttackTally {
  label: string;
  sent: number;
  answered: number;
  /**
   * Closed without an answer: once the budget for discarding refused bodies is spent, the connection closes right after
   * the answer, and the kernel's reset can overtake an answer the client has not read yet.
   */
  unanswered: number;
}

/** `concurrency` clients, each going through the attacks in turn until `ms` have passed. */
export async function attackFor(
  port: number,
  attacks: readonly GatewayAttack[],
  o: { ms: number; concurrency: number },
): Promise<{ tallies: AttackTally[]; problems: string[] }> {
  const tallies = attacks.map((a) => ({ label: a.label, sent: 0, answered: 0, unanswered: 0 }));
  const problems: string[] = [];
  const until = Date.now() + o.ms;
  const client = async (offset: number) => {
    for (let i = offset; Date.now() < until; i++) {
      const n = i % attacks.length;
      const a = attacks[n]!;
      tallies[n]!.sent += 1;
      const out = await rawRequest(port, a.parts(), { httpxLike: a.httpxLike });
      if (out.responses.length > 1) problems.push(`${a.label}: ${out.responses.length} answers`);
      if (out.responses.length !== 1) {
        tallies[n]!.unanswered += 1;
        continue;
      }
      tallies[n]!.answered += 1;
      const p = answerProblem(a, out.responses[0]!);
      if (p) problems.push(p);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, (_, c) => client(c * 2)));
  return { tallies, problems };
}
