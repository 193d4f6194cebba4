/**
 * One tree's decoding of native frames, timed in a process of its own (`run.ts` starts it in the current tree and,
 * with BENCH_CBOR_BASE, in an older one): what the node's session does with one frame's payload, and what the
 * gateway does with one RESPONSE of a stream.
 *
 *   decode-child.ts '{"rounds":7,"fuzzRuns":300,"seed":1}'
 *
 * The session's path is the scan of the payload's headers (`CborHeaderScan`, where the tree has one) and then the
 * reader within a frame's limits (`decodeIntMap`, `decodeCall`); an older tree without them runs what its session
 * ran, `decodeIntMap` and `decodeCall` with their defaults. Prints one JSON line: each case's bytes and best time.
 */
import fc from 'fast-check';
import * as face from '@engine/native';
import { decodeIntMap, type CborLimits } from '@engine/native/cbor';
import { decodeCall, decodeLifecycleResponse, encodeCall } from '@engine/native/messages';
import { attackPayloads, cborTrees, encodeNode, type CborNode } from '../../support/cbor-fuzz';

interface Config {
  rounds: number;
  fuzzRuns: number;
  seed: number;
}

export interface CaseTime {
  name: string;
  group: 'ordinary' | 'attack' | 'limit' | 'fuzz';
  bytes: number;
  /** Best of the rounds, in ms. */
  ms: number;
  outcome: string;
  /** The same case at half its size, where it scales: for the growth (linear ≈ 2). */
  halfMs?: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
/** The room's face and the inner readers and writers the bench times (the face exports only what other rooms use). */
const native = { ...face, decodeIntMap, decodeCall, decodeLifecycleResponse, encodeCall };
const faces = native as unknown as Record<string, unknown>;
type Scan = new (length: number, limits?: unknown) => { push(bytes: Uint8Array): string | null };
const HeaderScan = faces.CborHeaderScan as Scan | undefined;
const frameLimits = faces.FRAME_CBOR_LIMITS as CborLimits | undefined;

/** What the node's session does with a whole frame's payload. */
function sessionReads(type: number, payload: Uint8Array): string {
  if (HeaderScan) {
    const refused = new HeaderScan(payload.length, frameLimits).push(payload);
    if (refused) return `refused at a header (${refused})`;
  }
  if (type === native.MsgType.CALL) return native.decodeCall(payload) ? 'a CALL' : 'refused';
  return native.decodeIntMap(payload, frameLimits) ? 'a map' : 'refused';
}

/**
 * Best time of `fn` in ms over the rounds; a fast case runs on for 200 ms at least (a minimum of a few runs of a
 * sub-millisecond case is mostly the optimiser's and the collector's), a case slower than a second only twice.
 */
function best(fn: () => unknown): number {
  let min = Infinity;
  const started = performance.now();
  for (let i = 0; i < config.rounds || (performance.now() - started < 200 && i < 100_000); i++) {
    const t0 = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e6);
    if (min > 1_000 && i >= 1) break;
  }
  return min;
}

const MiB = 1024 * 1024;
const cases: CaseTime[] = [];
const session = (
  name: string,
  group: CaseTime['group'],
  type: number,
  make: (scale: number) => Uint8Array,
  scales = false,
) => {
  const payload = make(1);
  const outcome = sessionReads(type, payload);
  const ms = best(() => sessionReads(type, payload));
  const half = scales ? make(0.5) : null;
  cases.push({
    name,
    group,
    bytes: payload.length,
    ms,
    outcome,
    ...(half ? { halfMs: best(() => sessionReads(type, half)) } : {}),
  });
};

// Ordinary frames: a CALL with a chat task of about 2 KiB, and a stream's RESPONSE with one sealed chunk.
const chat = Buffer.from(
  JSON.stringify({
    model: 'qwen2.5:7b',
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'Tell me about the sea. '.repeat(80) },
    ],
    max_tokens: 512,
    temperature: 0.7,
  }),
);
session('a CALL with a 2 KiB chat task', 'ordinary', native.MsgType.CALL, () =>
  native.encodeCall({
    sessionId: '6f1c2a4e-0b7d-4c1e-9a53-3d2b1f0e8c7a',
    intent: 'urn:iicp:intent:llm:chat:v1',
    payload: chat,
    callId: 'c0a8012e-5b6d-4f7e-8a9b-1c2d3e4f5a6b',
    taskId: null,
    idempotencyKey: null,
  }),
);
const sealed = { iicp_conf_chunk: { version: 1, seq: 12, end: false, encrypted_body: 'x'.repeat(160) } };
const response = native.encodeLifecycleResponse({
  sessionId: 's-6f1c2a4e',
  callId: 'c-c0a8012e',
  taskId: 't-1',
  sequence: 12,
  status: 'partial',
  result: sealed,
  tokensUsed: 40,
});
cases.push({
  name: "a stream's RESPONSE with a sealed chunk (the gateway's read)",
  group: 'ordinary',
  bytes: response.length,
  ms: best(() => native.decodeLifecycleResponse(response)),
  outcome: native.decodeLifecycleResponse(response) ? 'a RESPONSE' : 'refused',
});

// The attack's frames, as PINGs; the first at half its size too, for the growth.
const [keyed8, ...others] = attackPayloads();
session(
  keyed8!.name,
  'attack',
  native.MsgType.PING,
  (scale) =>
    encodeNode({
      t: 'map',
      entries: [
        [
          { t: 'bytes', len: Math.floor(8 * MiB * scale), fill: 0x41 },
          { t: 'uint', v: 1n, wide: false },
        ],
      ],
      indefinite: false,
    }),
  true,
);
for (const a of others) session(a.name, 'attack', native.MsgType.PING, () => a.payload);

// Frames at a session frame's limits, and the costliest reads within them: many text keys, long text.
const limit = frameLimits?.maxItems ?? 1_024;
const textMap = (n: number): CborNode => ({
  t: 'wide',
  kind: 'text_map',
  count: n,
  of: { t: 'uint', v: 1n, wide: false },
});
const asCall = (extra: CborNode): Uint8Array =>
  encodeNode({
    t: 'map',
    entries: [
      [
        { t: 'uint', v: 2n, wide: false },
        { t: 'text', s: 's' },
      ],
      [
        { t: 'uint', v: 3n, wide: false },
        { t: 'text', s: 'urn:iicp:intent:llm:chat:v1' },
      ],
      [{ t: 'uint', v: 5n, wide: false }, extra],
    ],
    indefinite: false,
  });
session(
  `${Math.floor(limit / 2) - 4} text keys in one map (at the item limit)`,
  'limit',
  native.MsgType.PING,
  (scale) =>
    encodeNode({
      t: 'map',
      entries: [[{ t: 'uint', v: 1n, wide: false }, textMap(Math.floor((limit / 2 - 4) * scale))]],
      indefinite: false,
    }),
  true,
);
session(`${limit + 10} items past the limit`, 'limit', native.MsgType.PING, () =>
  encodeNode({
    t: 'map',
    entries: [
      [
        { t: 'uint', v: 1n, wide: false },
        { t: 'wide', kind: 'array', count: limit + 10, of: { t: 'uint', v: 1n, wide: false } },
      ],
    ],
    indefinite: false,
  }),
);
session(
  'a CALL whose task is 8 MiB of text',
  'limit',
  native.MsgType.CALL,
  (scale) => asCall({ t: 'long_text', len: Math.floor(8 * MiB * scale), fill: 0x61 }),
  true,
);
session(
  'a map keyed by 8 MiB of text',
  'limit',
  native.MsgType.PING,
  (scale) =>
    encodeNode({
      t: 'map',
      entries: [
        [
          { t: 'long_text', len: Math.floor(8 * MiB * scale), fill: 0x61 },
          { t: 'uint', v: 1n, wide: false },
        ],
      ],
      indefinite: false,
    }),
  true,
);
session(
  '8 MiB of text, its last byte not UTF-8',
  'limit',
  native.MsgType.CALL,
  (scale) => {
    const p = asCall({ t: 'long_text', len: Math.floor(8 * MiB * scale), fill: 0x61 });
    p[p.length - 1] = 0xff;
    return p;
  },
  true,
);

// The fuzzer's corpus within a session frame's bounds: each timed (best of 3), the costliest per KiB and per frame
// again.
const { payload } = cborTrees({
  maxBig: MiB,
  maxWide: 100_010,
  ...(frameLimits ? { limits: frameLimits as Required<CborLimits> } : {}),
});
const corpus = fc.sample(payload, { numRuns: config.fuzzRuns, seed: config.seed }).map(encodeNode);
const quick = corpus.map((p) => {
  let ms = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    sessionReads(native.MsgType.PING, p);
    ms = Math.min(ms, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { p, ms };
});
// Per KiB among frames of a KiB or more: below, a frame's fixed cost divided by a few bytes says nothing.
const sized = quick.filter((q) => q.p.length >= 1024);
const worstPerKiB = sized.reduce((a, b) => (b.ms / b.p.length > a.ms / a.p.length ? b : a), sized[0] ?? quick[0]!);
const worstPerFrame = quick.reduce((a, b) => (b.ms > a.ms ? b : a));
for (const [name, w] of [
  ["the fuzzer's costliest per KiB", worstPerKiB],
  ["the fuzzer's costliest frame", worstPerFrame],
] as const) {
  cases.push({
    name: `${name} (of ${corpus.length})`,
    group: 'fuzz',
    bytes: w.p.length,
    ms: best(() => sessionReads(native.MsgType.PING, w.p)),
    outcome: sessionReads(native.MsgType.PING, w.p),
  });
}

process.stdout.write(`${JSON.stringify({ scan: HeaderScan !== undefined, cases })}\n`);
