/**
 * A hostile provider's front door, for the attacks on streaming (tests/security/stream-*.test.ts). It stands at the
 * address a real node registered as its public endpoint: HTTP is passed through to that node (so the node is listed
 * and its buffered path works as usual), while a native IICP connection (first bytes `IICP`) is answered here, by a
 * script. The script knows the node's CX key, so it opens the gateway's sealed CALL and seals chunks a gateway would
 * accept — then breaks the stream the way a hostile node can:
 *
 *   honest    every chunk in order, the end marked on the terminal (the control)
 *   gap       the second sealed chunk left out (the frames' own sequence still counts 0, 1, 2 …)
 *   reorder   the second and third sealed chunks swapped
 *   replay    the second sealed chunk sent twice
 *   unsealed  the second chunk in plaintext inside a sealed stream
 *   no_end    the terminal success sealed without the end mark
 *   flip      one bit of the second chunk's ciphertext flipped
 *   huge      after the first chunk, a frame header announcing 16 MiB + 1 bytes
 *   garbage   after the first chunk, bytes that are not a frame
 *   stall     after the first chunk, nothing more, the connection left open
 *   dies      after the first chunk, the connection destroyed
 *
 * The first partial goes out at once; the rest waits for `release()` (each CALL waits for a release after its own
 * arrival), so a test proves that the app already holds a chunk when the stream turns bad.
 *
 * Counters: `calls` (native CALLs received), `httpTasks` (HTTP `POST /v1/task` passed through), `peerClosed`
 * (native connections the gateway closed or reset while a stream of ours was open: how a caller cancels).
 */
import { randomBytes } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { StreamSealer, type CxKeyPair } from '@engine/cx';
import { decryptRequest } from '@engine/cx/request';
import {
  encodeAck,
  encodeFrame,
  encodeLifecycleResponse,
  encodePong,
  FrameReader,
  MAX_FRAME_PAYLOAD,
  MsgType,
  NATIVE_MAGIC,
  type LifecycleResponse,
} from '@engine/native';
import { decodeCall } from '@engine/native/messages';
import { decodeIntMap } from '@engine/native/cbor';
import { onFirstBytes } from './first-bytes';

export const HOSTILE_SCRIPTS = [
  'honest',
  'gap',
  'reorder',
  'replay',
  'unsealed',
  'no_end',
  'flip',
  'huge',
  'garbage',
  'stall',
  'dies',
] as const;
export type HostileScript = (typeof HOSTILE_SCRIPTS)[number];

/** The answer the script streams, one partial per piece. */
export const HOSTILE_PIECES = ['Hello', ' from', ' a', ' hostile', ' node'];
export const HOSTILE_MODEL_RESULT = {
  finish_reason: 'stop',
  usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 },
};

export interface HostileNativeNode {
  /** `http://127.0.0.1:<port>`: the public endpoint to register the real node with. */
  url: string;
  port: number;
  script: HostileScript;
  calls: number;
  httpTasks: number;
  peerClosed: number;
  /** Every error the script met opening a CALL (a test expects none). */
  problems: string[];
  attach(t: HostileTarget): void;
  release(): void;
  waitCalls(n: number): Promise<void>;
  waitPeerClosed(n: number): Promise<void>;
  close(): Promise<void>;
}

type Item = { key5: unknown; terminal: boolean };

function watchable(): { notify(): void; until(done: () => boolean): Promise<void> } {
  const watchers = new Set<() => void>();
  return {
    notify: () => [...watchers].forEach((w) => w()),
    until: (done) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (!done()) return;
          watchers.delete(check);
          resolve();
        };
        watchers.add(check);
        check();
      }),
  };
}

/** The chunks of one answer, sealed when `sealer` is given, then broken as the script says. */
function itemsFor(script: HostileScript, sealer: StreamSealer | null, model: string): Item[] {
  const result = { ...HOSTILE_MODEL_RESULT, model };
  const seal = (plain: unknown, end: boolean): unknown =>
    sealer ? { iicp_conf_chunk: sealer.seal(JSON.stringify(plain), end) } : plain;
  const items: Item[] = HOSTILE_PIECES.map((p) => ({ key5: seal(p, false), terminal: false }));
  items.push({ key5: seal(result, script !== 'no_end'), terminal: true });
  const second = items[1]!;
  switch (script) {
    case 'gap':
      items.splice(1, 1);
      break;
    case 'reorder':
      [items[1], items[2]] = [items[2]!, items[1]!];
      break;
    case 'replay':
      items.splice(2, 0, { ...second });
      break;
    case 'unsealed':
      items[1] = { key5: HOSTILE_PIECES[1], terminal: false };
      break;
    case 'flip': {
      const chunk = (second.key5 as { iicp_conf_chunk?: { encrypted_body: string } }).iicp_conf_chunk;
      if (chunk) {
        const body = Buffer.from(chunk.encrypted_body, 'base64url');
        body[0] = body[0]! ^ 0x01;
        items[1] = {
          key5: { iicp_conf_chunk: { ...chunk, encrypted_body: body.toString('base64url') } },
          terminal: false,
        };
      }
      break;
    }
    default:
      break;
  }
  return items;
}

/** The JSON text a CALL's key 5 carries, parsed; null when it is not JSON. */
function callBody(payload: Uint8Array): Record<string, unknown> | null {
  try {
    const v = JSON.parse(Buffer.from(payload).toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The real node behind the front door: its task port, its id and its CX key (known once it has started). */
export interface HostileTarget {
  port: number;
  nodeId: string;
  cx: CxKeyPair;
}

/** Listens first (the node registers this address); `attach` names the node behind it once that node runs. */
export async function startHostileNativeNode(o: { model: string; script?: HostileScript }): Promise<HostileNativeNode> {
  let target: HostileTarget | null = null;
  const w = watchable();
  let releases = 0;
  const sockets = new Set<Socket>();

  const node: HostileNativeNode = {
    url: '',
    port: 0,
    script: o.script ?? 'honest',
    calls: 0,
    httpTasks: 0,
    peerClosed: 0,
    problems: [],
    attach: (t) => {
      target = t;
    },
    release() {
      releases++;
      w.notify();
    },
    waitCalls: (n) => w.until(() => node.calls >= n),
    waitPeerClosed: (n) => w.until(() => node.peerClosed >= n),
    close: () => Promise.resolve(),
  };

  /** One scripted answer on `socket`; `sentAll` is told once everything scripted is out. */
  const stream = async (
    socket: Socket,
    c: { sessionId: string; callId: string; taskId: string; sealer: StreamSealer | null },
    sentAll: () => void,
  ): Promise<void> => {
    const { sessionId, callId, taskId, sealer } = c;
    const open = (): boolean => !socket.destroyed;
    const since = releases;
    const script = node.script;
    const items = itemsFor(script, sealer, o.model);
    const frame = (item: Item, sequence: number): Buffer => {
      const r: LifecycleResponse = {
        sessionId,
        callId,
        taskId,
        sequence,
        status: item.terminal ? 'success' : 'partial',
        result: item.key5,
        tokensUsed: sequence + 1,
      };
      return encodeFrame(MsgType.RESPONSE, encodeLifecycleResponse(r));
    };
    socket.write(frame(items[0]!, 0));
    await w.until(() => releases > since || !open());
    if (!open()) return;
    switch (script) {
      case 'huge': {
        const header = Buffer.alloc(12);
        NATIVE_MAGIC.copy(header, 0);
        header[4] = 1;
        header[5] = MsgType.RESPONSE;
        header.writeUInt32BE(MAX_FRAME_PAYLOAD + 1, 8);
        socket.write(header);
        return;
      }
      case 'garbage':
        socket.write(randomBytes(64));
        return;
      case 'stall':
        return;
      case 'dies':
        sentAll();
        socket.destroy();
        return;
      default:
        items.slice(1).forEach((item, i) => socket.write(frame(item, i + 1)));
        // Everything scripted is out: a close after this is the gateway's to make, not a cancel mid-stream.
        sentAll();
    }
  };

  const native = (socket: Socket, first: Buffer): void => {
    const reader = new FrameReader();
    let streaming = false;
    let done = false;
    socket.on('close', () => {
      if (streaming && !done) {
        node.peerClosed++;
        w.notify();
      }
      done = true;
    });
    const onCall = (payload: Buffer): void => {
      node.calls++;
      const t = target;
      if (!t) return void socket.destroy();
      w.notify();
      const call = decodeCall(payload);
      if (!call) return void node.problems.push('a CALL that does not decode');
      const body = callBody(call.payload);
      let sealer: StreamSealer | null = null;
      if (body?.iicp_conf !== undefined) {
        try {
          sealer = new StreamSealer(decryptRequest(t.cx, body.iicp_conf).shared, call.taskId ?? '');
        } catch (err) {
          node.problems.push(`the sealed CALL did not open: ${String(err)}`);
          return;
        }
      }
      if (call.taskId === null)
        return void node.problems.push('a CALL without a task id (buffered): the script only streams');
      streaming = true;
      void stream(socket, { sessionId: call.sessionId, callId: call.callId ?? '', taskId: call.taskId, sealer }, () => {
        done = true;
      });
    };
    const take = (chunk: Buffer): void => {
      let frames;
      try {
        frames = reader.push(chunk);
      } catch {
        return void socket.destroy();
      }
      for (const f of frames) {
        if (f.type === MsgType.INIT)
          socket.write(encodeFrame(MsgType.ACK, encodeAck(target?.nodeId ?? 'not-attached')));
        else if (f.type === MsgType.PING) {
          const echo = decodeIntMap(f.payload)?.get(1);
          socket.write(encodeFrame(MsgType.PONG, encodePong(echo instanceof Uint8Array ? echo : null)));
        } else if (f.type === MsgType.CALL) onCall(f.payload);
        else if (f.type === MsgType.CLOSE) socket.end();
      }
    };
    socket.on('data', take);
    take(first);
  };

  /** HTTP to the real node, byte for byte. */
  const pass = (socket: Socket, first: Buffer): void => {
    if (first.toString('latin1').startsWith('POST /v1/task')) node.httpTasks++;
    if (!target) return void socket.destroy();
    const up = connect({ host: '127.0.0.1', port: target.port });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
    up.write(first);
    socket.pipe(up).pipe(socket);
  };

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onFirstBytes(socket, (head, isNative) => (isNative ? native(socket, head) : pass(socket, head)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  node.port = (server.address() as AddressInfo).port;
  node.url = `http://127.0.0.1:${node.port}`;
  node.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return node;
}
