/**
 * The native client (src-main/engine/native/client.ts) against a small node stand-in on a loopback socket: the
 * handshake, PING, a buffered CALL, a streamed CALL, and a node that breaks the rules (gaps, replays, a frame of
 * another type, garbage, a huge length, a connection cut mid-frame, silence). Whatever the node does, the client
 * ends in one typed error and never hangs; leaving a stream early closes the connection the node sees.
 */
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeIntMap, encodeCbor } from '@engine/native/cbor';
import { NativeClient, NativeClientError } from '@engine/native/client';
import { FrameReader, MsgType, encodeFrame, type Frame } from '@engine/native/frame';
import {
  decodeCall,
  encodeAck,
  encodeBufferedResponse,
  encodeLifecycleResponse,
  encodePong,
  type LifecycleResponse,
} from '@engine/native/messages';
import { NativeSequenceError } from '@engine/native/sequence';
import type { TimerFns } from '@engine/net/timers';
import { until } from '../net/turns';

/** One connection to the stand-in, as its script sees it. */
interface Peer {
  socket: Socket;
  frames: Frame[];
  closed: boolean;
  send(type: number, payload: Uint8Array): void;
}

type Script = (frame: Frame, peer: Peer) => void;

const servers: Server[] = [];
afterEach(async () => {
  const closing = servers.splice(0).map((s) => new Promise((r) => s.close(r)));
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(closing);
});
/** Every server-side socket, ended after each test so that no server waits on a connection to close. */
const sockets: Socket[] = [];

function track(server: Server): Server {
  server.on('connection', (s) => sockets.push(s));
  servers.push(server);
  return server;
}

/** A node stand-in: answers INIT with an ACK, then hands every other frame to `script`. */
async function standIn(script: Script): Promise<{ port: number; peers: Peer[] }> {
  const peers: Peer[] = [];
  const server = createServer((socket) => {
    const reader = new FrameReader();
    const peer: Peer = {
      socket,
      frames: [],
      closed: false,
      send: (type, payload) => socket.write(encodeFrame(type, payload)),
    };
    peers.push(peer);
    socket.on('close', () => (peer.closed = true));
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      for (const f of reader.push(chunk)) {
        peer.frames.push(f);
        if (f.type === MsgType.INIT) peer.send(MsgType.ACK, encodeAck('node-x'));
        else script(f, peer);
      }
    });
  });
  track(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { port: address.port, peers };
}

async function open(port: number, extra: Partial<Parameters<typeof NativeClient.open>[0]> = {}): Promise<NativeClient> {
  return NativeClient.open({ host: '127.0.0.1', port, timeoutMs: 5_000, ...extra });
}

/** The lifecycle frame of the CALL `call` with these fields. */
function lifecycle(call: Frame, sequence: number, over: Partial<LifecycleResponse> = {}): Uint8Array {
  const c = decodeCall(call.payload);
  if (!c || !c.callId || !c.taskId) throw new Error('not a streamed CALL');
  return encodeLifecycleResponse({
    sessionId: c.sessionId,
    callId: c.callId,
    taskId: c.taskId,
    sequence,
    status: 'partial',
    ...over,
  });
}

/** A map's bytes (fewer than 23 entries) with one more entry: `key` → 1. */
function withForeignKey(map: Uint8Array, key: Uint8Array): Buffer {
  return Buffer.concat([Uint8Array.of(map[0]! + 1), map.subarray(1), key, Uint8Array.of(0x01)]);
}

async function collect(stream: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const f of stream) out.push(f);
  return out;
}

async function failureOf(p: Promise<unknown>): Promise<{ kind: string; code: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof NativeSequenceError) return { kind: 'sequence', code: e.code };
    if (e instanceof NativeClientError) return { kind: 'client', code: e.code };
    throw e;
  }
  throw new Error('did not fail');
}

const STREAM = { intent: 'urn:iicp:intent:llm:chat:v1', payload: Buffer.from('{"messages":[]}'), taskId: 'task-1' };

describe('handshake and PING', () => {
  it('says INIT with framing version 1 and reads the node id from the ACK', async () => {
    const node = await standIn(() => undefined);
    const client = await open(node.port);
    expect(client.peerNodeId).toBe('node-x');
    expect(decodeIntMap(node.peers[0]?.frames[0]?.payload ?? new Uint8Array())?.get(1)).toBe(1);
    client.close();
    await until(() => node.peers[0]?.closed === true, 'the node sees the CLOSE and the end');
    expect(node.peers[0]?.frames.at(-1)?.type).toBe(MsgType.CLOSE);
  });

  it('connects through the connector it is given', async () => {
    const node = await standIn(() => undefined);
    const asked: string[] = [];
    const connect = (host: string, port: number) =>
      new Promise<Socket>((resolve, reject) => {
        asked.push(`${host}:${port}`);
        const s = netConnect({ host, port }, () => resolve(s)).once('error', reject);
      });
    const client = await open(node.port, { host: 'judged.example', connect: (_h, port) => connect('127.0.0.1', port) });
    expect(asked).toEqual([`127.0.0.1:${node.port}`]);
    client.destroy();
  });

  it('echoes PING through PONG', async () => {
    const node = await standIn((f, peer) => {
      if (f.type === MsgType.PING)
        peer.send(MsgType.PONG, encodePong((decodeIntMap(f.payload)?.get(1) as Uint8Array) ?? null));
    });
    const client = await open(node.port);
    expect(Buffer.from((await client.ping(Uint8Array.of(7, 8))) ?? []).toString('hex')).toBe('0708');
    expect(await client.ping()).toBeNull();
    client.destroy();
  });

  it('fails the handshake on a frame other than ACK, or a node that hangs up', async () => {
    const wrong = createServer((s) => s.once('data', () => s.write(encodeFrame(MsgType.PONG, encodePong(null)))));
    const silent = createServer((s) => s.once('data', () => s.end()));
    for (const server of [wrong, silent]) {
      track(server);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as { port: number }).port;
      expect(await failureOf(open(port))).toEqual({ kind: 'client', code: 'handshake_failed' });
    }
  });

  it('says connect_failed when nothing listens', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r));
    expect(await failureOf(open(port))).toEqual({ kind: 'client', code: 'connect_failed' });
  });
});

describe('a buffered CALL', () => {
  it('sends no task id and reads the result from CBOR bytes, with the tokens used', async () => {
    const node = await standIn((f, peer) => {
      const c = decodeCall(f.payload);
      peer.send(
        MsgType.RESPONSE,
        encodeBufferedResponse({
          sessionId: c?.sessionId ?? '',
          callId: c?.callId ?? null,
          result: encodeCbor({ text: 'hi' }),
          tokensUsed: 4,
        }),
      );
    });
    const client = await open(node.port);
    const answer = await client.call({ intent: 'urn:iicp:intent:llm:chat:v1', payload: Buffer.from('{}') });
    expect(answer).toEqual({ result: { text: 'hi' }, tokensUsed: 4, error: null });
    expect(decodeCall(node.peers[0]?.frames[1]?.payload ?? new Uint8Array())?.taskId).toBeNull();
    // The connection serves a next call.
    expect((await client.call({ intent: 'urn:x', payload: Buffer.from('{}') })).result).toEqual({ text: 'hi' });
    client.destroy();
  });

  it('reads an error from keys 100/101, or from key 6 alone', async () => {
    let n = 0;
    const node = await standIn((f, peer) => {
      const c = decodeCall(f.payload);
      const error = { code: 'capacity_exceeded', message: 'busy' };
      const bytes =
        n++ === 0
          ? encodeBufferedResponse({ sessionId: c?.sessionId ?? '', callId: c?.callId ?? null, error })
          : encodeCbor(
              new Map<number, unknown>([
                [2, c?.sessionId],
                [4, 'error'],
                [
                  6,
                  new Map([
                    [1, 'task_timeout'],
                    [2, 'slow'],
                  ]),
                ],
              ]),
            );
      peer.send(MsgType.RESPONSE, bytes);
    });
    const client = await open(node.port);
    expect((await client.call({ intent: 'urn:x', payload: Buffer.from('{}') })).error).toEqual({
      code: 'capacity_exceeded',
      message: 'busy',
    });
    expect((await client.call({ intent: 'urn:x', payload: Buffer.from('{}') })).error).toEqual({
      code: 'task_timeout',
      message: 'slow',
    });
    client.destroy();
  });

  it('refuses a result whose CBOR has a key no frame has (a float), ending the connection', async () => {
    const node = await standIn((f, peer) => {
      const c = decodeCall(f.payload);
      // {"text": "hi", 0.5: "x"}
      peer.send(
        MsgType.RESPONSE,
        encodeBufferedResponse({
          sessionId: c?.sessionId ?? '',
          callId: c?.callId ?? null,
          result: Buffer.from('a26474657874626869f938006178', 'hex'),
        }),
      );
    });
    const client = await open(node.port);
    expect(await failureOf(client.call({ intent: 'urn:x', payload: Buffer.from('{}') }))).toEqual({
      kind: 'client',
      code: 'bad_frame',
    });
  });

  it('refuses an answer for another call', async () => {
    const node = await standIn((f, peer) => {
      peer.send(
        MsgType.RESPONSE,
        encodeBufferedResponse({ sessionId: 's', callId: 'someone-else', result: encodeCbor({}) }),
      );
    });
    const client = await open(node.port);
    expect(await failureOf(client.call({ intent: 'urn:x', payload: Buffer.from('{}') }))).toEqual({
      kind: 'client',
      code: 'unexpected_frame',
    });
  });
});

describe('a streamed CALL', () => {
  it('yields each partial and the terminal, and sends the task id and idempotency key', async () => {
    const node = await standIn((f, peer) => {
      peer.send(MsgType.RESPONSE, lifecycle(f, 0, { result: 'Hel', tokensUsed: 1 }));
      peer.send(MsgType.RESPONSE, lifecycle(f, 1, { result: 'lo', tokensUsed: 2 }));
      peer.send(
        MsgType.RESPONSE,
        lifecycle(f, 2, {
          status: 'success',
          result: { finish_reason: 'stop', usage: null, model: 'm' },
          tokensUsed: 2,
        }),
      );
    });
    const client = await open(node.port);
    const frames = (await collect(client.stream({ ...STREAM, idempotencyKey: 'key-1' }))) as Array<{
      status: string;
      result: unknown;
    }>;
    expect(frames.map((f) => f.status)).toEqual(['partial', 'partial', 'success']);
    expect(
      frames
        .slice(0, 2)
        .map((f) => f.result)
        .join(''),
    ).toBe('Hello');
    const call = decodeCall(node.peers[0]?.frames[1]?.payload ?? new Uint8Array());
    expect(call).toMatchObject({ taskId: 'task-1', idempotencyKey: 'key-1' });
    // After the terminal the connection stays open for the next call.
    expect(node.peers[0]?.closed).toBe(false);
    client.destroy();
  });

  it('gives partials as they come, before the node has sent the terminal', async () => {
    let callFrame: Frame | null = null;
    let peer: Peer | null = null;
    const node = await standIn((f, p) => {
      callFrame = f;
      peer = p;
      p.send(MsgType.RESPONSE, lifecycle(f, 0, { result: 'first' }));
    });
    const client = await open(node.port);
    const it = client.stream(STREAM)[Symbol.asyncIterator]();
    expect(((await it.next()).value as { result: unknown }).result).toBe('first');
    (peer as Peer | null)?.send(
      MsgType.RESPONSE,
      lifecycle(callFrame as unknown as Frame, 1, { status: 'success', result: {} }),
    );
    expect(((await it.next()).value as { status: unknown }).status).toBe('success');
    expect((await it.next()).done).toBe(true);
    client.destroy();
  });

  const hostile: Array<[string, (f: Frame, p: Peer) => void, { kind: string; code: string }]> = [
    [
      'a gap',
      (f, p) => [0, 2].forEach((s) => p.send(MsgType.RESPONSE, lifecycle(f, s))),
      { kind: 'sequence', code: 'sequence_drift' },
    ],
    [
      'a replay',
      (f, p) => [0, 0].forEach((s) => p.send(MsgType.RESPONSE, lifecycle(f, s))),
      { kind: 'sequence', code: 'sequence_drift' },
    ],
    [
      'a reorder',
      (f, p) => [1, 0].forEach((s) => p.send(MsgType.RESPONSE, lifecycle(f, s))),
      { kind: 'sequence', code: 'sequence_drift' },
    ],
    [
      'another task id',
      (f, p) => p.send(MsgType.RESPONSE, lifecycle(f, 0, { taskId: 'other' })),
      { kind: 'sequence', code: 'task_id_drift' },
    ],
    [
      'a frame of another type before the terminal',
      (f, p) => {
        p.send(MsgType.RESPONSE, lifecycle(f, 0));
        p.send(MsgType.PONG, encodePong(null));
      },
      { kind: 'client', code: 'unexpected_frame' },
    ],
    [
      'no key-13 envelope',
      (f, p) =>
        p.send(
          MsgType.RESPONSE,
          encodeCbor(
            new Map<number, unknown>([
              [2, 's'],
              [4, 'partial'],
            ]),
          ),
        ),
      { kind: 'sequence', code: 'missing_lifecycle' },
    ],
    [
      'a payload that is no CBOR map',
      (f, p) => p.send(MsgType.RESPONSE, Uint8Array.of(0xff, 0x00)),
      { kind: 'client', code: 'bad_frame' },
    ],
    [
      'a terminal whose map also has a 1 MiB byte-string key',
      (f, p) =>
        p.send(
          MsgType.RESPONSE,
          withForeignKey(
            lifecycle(f, 0, { status: 'success', result: {} }),
            Buffer.concat([Buffer.from('5a00100000', 'hex'), Buffer.alloc(1024 * 1024, 0x41)]),
          ),
        ),
      { kind: 'client', code: 'bad_frame' },
    ],
    [
      'garbage instead of a frame',
      (f, p) => p.socket.write('HTTP/1.1 400 Bad Request\r\n\r\n'),
      { kind: 'client', code: 'bad_frame' },
    ],
    [
      'a huge length, refused before its payload',
      (f, p) => {
        const header = encodeFrame(MsgType.RESPONSE, new Uint8Array());
        header.writeUInt32BE(0xffffffff, 8);
        p.socket.write(header);
      },
      { kind: 'client', code: 'too_large' },
    ],
    [
      'a connection cut mid-frame',
      (f, p) => {
        p.socket.end(encodeFrame(MsgType.RESPONSE, lifecycle(f, 0)).subarray(0, 20));
      },
      { kind: 'sequence', code: 'missing_terminal_response' },
    ],
    [
      'a connection cut after partials',
      (f, p) => {
        p.send(MsgType.RESPONSE, lifecycle(f, 0));
        p.socket.end();
      },
      { kind: 'sequence', code: 'missing_terminal_response' },
    ],
  ];
  for (const [what, script, expected] of hostile) {
    it(`ends with one typed error on ${what}, and closes the connection`, async () => {
      const node = await standIn(script);
      const client = await open(node.port);
      expect(await failureOf(collect(client.stream(STREAM)))).toEqual(expected);
      await until(() => node.peers[0]?.closed === true, 'the connection closed');
      // The client is spent: a next call fails at once, with what ended the connection, instead of reading on.
      const next = await failureOf(client.ping());
      expect(next.kind).toBe('client');
      expect(['closed', expected.code]).toContain(next.code);
    });
  }

  it('closes the connection when the caller leaves before the terminal: the cancel the node sees', async () => {
    const node = await standIn((f, p) => p.send(MsgType.RESPONSE, lifecycle(f, 0, { result: 'x' })));
    const client = await open(node.port);
    for await (const f of client.stream(STREAM)) {
      expect(f.status).toBe('partial');
      break;
    }
    await until(() => node.peers[0]?.closed === true, 'the node sees its caller go');
  });

  it('destroy() mid-stream ends the wait at once and closes the connection', async () => {
    const node = await standIn((f, p) => p.send(MsgType.RESPONSE, lifecycle(f, 0)));
    const client = await open(node.port);
    const it = client.stream(STREAM)[Symbol.asyncIterator]();
    await it.next();
    const waiting = it.next();
    client.destroy();
    expect(await failureOf(waiting)).toEqual({ kind: 'sequence', code: 'missing_terminal_response' });
    await until(() => node.peers[0]?.closed === true, 'the node sees the connection go');
  });

  it('aborting the signal it was opened with closes the connection', async () => {
    const node = await standIn((f, p) => p.send(MsgType.RESPONSE, lifecycle(f, 0)));
    const abort = new AbortController();
    const client = await open(node.port, { signal: abort.signal });
    const it = client.stream(STREAM)[Symbol.asyncIterator]();
    await it.next();
    const waiting = it.next();
    abort.abort();
    expect((await failureOf(waiting)).code).toBe('missing_terminal_response');
    await until(() => node.peers[0]?.closed === true, 'the node sees the connection go');
  });
});

describe('deadlines', () => {
  /** Timers that fire only when the test says. */
  function manualTimers() {
    const pending = new Map<number, () => void>();
    let next = 0;
    const timers: TimerFns = {
      setTimeout: (fn) => {
        pending.set(++next, fn);
        return next;
      },
      clearTimeout: (h) => void pending.delete(h as number),
    };
    return { timers, pending, fireAll: () => [...pending.values()].forEach((fn) => fn()) };
  }

  it('a stream that goes quiet past its idle time ends with missing_terminal_response, caused by a timeout', async () => {
    const node = await standIn((f, p) => p.send(MsgType.RESPONSE, lifecycle(f, 0)));
    const clock = manualTimers();
    const client = await open(node.port, { timers: clock.timers });
    const it = client.stream({ ...STREAM, idleTimeoutMs: 1_000 })[Symbol.asyncIterator]();
    await it.next();
    const waiting = it.next();
    await until(() => clock.pending.size === 1, 'the idle deadline is set');
    clock.fireAll();
    const err = await waiting.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NativeSequenceError);
    expect(((err as Error).cause as NativeClientError).code).toBe('timeout');
    await until(() => node.peers[0]?.closed === true, 'the connection closed');
  });

  it('a buffered call that gets no answer ends with timeout', async () => {
    const node = await standIn(() => undefined);
    const clock = manualTimers();
    const client = await open(node.port, { timers: clock.timers });
    const answer = client.call({ intent: 'urn:x', payload: Buffer.from('{}'), timeoutMs: 60_000 });
    await until(() => clock.pending.size === 1, 'the answer deadline is set');
    clock.fireAll();
    expect(await failureOf(answer)).toEqual({ kind: 'client', code: 'timeout' });
  });

  it('a node that accepts but never acknowledges ends with timeout', async () => {
    const mute = track(createServer(() => undefined));
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r));
    const clock = manualTimers();
    const opening = open((mute.address() as { port: number }).port, { timers: clock.timers });
    await until(() => clock.pending.size === 1 && [...clock.pending.keys()][0] === 2, 'the ACK deadline is set');
    clock.fireAll();
    expect(await failureOf(opening)).toEqual({ kind: 'client', code: 'timeout' });
  });
});
