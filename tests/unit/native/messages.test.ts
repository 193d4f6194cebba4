/**
 * The native frames' payloads (src-main/engine/native/messages.ts): byte for byte what the official Python SDK's
 * encoders write for the same messages, and a CALL from a peer judged before anything reads it.
 */
import { describe, expect, it } from 'vitest';
import { decodeIntMap, encodeCbor } from '@engine/native/cbor';
import {
  MAX_ID_CHARS,
  decodeCall,
  decodeLifecycleResponse,
  encodeAck,
  encodeBufferedResponse,
  encodeCall,
  encodeLifecycleResponse,
  encodePong,
} from '@engine/native/messages';

/**
 * Bytes the Python SDK 0.7.107 (iicp_tcp.py `encode_lifecycle_response`, `encode_ack`, `encode_pong`, and its CALL
 * body through `encode_cbor`) wrote for these same messages, run by hand with Debian's python3-cbor2.
 */
const SDK = {
  partial: 'a801010263732d310363632d3104677061727469616c056348656c07020cf40da40163742d31020003677061727469616c04f4',
  error:
    'a801010263732d310363632d3104656572726f7206a2017270726f76696465725f707265656d7074656402656f776e657207090cf50da40163742d31020303666661696c656404f5',
  success:
    'a801010263732d310363632d3104677375636365737305a3656d6f64656c616d657573616765f66d66696e6973685f726561736f6e6473746f7007050cf50da40163742d3102010369636f6d706c6574656404f5',
  ack: 'a2010102666e6f64652d61',
  pong: 'a101420102',
  emptyPong: 'a0',
  call: 'a6026663616c6c2d31036575726e3a7805427b7d0f63632d3110616b181863742d31',
};

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

const IDS = { sessionId: 's-1', callId: 'c-1', taskId: 't-1' };

describe('what we write is what the SDK writes', () => {
  it('a partial, an error terminal and a success terminal', () => {
    expect(hex(encodeLifecycleResponse({ ...IDS, sequence: 0, status: 'partial', result: 'Hel', tokensUsed: 2 }))).toBe(
      SDK.partial,
    );
    const error = { code: 'provider_preempted', message: 'owner' };
    expect(hex(encodeLifecycleResponse({ ...IDS, sequence: 3, status: 'error', error, tokensUsed: 9 }))).toBe(
      SDK.error,
    );
    const result = { finish_reason: 'stop', usage: null, model: 'm' };
    expect(hex(encodeLifecycleResponse({ ...IDS, sequence: 1, status: 'success', result, tokensUsed: 5 }))).toBe(
      SDK.success,
    );
  });

  it('ACK, PONG and a streamed CALL', () => {
    expect(hex(encodeAck('node-a'))).toBe(SDK.ack);
    expect(hex(encodePong(Uint8Array.of(1, 2)))).toBe(SDK.pong);
    expect(hex(encodePong(null))).toBe(SDK.emptyPong);
    expect(hex(encodePong(new Uint8Array()))).toBe(SDK.emptyPong);
    const call = {
      sessionId: 'call-1',
      intent: 'urn:x',
      payload: Buffer.from('{}'),
      callId: 'c-1',
      taskId: 't-1',
      idempotencyKey: 'k',
    };
    expect(hex(encodeCall(call))).toBe(SDK.call);
  });
});

describe('decodeLifecycleResponse', () => {
  it('reads every field of what the SDK writes', () => {
    const d = decodeLifecycleResponse(Buffer.from(SDK.error, 'hex'));
    expect(d).toEqual({
      sessionId: 's-1',
      callId: 'c-1',
      status: 'error',
      result: undefined,
      error: { code: 'provider_preempted', message: 'owner' },
      tokensUsed: 9,
      isFinal: true,
      lifecycle: { taskId: 't-1', sequence: 3, event: 'failed', isFinal: true },
    });
    expect(decodeLifecycleResponse(Buffer.from(SDK.success, 'hex'))?.result).toEqual({
      finish_reason: 'stop',
      usage: null,
      model: 'm',
    });
  });

  it('returns null without the key-13 envelope or for bytes that are no map', () => {
    expect(
      decodeLifecycleResponse(
        encodeCbor(
          new Map<number, unknown>([
            [2, 's'],
            [4, 'partial'],
          ]),
        ),
      ),
    ).toBeNull();
    expect(decodeLifecycleResponse(encodeCbor(new Map<number, unknown>([[13, 'x']])))).toBeNull();
    expect(decodeLifecycleResponse(Uint8Array.of(0xff))).toBeNull();
  });
});

describe('decodeCall', () => {
  it('reads the CALL the SDK sends', () => {
    const call = decodeCall(Buffer.from(SDK.call, 'hex'));
    expect(call).toMatchObject({
      sessionId: 'call-1',
      intent: 'urn:x',
      callId: 'c-1',
      taskId: 't-1',
      idempotencyKey: 'k',
    });
    expect(Buffer.from(call?.payload ?? []).toString()).toBe('{}');
  });

  it('reads a buffered CALL (no task id) and takes an empty task id as none, as the SDK node does', () => {
    const base = new Map<number, unknown>([
      [2, 's'],
      [3, 'urn:x'],
      [5, Buffer.from('{}')],
    ]);
    expect(decodeCall(encodeCbor(base))).toMatchObject({ callId: null, taskId: null, idempotencyKey: null });
    expect(decodeCall(encodeCbor(new Map([...base, [24, '']])))?.taskId).toBeNull();
    // A text payload is taken as its UTF-8 bytes.
    expect(decodeCall(encodeCbor(new Map([...base, [5, '{"a":1}']])))?.payload).toEqual(
      new Uint8Array(Buffer.from('{"a":1}')),
    );
  });

  it('returns null for a CALL that is malformed', () => {
    const base: Array<[number, unknown]> = [
      [2, 's'],
      [3, 'urn:x'],
      [5, Buffer.from('{}')],
    ];
    const without = (k: number) => encodeCbor(new Map(base.filter(([key]) => key !== k)));
    const withKey = (k: number, v: unknown) => encodeCbor(new Map([...base, [k, v]]));
    expect(decodeCall(without(2))).toBeNull();
    expect(decodeCall(without(3))).toBeNull();
    expect(decodeCall(without(5))).toBeNull();
    expect(decodeCall(withKey(3, ''))).toBeNull();
    expect(decodeCall(withKey(3, 'u'.repeat(300)))).toBeNull();
    expect(decodeCall(withKey(5, 42))).toBeNull();
    expect(decodeCall(withKey(24, 7))).toBeNull();
    expect(decodeCall(withKey(15, ['x']))).toBeNull();
    expect(decodeCall(withKey(16, 'k'.repeat(MAX_ID_CHARS + 1)))).toBeNull();
    expect(decodeCall(withKey(2, ''))).toBeNull();
    expect(decodeCall(encodeCbor(['not', 'a', 'map']))).toBeNull();
  });
});

describe('encodeBufferedResponse', () => {
  it('carries the call id in keys 3 and 15 and the result as the SDK reads it', () => {
    const answer = encodeCbor({ text: 'hi' });
    const m = decodeIntMap(encodeBufferedResponse({ sessionId: 's', callId: 'c', result: answer, tokensUsed: 4 }));
    expect(m && Object.fromEntries(m)).toEqual({ 2: 's', 3: 'c', 15: 'c', 4: 'success', 5: answer, 7: 4, 12: true });
  });

  it('carries an error in keys 100/101 (what the SDK reads) and in key 6', () => {
    const m = decodeIntMap(
      encodeBufferedResponse({ sessionId: 's', callId: null, error: { code: 'capacity_exceeded', message: 'busy' } }),
    );
    expect(m?.get(4)).toBe('error');
    expect(m?.get(100)).toBe('capacity_exceeded');
    expect(m?.get(101)).toBe('busy');
    expect(m?.get(6)).toEqual(
      new Map<number, unknown>([
        [1, 'capacity_exceeded'],
        [2, 'busy'],
      ]),
    );
    expect(m?.has(3)).toBe(false);
    expect(m?.has(5)).toBe(false);
  });
});
