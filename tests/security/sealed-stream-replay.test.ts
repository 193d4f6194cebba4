/**
 * A captured sealed stream, cut and sent again, against a real node's native port (ADR 0018). A consumer written from
 * the protocol text (`tests/support/cx-consumer.ts`, WebCrypto only) seals a streamed chat task for the node; its
 * bytes on the wire (INIT, then the CALL) are kept, and the connection is cut once the first sealed chunk came. Then:
 * the same bytes again on a new connection; a retry with the same envelope, task id and idempotency key on another
 * session; the same bytes after the node restarted on the same data folder; and after the data folder was restored
 * from a copy taken before the first run. The LLM server says something else on every run (same length, another
 * text), so a second run under the first run's key would be a two-time pad of two different texts.
 *
 * For every chunk seen the test writes down what its key is derived from — the shared secret the consumer holds, the
 * salt the run's first chunk names (none in the old form), the info — and its nonce (4 zero bytes ‖ seq). Asserted:
 * no two chunks share a key and nonce; the XOR of two runs' ciphertexts at the same seq is not the XOR of their texts;
 * a replay or retry of the cut task gets one terminal error and no chunk, before and after the restart, and the LLM
 * server is asked again only after the restore (where the node's records cannot know the task), under a fresh salt;
 * every chunk opens by the ADR's words.
 *
 * Before the salt and the cut-task records (sealed_stream_v1, the cut task let go): all five runs sealed their first
 * chunk under one key and nonce (4 repeated pairs), the XOR of the ciphertexts equalled the XOR of the texts for each
 * of the 10 pairs of runs, and the LLM server was asked 5 times. After: 0 repeated pairs, 0 equal XORs, the three
 * replays a terminal `conflict`, the LLM server asked twice (the first run, and the run after the restore). About 10 s.
 */
import { hkdfSync, createDecipheriv, randomUUID } from 'node:crypto';
import { cpSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '@engine/identity/secret-store';
import { encodeFrame, FrameReader, MsgType, type DecodedLifecycle } from '@engine/native';
import { decodeLifecycleResponse, encodeCall } from '@engine/native/messages';
import { sealRequest } from '../support/cx-consumer';
import { eventually, startNode, type NodeHarness } from '../support/node-harness';
import { startStreamingLlm, type StreamingLlm } from '../support/streaming-llm';
import { tempDir } from '../support/tmp';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
/** The stream key's info labels of the two forms, as ADR 0018 writes them. */
const INFO = { 1: 'IICP-CX-STREAM-v1', 2: 'IICP-CX-STREAM-v2' } as const;

let llm: StreamingLlm;
let h: NodeHarness | null = null;
const secretStore = new MemorySecretStore();
const folder = tempDir('iicp-seal-replay-');
const backup = tempDir('iicp-seal-backup-');

async function start(): Promise<NodeHarness> {
  const node = await startNode({ backendUrl: llm.url, maxConcurrent: 2 }, { secretStore }, folder.dir);
  await eventually(() => expect(node.node.getSnapshot().backend.status).toBe('healthy'));
  return node;
}

beforeAll(async () => {
  // One token at once, the rest held: the first partial is that token alone, whatever the node's flush timing.
  llm = await startStreamingLlm({ first: ['x'], rest: [' and the rest'] });
  // A node that has run once (its id, its key, its database), stopped, its folder copied: the backup.
  h = await start();
  await h.stop();
  h = null;
  cpSync(folder.dir, backup.dir, { recursive: true });
}, 60_000);

afterAll(async () => {
  await h?.stop();
  await llm?.close();
  folder.cleanup();
  backup.cleanup();
});

/** A field of a CBOR map as decoded (a Map) or of a plain object. */
function field(v: unknown, name: string): unknown {
  if (v instanceof Map) return v.get(name);
  return v && typeof v === 'object' ? (v as Record<string, unknown>)[name] : undefined;
}

interface Run {
  label: string;
  frames: DecodedLifecycle[];
  /** What the LLM server was made to say in this run's first piece. */
  text: string;
}

/**
 * Writes `wire` on a new connection and reads RESPONSE frames until a terminal, or until the first partial (then the
 * connection is cut, as a consumer that goes away cuts it).
 */
function send(port: number, wire: Buffer, label: string, text: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const frames: DecodedLifecycle[] = [];
    const reader = new FrameReader();
    const socket = connect(port, '127.0.0.1');
    const done = () => {
      socket.destroy();
      resolve({ label, frames, text });
    };
    socket.on('data', (chunk: Buffer) => {
      for (const f of reader.push(chunk)) {
        if (f.type !== MsgType.RESPONSE) continue;
        const r = decodeLifecycleResponse(f.payload);
        if (!r) return reject(new Error(`${label}: a RESPONSE that is not a lifecycle response`));
        frames.push(r);
        return done();
      }
    });
    socket.on('close', done);
    socket.on('error', reject);
    socket.write(wire);
  });
}

/** Waits until the node has let the run's task go (its slot back), so the next run meets what the node decided. */
async function settled(node: NodeHarness): Promise<void> {
  await eventually(() => expect(node.node.runtime!.admission.activeJobs).toBe(0));
}

/** The first piece a run makes the LLM server say: the same length every time, another text. */
const pieceOf = (run: number): string => `secret answer number ${run}`;

describe('a captured sealed stream, cut and sent again', () => {
  it('never seals two texts under one key and nonce: a replay or retry gets a terminal error, a run after a restore a salt of its own', async () => {
    h = await start();
    const identity = h.node.runtime!.identity;
    const taskId = randomUUID();
    const sealed = await sealRequest({
      nodePublicRaw: new Uint8Array(identity.cx.publicKeyRaw),
      nodeKeyId: identity.cx.keyId,
      taskId,
      intent: CHAT,
      payload: { messages: [{ role: 'user', content: 'the secret question' }] },
    });
    const shared = Buffer.from(sealed.shared);
    const body = Buffer.from(JSON.stringify({ iicp_conf: sealed.envelope, cx_response_encryption: 'required' }));
    const call = (sessionId: string, callId: string) =>
      encodeFrame(
        MsgType.CALL,
        encodeCall({ sessionId, callId, intent: CHAT, payload: body, taskId, idempotencyKey: 'the-first-try' }),
      );
    const init = encodeFrame(MsgType.INIT, new Uint8Array([0xa0]));
    // The bytes as the consumer wrote them: what an attacker on the way captures.
    const captured = Buffer.concat([init, call('session-1', 'call-1')]);

    const runs: Run[] = [];
    const runOnce = async (label: string, wire: Buffer): Promise<void> => {
      const text = pieceOf(runs.length + 1);
      llm.first = [text];
      runs.push(await send(h!.port, wire, label, text));
      await settled(h!);
    };
    await runOnce('the first run, cut after its first chunk', captured);
    await llm.waitClosedEarly(1);
    await runOnce('the same bytes again', captured);
    await runOnce(
      'a retry with the same envelope on another session',
      Buffer.concat([init, call('session-2', 'call-2')]),
    );
    await h.stop();
    h = await start();
    await runOnce('the same bytes after a restart on the same data folder', captured);
    await h.stop();
    h = null;
    rmSync(folder.dir, { recursive: true, force: true });
    cpSync(backup.dir, folder.dir, { recursive: true });
    h = await start();
    await runOnce(
      'the same bytes after the data folder was restored from a backup taken before the first run',
      captured,
    );

    // Every sealed chunk seen, with what its key is derived from and its nonce.
    const chunks = runs.flatMap((run) => {
      let salt = '';
      return run.frames
        .filter((f) => f.status === 'partial' || f.status === 'success')
        .map((f) => {
          const c = field(f.result, 'iicp_conf_chunk');
          const version = field(c, 'version') === 2 ? 2 : 1;
          const seq = field(c, 'seq') as number;
          if (seq === 0) salt = typeof field(c, 'salt') === 'string' ? (field(c, 'salt') as string) : '';
          const nonce = Buffer.alloc(12);
          nonce.writeBigUInt64BE(BigInt(seq), 4);
          return {
            run,
            seq,
            end: field(c, 'end') === true,
            salt,
            info: INFO[version] + taskId,
            nonce,
            body: Buffer.from(field(c, 'encrypted_body') as string, 'base64url'),
          };
        });
    });
    const pairOf = (c: (typeof chunks)[number]) =>
      [shared.toString('hex'), c.salt, c.info, c.nonce.toString('hex')].join(' ');
    const pairs = chunks.map(pairOf);
    const repeated = pairs.length - new Set(pairs).size;
    // Same seq in two runs: the XOR of the ciphertexts (tags left off) against the XOR of the texts.
    const twoTimePads: string[] = [];
    let compared = 0;
    for (let i = 0; i < chunks.length; i++) {
      for (let j = i + 1; j < chunks.length; j++) {
        const [a, b] = [chunks[i]!, chunks[j]!];
        if (a.seq !== b.seq || a.run === b.run) continue;
        compared += 1;
        const plainA = Buffer.from(JSON.stringify(a.run.text));
        const plainB = Buffer.from(JSON.stringify(b.run.text));
        const cipherXor = xor(a.body.subarray(0, plainA.length), b.body.subarray(0, plainB.length));
        if (cipherXor.equals(xor(plainA, plainB))) twoTimePads.push(`${a.run.label} / ${b.run.label}`);
      }
    }
    const outcome = (run: Run) =>
      run.frames
        .map((f) => (f.status === 'partial' ? 'chunk' : `${String(f.status)} ${String(f.error?.code ?? '')}`.trim()))
        .join(', ');
    console.log(
      [
        `runs: ${runs.map((r) => `${r.label}: ${outcome(r)}`).join('; ')}`,
        `sealed chunks seen: ${chunks.length}; repeated key and nonce pairs: ${repeated}`,
        `same-seq pairs of runs compared: ${compared}; XOR of ciphertexts equal to XOR of texts: ${twoTimePads.length}`,
        `LLM server asked: ${llm.requests} times`,
      ].join('\n'),
    );

    expect(repeated).toBe(0);
    expect(twoTimePads).toEqual([]);
    // The first run: one sealed chunk, then the cut. The replays and the retry: one terminal error each, no chunk.
    expect(outcome(runs[0]!)).toBe('chunk');
    for (const run of runs.slice(1, 4)) expect(outcome(run), run.label).toBe('error conflict');
    // After the restore the node cannot know the task: it runs it, under a salt of its own.
    expect(outcome(runs[4]!)).toBe('chunk');
    expect(llm.requests).toBe(2);
    expect(compared).toBe(1);
    expect(chunks.map((c) => c.salt.length)).toEqual([43, 43]);
    // Each chunk opens by the ADR's words with the inputs written down for it, to that run's text.
    for (const c of chunks) expect(openByTheBook(shared, c, taskId), c.run.label).toBe(JSON.stringify(c.run.text));
  }, 120_000);
});

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(Math.min(a.length, b.length));
  for (let i = 0; i < out.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

function openByTheBook(
  shared: Buffer,
  c: { salt: string; info: string; nonce: Buffer; seq: number; end: boolean; body: Buffer },
  taskId: string,
): string {
  const key = Buffer.from(
    hkdfSync('sha256', shared, Buffer.from(c.salt, 'base64url'), Buffer.from(c.info, 'utf8'), 32),
  );
  const d = createDecipheriv('aes-256-gcm', key, c.nonce, { authTagLength: 16 });
  d.setAAD(Buffer.from(`${taskId}|${c.seq}|${c.end ? 'end' : 'more'}|${c.salt}`, 'utf8'));
  d.setAuthTag(c.body.subarray(c.body.length - 16));
  return Buffer.concat([d.update(c.body.subarray(0, c.body.length - 16)), d.final()]).toString('utf8');
}
