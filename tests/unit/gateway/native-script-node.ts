/**
 * A node's native transport played by a script, for the gateway's stream tests: INIT is answered with ACK, and each
 * CALL is opened with the node's real CX key (so the chunks it seals are ones the gateway's opener accepts) and handed
 * to the script, which sends RESPONSE frames as it likes: honest pieces, a gap, an unsealed chunk, a dropped
 * connection. `peerClosed` says the gateway closed the connection (how it cancels a stream).
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { cxPublicKeyAdvert, generateCxKeyPair, StreamSealer } from '@engine/cx';
import { decryptRequest } from '@engine/cx/request';
import { encodeAck, encodeFrame, encodeLifecycleResponse, FrameReader, MsgType, type NativeCall } from '@engine/native';
import { decodeCall, type LifecycleStatus } from '@engine/native/messages';
import type { OfferedNode } from '@engine/gateway/routing/network-offer';

export interface ScriptCtx {
  call: NativeCall;
  /** The CALL's key 5 as the gateway sent it (the sealed task body). */
  body: Record<string, unknown>;
  /** The request's CX secret, as the node opened it (a script may seal chunks of its own with it). */
  shared: Buffer;
  /** A sealed partial carrying this piece (a text or `{ content, tool_calls }`), with the cumulative tokens. */
  partial(piece: unknown, tokens?: number): void;
  /** The sealed terminal success. */
  end(result?: Record<string, unknown>, tokens?: number): void;
  /** A terminal error, unsealed as the contract has it. */
  error(code: string): void;
  /** A RESPONSE with this key 5 as it is, at the next lifecycle sequence. */
  raw(key5: unknown, status?: LifecycleStatus): void;
  /** A sealed chunk of this plaintext with this end mark, in a frame of this status. */
  sealedAs(plain: unknown, end: boolean, status: LifecycleStatus): void;
  /** Seals a chunk and sends nothing: the next one sent leaves a gap. */
  skip(): void;
  drop(): void;
  /** Resolves when the test calls `release()` (counted from this CALL's arrival), or when the gateway hangs up. */
  released(): Promise<void>;
  readonly closed: boolean;
}

export interface ScriptNode {
  node: OfferedNode;
  calls: NativeCall[];
  peerClosed: number;
  release(): void;
  /** Resolves once `n` connections were closed by the gateway while a stream was open. */
  waitPeerClosed(n: number): Promise<void>;
  close(): Promise<void>;
}

export const END_RESULT = {
  finish_reason: 'stop',
  usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
  model: 'm1',
};

/**
 * Waits on conditions without polling: `until(done)` resolves once `done()` holds, looked at again on every `poke()`
 * (called where the state it reads changes).
 */
export function conditionWaits(): { poke: () => void; until: (done: () => boolean) => Promise<void> } {
  const waiters = new Set<() => void>();
  const poke = () => [...waiters].forEach((w) => w());
  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!done()) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  return { poke, until };
}

export async function scriptNode(
  nodeId: string,
  script: (c: ScriptCtx) => Promise<void> | void,
  o: { multiplier?: number } = {},
): Promise<ScriptNode> {
  const keys = generateCxKeyPair();
  const advert = cxPublicKeyAdvert(keys);
  const sockets = new Set<Socket>();
  let releases = 0;
  const { poke, until } = conditionWaits();
  const server = createServer((socket) => {
    sockets.add(socket);
    const reader = new FrameReader();
    let streaming = false;
    let finished = false;
    socket.on('close', () => {
      sockets.delete(socket);
      if (streaming && !finished) s.peerClosed += 1;
      poke();
    });
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      for (const f of reader.push(chunk)) {
        if (f.type === MsgType.INIT) socket.write(encodeFrame(MsgType.ACK, encodeAck(nodeId)));
        if (f.type === MsgType.CLOSE) socket.end();
        if (f.type !== MsgType.CALL) continue;
        const call = decodeCall(f.payload)!;
        s.calls.push(call);
        streaming = true;
        // A kept session takes the next CALL: its stream has not finished yet.
        finished = false;
        const body = JSON.parse(Buffer.from(call.payload).toString('utf8')) as Record<string, unknown>;
        const shared = decryptRequest(keys, body.iicp_conf).shared;
        const sealer = new StreamSealer(shared, call.taskId!);
        const since = releases;
        let sequence = 0;
        const send = (
          status: LifecycleStatus,
          key5: unknown,
          tokens?: number,
          error?: { code: string; message: string },
        ) => {
          if (socket.destroyed) return;
          if (status !== 'partial') finished = true;
          const r = {
            sessionId: call.sessionId,
            callId: call.callId!,
            taskId: call.taskId!,
            sequence: sequence++,
            status,
            result: key5,
            tokensUsed: tokens,
            error,
          };
          socket.write(encodeFrame(MsgType.RESPONSE, encodeLifecycleResponse(r)));
        };
        const sealed = (plain: unknown, end: boolean) => ({ iicp_conf_chunk: sealer.seal(JSON.stringify(plain), end) });
        const ctx: ScriptCtx = {
          call,
          body,
          shared,
          partial: (piece, tokens) => send('partial', sealed(piece, false), tokens),
          end: (result = END_RESULT, tokens = 6) => send('success', sealed(result, true), tokens),
          error: (code) => send('error', undefined, undefined, { code, message: `the node says ${code}` }),
          raw: (key5, status = 'partial') => send(status, key5),
          sealedAs: (plain, end, status) => send(status, sealed(plain, end)),
          skip: () => void sealer.seal('"skipped"', false),
          drop: () => socket.destroy(),
          released: () => until(() => releases > since || socket.destroyed),
          get closed() {
            return socket.destroyed;
          },
        };
        void Promise.resolve(script(ctx)).catch(() => socket.destroy());
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const s: ScriptNode = {
    node: {
      nodeId,
      endpoint: `http://${nodeId}.test:8080`,
      cx: { key: advert.key, keyId: advert.key_id },
      models: ['m1'],
      multiplier: o.multiplier ?? 1,
      maxTokens: null,
      operator: null,
      nativeTransport: { host: '127.0.0.1', port },
    },
    calls: [],
    peerClosed: 0,
    release: () => {
      releases += 1;
      poke();
    },
    waitPeerClosed: (n) => until(() => s.peerClosed >= n),
    close: async () => {
      for (const so of sockets) so.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return s;
}
