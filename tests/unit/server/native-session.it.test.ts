/**
 * The native port's sessions on real sockets (127.0.0.1, port 0), with the task pipeline replaced by a stub of its
 * CALLs: the first bytes decide between HTTP and native frames, and a native connection is held to its limits —
 * a silent one is closed at the idle limit, garbage closes it, a frame's length is refused from its header alone,
 * a second CALL while one runs is refused, and INIT, PING, DISCOVER and CLOSE are answered. Limits are shortened
 * through the options; assertions wait for socket events.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ByteBudget } from '@engine/net';
import { encodeCbor, encodeFrame, FrameReader, MsgType, type Frame, type NativeCall } from '@engine/native';
import { decodeIntMap } from '@engine/native/cbor';
import { encodeCall } from '@engine/native/messages';
import { sendJson } from '@engine/server/http-util';
import type { NativeOut } from '@engine/server/native-replies';
import { TaskServer } from '@engine/server/task-server';
import { http } from '../../support/node-harness';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const NODE_ID = 'node-under-test';

/** A stub of the pipeline's CALLs: each call waits until the test lets it finish, then answers one error frame. */
function stubCalls() {
  const started: { call: NativeCall; out: NativeOut; finish: () => void; gone: boolean }[] = [];
  const budget = new ByteBudget(64 * 1024 * 1024);
  return {
    started,
    budget,
    busyCount: 0,
    call(call: NativeCall, _source: string, out: NativeOut): Promise<void> {
      return new Promise<void>((resolve) => {
        const entry = { call, out, finish: resolve, gone: false };
        out.onGone(() => {
          entry.gone = true;
          resolve();
        });
        started.push(entry);
      });
    },
    busy(_call: NativeCall, out: NativeOut): void {
      this.busyCount += 1;
      out.send(encodeFrame(MsgType.RESPONSE, encodeCbor(new Map<number, unknown>([[100, 'capacity_exceeded']]))));
    },
  };
}

async function start(limits: { idleMs?: number; readMs?: number; maxPayload?: number } = {}) {
  const calls = stubCalls();
  const handle = async (_req: IncomingMessage, res: ServerResponse) => sendJson(res, 200, { status: 'success' });
  const server = new TaskServer({
    host: '127.0.0.1',
    handler: { handle },
    health: () => ({ status: 'ok' }),
    metrics: { render: async () => ({ contentType: 'text/plain', body: '' }) },
    limits: { headersTimeoutMs: 300 },
    native: { nodeId: () => NODE_ID, calls, limits },
  });
  const port = await server.listen(0);
  cleanups.push(() => server.close(0));
  return { server, port, calls };
}

interface FrameClient {
  socket: Socket;
  frames: Frame[];
  /** Resolves once `n` frames have come. */
  frame(n: number): Promise<Frame>;
  closed: Promise<void>;
  text(): string;
}

async function client(port: number): Promise<FrameClient> {
  const socket = connect(port, '127.0.0.1');
  cleanups.push(() => socket.destroy());
  socket.on('error', () => {});
  const reader = new FrameReader();
  const frames: Frame[] = [];
  let raw = '';
  const waiting = new Set<() => void>();
  socket.on('data', (d: Buffer) => {
    raw += d.toString('latin1');
    try {
      frames.push(...reader.push(d));
    } catch {
      // Not frames (the HTTP answer to a silent connection): the raw text has it.
    }
    for (const w of [...waiting]) w();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    frames,
    closed,
    text: () => raw,
    frame: (n) =>
      new Promise<Frame>((resolve, reject) => {
        const check = () => {
          if (frames.length >= n) {
            waiting.delete(check);
            resolve(frames[n - 1]!);
          }
        };
        waiting.add(check);
        check();
        void closed.then(() => {
          if (frames.length < n) reject(new Error(`closed after ${frames.length} frames`));
        });
      }),
  };
}

const callOf = (o: Partial<NativeCall> = {}): Buffer =>
  encodeFrame(
    MsgType.CALL,
    encodeCall({
      sessionId: 's1',
      intent: 'urn:iicp:intent:llm:chat:v1',
      payload: Buffer.from('{}'),
      callId: 'c1',
      taskId: null,
      idempotencyKey: null,
      ...o,
    }),
  );

describe('native sessions on the task port', () => {
  it('answers INIT with ACK {1: 1, 2: node id}, PING with PONG echoing key 1, DISCOVER with an error, and ends at CLOSE; HTTP still answers on the same port', async () => {
    const { port } = await start();
    expect((await http(`http://127.0.0.1:${port}/iicp/health`)).status).toBe(200);
    const c = await client(port);
    c.socket.write(encodeFrame(MsgType.INIT, encodeCbor(new Map([[1, 1]]))));
    const ack = await c.frame(1);
    expect(ack.type).toBe(MsgType.ACK);
    const a = decodeIntMap(ack.payload)!;
    expect([a.get(1), a.get(2)]).toEqual([1, NODE_ID]);

    c.socket.write(encodeFrame(MsgType.PING, encodeCbor(new Map([[1, Buffer.from('echo-me')]]))));
    const pong = await c.frame(2);
    expect(pong.type).toBe(MsgType.PONG);
    expect(Buffer.from(decodeIntMap(pong.payload)!.get(1) as Uint8Array).toString()).toBe('echo-me');

    c.socket.write(
      encodeFrame(
        MsgType.DISCOVER,
        encodeCbor(
          new Map<number, unknown>([
            [2, 'd1'],
            [3, 'urn:iicp:intent:llm:chat:v1'],
          ]),
        ),
      ),
    );
    const answer = decodeIntMap((await c.frame(3)).payload)!;
    expect(answer.get(2)).toBe('d1');
    expect(answer.get(100)).toBe('not_offered');

    c.socket.write(encodeFrame(MsgType.CLOSE, new Uint8Array(0)));
    await c.closed;
  });

  it('closes a connection that never speaks at the headers timeout, and a native one that falls silent at the idle limit', async () => {
    const { port } = await start({ idleMs: 200 });
    const silent = await client(port);
    await silent.closed;
    expect(silent.text()).toContain('408');

    const idle = await client(port);
    const opened = Date.now();
    idle.socket.write(encodeFrame(MsgType.INIT, encodeCbor(new Map([[1, 1]]))));
    await idle.frame(1);
    await idle.closed;
    expect(Date.now() - opened).toBeGreaterThanOrEqual(190);
  });

  it('closes a connection whose frame header stops at the headers timeout, and whose frame stops at the read limit', async () => {
    const { port, calls } = await start({ readMs: 900, idleMs: 60_000 });
    const magicOnly = await client(port);
    const halfFrame = await client(port);
    const sent = Date.now();
    magicOnly.socket.write(Buffer.from('IICP'));
    halfFrame.socket.write(callOf().subarray(0, 20));
    await magicOnly.closed;
    const headerLife = Date.now() - sent;
    await halfFrame.closed;
    const frameLife = Date.now() - sent;
    // Each held until its limit, then closed without a word (half a frame is not worth an answer).
    expect(headerLife).toBeGreaterThanOrEqual(290);
    expect(headerLife).toBeLessThan(890);
    expect(frameLife).toBeGreaterThanOrEqual(890);
    expect(magicOnly.text() + halfFrame.text()).toBe('');
    expect(calls.started).toHaveLength(0);
    expect(calls.budget.inUse).toBe(0);
  });

  it('closes the connection on garbage after the magic (a bad version), costing nothing else', async () => {
    const { port, calls } = await start();
    const c = await client(port);
    const bad = encodeFrame(MsgType.PING, new Uint8Array(0));
    bad[4] = 9;
    c.socket.write(bad);
    await c.closed;
    expect(c.text()).toBe('');
    expect(calls.budget.inUse).toBe(0);
  });

  it('refuses a frame over the limit from its header alone (16 MiB + 1 never read), with one error RESPONSE, then closes', async () => {
    const { port, calls } = await start();
    const c = await client(port);
    const header = Buffer.from(encodeFrame(MsgType.CALL, new Uint8Array(0)));
    header.writeUInt32BE(16 * 1024 * 1024 + 1, 8);
    c.socket.write(header);
    const answer = decodeIntMap((await c.frame(1)).payload)!;
    expect(answer.get(100)).toBe('validation_error');
    expect(String(answer.get(101))).toContain('payload_too_large');
    await c.closed;
    expect(calls.started).toHaveLength(0);
    expect(calls.budget.inUse).toBe(0);
  });

  it('refuses an INIT, a PING, a DISCOVER or a CALL whose payload holds a key no frame has, or more items than a frame may, with one cbor_decode_error RESPONSE, then closes', async () => {
    const { port, calls } = await start();
    const MiB = 1024 * 1024;
    // {1: 1, h'41…' (1 MiB): 1}; {1: {0.5: 1}}; {1: 1, {}: 1}; {1: 1, 1: 2}
    const bytesKey = Buffer.concat([Buffer.from('a201015a00100000', 'hex'), Buffer.alloc(MiB, 0x41), Buffer.of(0x01)]);
    // …and {1: [0 × 1 100]}: more items than a session's frame may hold.
    const flood = Buffer.concat([Buffer.from('a101990000', 'hex'), Buffer.alloc(1_100, 0)]);
    flood.writeUInt16BE(1_100, 3);
    const payloads = [
      bytesKey,
      Buffer.from('a101a1f9380001', 'hex'),
      Buffer.from('a20101a001', 'hex'),
      Buffer.from('a201010102', 'hex'),
      flood,
    ];
    for (const type of [MsgType.INIT, MsgType.PING, MsgType.DISCOVER, MsgType.CALL]) {
      for (const payload of payloads) {
        const c = await client(port);
        c.socket.write(encodeFrame(type, payload));
        const f = await c.frame(1);
        const answer = decodeIntMap(f.payload);
        expect({ type, key: payload.subarray(0, 8).toString('hex'), answer: [f.type, answer?.get(100)] }).toEqual({
          type,
          key: payload.subarray(0, 8).toString('hex'),
          answer: [MsgType.RESPONSE, 'cbor_decode_error'],
        });
        await c.closed;
      }
    }
    expect(calls.started).toHaveLength(0);
    // An empty PING, and one with an empty map, still get their PONG.
    const c = await client(port);
    c.socket.write(encodeFrame(MsgType.PING, new Uint8Array(0)));
    c.socket.write(encodeFrame(MsgType.PING, Uint8Array.of(0xa0)));
    expect([(await c.frame(1)).type, (await c.frame(2)).type]).toEqual([MsgType.PONG, MsgType.PONG]);
  });

  it('refuses a PING keyed by an 8 MiB byte string at its first bytes, holding none of the rest', async () => {
    const { port, calls } = await start({ readMs: 60_000, idleMs: 60_000 });
    const c = await client(port);
    // The frame's header and the payload's first 64 KiB of 8 MiB: the node need not wait for the rest.
    const frame = encodeFrame(
      MsgType.PING,
      Buffer.concat([Buffer.from('a15a00800000', 'hex'), Buffer.alloc(8 * 1024 * 1024, 0x41), Buffer.of(0x01)]),
    );
    c.socket.write(frame.subarray(0, 12 + 64 * 1024));
    const answer = decodeIntMap((await c.frame(1)).payload)!;
    expect([answer.get(100), answer.get(101)]).toEqual([
      'cbor_decode_error',
      "The frame's payload could not be read: a map key is neither text nor an integer.",
    ]);
    await c.closed;
    expect(calls.budget.inUse).toBe(0);
  });

  it('does not read the long rest of a refused frame: an 8 MiB one is cut off after its first bytes', async () => {
    const { port } = await start({ readMs: 60_000, idleMs: 60_000 });
    const socket = connect(port, '127.0.0.1');
    cleanups.push(() => socket.destroy());
    const errors: string[] = [];
    socket.on('error', (err: NodeJS.ErrnoException) => errors.push(err.code ?? err.message));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      encodeFrame(
        MsgType.PING,
        Buffer.concat([Buffer.from('a15a00800000', 'hex'), Buffer.alloc(8 * 1024 * 1024, 0x41), Buffer.of(0x01)]),
      ),
    );
    await closed;
    // The node closed with the 8 MiB not taken, and the writer saw it.
    expect(errors.length).toBeGreaterThan(0);
  });

  it('refuses a CALL that cannot be read, and closes', async () => {
    const { port, calls } = await start();
    const c = await client(port);
    c.socket.write(encodeFrame(MsgType.CALL, encodeCbor(new Map<number, unknown>([[3, 42]]))));
    const answer = decodeIntMap((await c.frame(1)).payload)!;
    expect(answer.get(100)).toBe('validation_error');
    await c.closed;
    expect(calls.started).toHaveLength(0);
  });

  it('runs one CALL at a time: a second one while the first runs is refused, the first is cancelled when the caller goes', async () => {
    const { port, calls } = await start();
    const c = await client(port);
    c.socket.write(callOf({ callId: 'first', taskId: 'task-1' }));
    await expect.poll(() => calls.started.length).toBe(1);
    c.socket.write(callOf({ callId: 'second', taskId: 'task-2' }));
    await c.frame(1);
    expect(calls.busyCount).toBe(1);
    expect(calls.started).toHaveLength(1);
    expect(calls.started[0]!.call.taskId).toBe('task-1');
    c.socket.destroy();
    await expect.poll(() => calls.started[0]!.gone).toBe(true);
  });
});
