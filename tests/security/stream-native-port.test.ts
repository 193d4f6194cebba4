/**
 * Security suite, the native port: the task port also speaks IICP's native frames (first bytes `IICP`), and a
 * connection that opens that way must cost what a bad HTTP request costs. Against a real node with its default limits
 * (src-main/engine/server/task-server.ts, native-session.ts), all at once from attacker addresses while honest clients
 * are served from another: a connection that never says a word (HTTP's 408 at the 10 s headers timeout, as before), a
 * frame header that stops after the magic (closed at the headers timeout, as an HTTP head that stops is), a session
 * that says INIT and then nothing (closed within the 30 s a whole HTTP request may take), a frame whose payload comes
 * one byte at a time (the same 30 s), a wrong version and bytes that are no frame (closed at once), a header announcing
 * 16 MiB + 1 bytes (refused from the header, before a byte of it is read, with one error RESPONSE), and one source
 * opening more native connections than its 64 slots (never more than 64 open). About 35 s.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFrame, FrameReader, MAX_FRAME_PAYLOAD, MsgType, NATIVE_MAGIC, NativeClient } from '@engine/native';
import { decodeIntMap } from '@engine/native/cbor';
import { chatTask, http, startNode, type NodeHarness } from '../support/node-harness';
import { startStreamingLlm, type StreamingLlm } from '../support/streaming-llm';
import { openMany, openProbe, secondLoopbackAddress, waitFor, type ConnProbe } from './lib/conn-probe';

const HEADERS_TIMEOUT_MS = 10_000;
/**
 * What a whole HTTP request may take (task-server's requestTimeout): the native read and idle limits are held to it.
 */
const REQUEST_TIMEOUT_MS = 30_000;
const PER_SOURCE = 64;
/** Timers run late on a loaded two-core machine; closing later than this would be a finding. */
const SLACK_MS = 2_500;

let llm: StreamingLlm;
let h: NodeHarness;

beforeAll(async () => {
  llm = await startStreamingLlm({ first: ['Hello'], rest: [' there'], hold: false });
  h = await startNode({ backendUrl: llm.url, maxConcurrent: 4 });
});

afterAll(async () => {
  await h?.stop();
  await llm?.close();
});

/** A frame header as written on the wire, with a chosen version and length. */
function header(type: number, length: number, version = 1): Buffer {
  const b = Buffer.alloc(12);
  NATIVE_MAGIC.copy(b, 0);
  b[4] = version;
  b[5] = type;
  b.writeUInt32BE(length, 8);
  return b;
}

/** The frames the node wrote to a probe. */
function framesOf(p: ConnProbe): { type: number; payload: Buffer }[] {
  try {
    return new FrameReader().push(Buffer.concat(p.data));
  } catch {
    return [{ type: -1, payload: Buffer.alloc(0) }];
  }
}

const lifetime = (p: ConnProbe, from: number): number => (p.closedAt ?? Infinity) - from;

describe('the native port under attack', () => {
  it('closes each kind of bad native connection within the limits an HTTP one has, and serves honest clients meanwhile', async () => {
    const attacker = (await secondLoopbackAddress(h.port)) ? '127.0.0.2' : undefined;
    const honest = attacker ? '127.0.0.9' : undefined;
    const start = Date.now();
    const silent = await openProbe(h.port, attacker);
    const magicOnly = await openProbe(h.port, attacker);
    magicOnly.socket.write(NATIVE_MAGIC);
    const initThenIdle = await openProbe(h.port, attacker);
    initThenIdle.socket.write(encodeFrame(MsgType.INIT, new Uint8Array([0xa0])));
    const loris = await openProbe(h.port, attacker);
    loris.socket.write(header(MsgType.CALL, 1024));
    const drip = setInterval(() => {
      if (!loris.socket.destroyed) loris.socket.write(Buffer.from([0x00]));
    }, 500);
    const badVersion = await openProbe(h.port, attacker);
    badVersion.socket.write(header(MsgType.INIT, 1, 7));
    const garbage = await openProbe(h.port, attacker);
    garbage.socket.write(
      Buffer.concat([NATIVE_MAGIC, Buffer.from('this is no frame at all, only words and more words')]),
    );
    const huge = await openProbe(h.port, attacker);
    const hugeAt = Date.now();
    huge.socket.write(header(MsgType.CALL, MAX_FRAME_PAYLOAD + 1));
    try {
      // Honest clients from another address are served while all of that is open.
      const task = await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()), localAddress: honest });
      expect(task.status).toBe(200);
      const client = await NativeClient.open({ host: '127.0.0.1', port: h.port });
      try {
        expect(client.peerNodeId).toBe(h.node.getSnapshot().node.nodeId);
        expect(Buffer.from((await client.ping(Buffer.from('still here')))!).toString()).toBe('still here');
      } finally {
        client.close();
      }

      // Refused from the header: at once, one error RESPONSE, the payload never awaited.
      await waitFor(() => huge.closedAt !== null, SLACK_MS);
      expect(lifetime(huge, hugeAt)).toBeLessThan(SLACK_MS);
      const hugeFrames = framesOf(huge);
      expect(hugeFrames.map((f) => f.type)).toEqual([MsgType.RESPONSE]);
      const refusal = decodeIntMap(hugeFrames[0]!.payload);
      expect(refusal?.get(4)).toBe('error');
      // Not a frame we speak: closed at once, without a word.
      await waitFor(() => badVersion.closedAt !== null && garbage.closedAt !== null, SLACK_MS);
      for (const p of [badVersion, garbage]) expect(lifetime(p, start)).toBeLessThan(SLACK_MS);

      // Silent, and a frame header that stopped after the magic: the headers timeout, as HTTP.
      // Each kind is judged on its own (soft), so one that overstays does not hide how the others fared.
      await waitFor(() => silent.closedAt !== null && magicOnly.closedAt !== null, HEADERS_TIMEOUT_MS + SLACK_MS);
      expect(lifetime(silent, start)).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
      expect(lifetime(silent, start)).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS);
      expect(silent.responses().map((r) => r.status)).toEqual([408]);
      expect
        .soft(lifetime(magicOnly, start), 'a native header that stops after its magic')
        .toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS);

      // A session that said INIT and nothing more, and a frame dripping a byte every 500 ms: a whole request's time.
      await waitFor(() => initThenIdle.closedAt !== null && loris.closedAt !== null, REQUEST_TIMEOUT_MS + SLACK_MS);
      expect(framesOf(initThenIdle).map((f) => f.type)).toEqual([MsgType.ACK]);
      expect.soft(lifetime(initThenIdle, start), 'INIT, then silence').toBeLessThan(REQUEST_TIMEOUT_MS + SLACK_MS);
      expect.soft(lifetime(loris, start), 'a frame a byte at a time').toBeLessThan(REQUEST_TIMEOUT_MS + SLACK_MS);

      // Still serving after all of it.
      expect((await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()), localAddress: honest })).status).toBe(
        200,
      );
    } finally {
      clearInterval(drip);
      for (const p of [silent, magicOnly, initThenIdle, loris, badVersion, garbage, huge]) p.socket.destroy();
    }
  }, 60_000);

  it('holds one source to its 64 slots with native connections too', async () => {
    const attacker = await secondLoopbackAddress(h.port);
    const probes = await openMany(PER_SOURCE + 36, h.port, attacker);
    try {
      for (const p of probes) p.socket.write(NATIVE_MAGIC);
      // The server closes the oldest to make room for a newcomer: wait until it has caught up with all of them.
      await waitFor(() => probes.filter((p) => p.closedAt === null).length <= PER_SOURCE, 5_000);
      expect(probes.filter((p) => p.closedAt === null).length).toBeLessThanOrEqual(PER_SOURCE);
      // Another source is still served.
      const client = await NativeClient.open({ host: '127.0.0.1', port: h.port });
      client.close();
    } finally {
      for (const p of probes) p.socket.destroy();
    }
  });
});
