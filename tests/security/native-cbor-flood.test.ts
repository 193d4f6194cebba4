/**
 * Security suite, the native port's CBOR: one frame must not restart the engine. Against a real engine in its own
 * process under the real host supervisor (lib/supervised-node-child.ts: its 1 s heartbeat, its 4 s limit before it
 * kills and restarts a frozen engine), before any INIT and without a key, from six source addresses at once for about
 * 9 s:
 *
 * - two send the attack's frames, each as a PING, an INIT and a CALL, over and over: a map keyed by an 8 MiB byte
 *   string, 30 maps each the key of the next with a 1 MiB byte string innermost, and 30 nested maps keyed the same way;
 * - four send a fuzzed corpus (fast-check, tests/support/cbor-fuzz.ts): arbitrary CBOR at every nesting a session's
 *   frame allows and one past it, containers at its item limit and past it, keys of every kind (byte strings and text
 *   up to 1 MiB, floats, maps and arrays, tags, big integers, duplicates, `__proto__`), each as a PING, an INIT or a
 *   CALL, and each checked against what its tree holds.
 *
 * A payload that holds what no frame holds is refused with one RESPONSE `cbor_decode_error` and its connection ended
 * without the rest being read (a client still writing may lose the answer to the reset); every other gets its PONG,
 * ACK or RESPONSE. Meanwhile `/iicp/health` (probed from a process of its own, lib/health-bound.ts) stays within its
 * bound, the supervisor restarts nothing, and the engine's RSS grows at most 64 MiB. An honest native client is served
 * after it all. About 25 s.
 *
 * Before the fix (cbor2 decoded any map with another key kind, turning each key into hex byte by byte): 2.4 s for one
 * 8 MiB key, the engine killed and restarted by its supervisor, half the health probes failed, RSS +1.5 GiB.
 */
import fc from 'fast-check';
import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFrame, FRAME_CBOR_LIMITS, FrameReader, MsgType, NativeClient, type Frame } from '@engine/native';
import { decodeIntMap } from '@engine/native/cbor';
import { startChild, type ChildServer } from '../bench/lib/server-child';
import { attackPayloads, cborTrees, encodeNode, takenAsFrame } from '../support/cbor-fuzz';
import { secondLoopbackAddress } from './lib/conn-probe';
import {
  baselineOf,
  excessP99,
  healthFigures,
  healthP99Bound,
  healthVerdict,
  MIN_PROBES,
  PROBE_EVERY_MS,
  probeHealthApart,
  probeHealthFor,
  verdictOf,
} from './lib/health-bound';
import { fuzzSeed } from './lib/prng';
import type { EngineReport, RssWindow, SupervisedNodeInfo } from './lib/supervised-node-child';

const RSS_GROWTH_MAX_MIB = 64;
/**
 * The largest fuzzed frame, and the longest key or string in one. Frames up to the task body cap (8 MiB) and keys of
 * 8 MiB are the attack's. A frame the scan lets through is held whole until it has come, as an HTTP body is (the
 * shared body budget, which hostile-traffic.test.ts holds), so four sources sending 8 MiB frames would measure that.
 */
const MAX_FUZZ_FRAME = 2 * 1024 * 1024;
const MAX_FUZZ_STRING = 1024 * 1024;
/** The attack lasts at least this long (the health window's probes, and some): rounds and runs go on until then. */
const ATTACK_MS = MIN_PROBES * PROBE_EVERY_MS + 2_000;
/** At least this many rounds per attacking source; each round sends every frame as PING, INIT and CALL. */
const ATTACK_ROUNDS = 2;
/**
 * Each attacking source starts a frame at most this often (a hundred a second), each fuzzing source one every
 * FUZZ_EVERY_MS (fifty): four hundred hostile frames a second in all, over and over. Unpaced, two sources open over a
 * thousand connections a second: that measures what a connection costs (the per-source caps' business), not a frame.
 */
const ATTACK_EVERY_MS = 10;
const FUZZ_EVERY_MS = 20;
/** Fuzzed frames per property run; each fuzzing source runs properties (seed, seed + 1000, …) until the time is up. */
const FUZZ_RUNS = 40;
/** How long one frame may wait for its answer: far longer than the supervisor's 4 s limit. */
const ANSWER_MS = 15_000;

const TYPES = [MsgType.PING, MsgType.INIT, MsgType.CALL] as const;
const TYPE_NAMES: Record<number, string> = { [MsgType.PING]: 'PING', [MsgType.INIT]: 'INIT', [MsgType.CALL]: 'CALL' };
/** What the node answers a payload it takes, by frame type. */
const ANSWER_TYPE: Record<number, number> = {
  [MsgType.PING]: MsgType.PONG,
  [MsgType.INIT]: MsgType.ACK,
  [MsgType.CALL]: MsgType.RESPONSE,
};

let node: ChildServer<SupervisedNodeInfo>;

beforeAll(async () => {
  node = await startChild<SupervisedNodeInfo>('supervised-node', 'tests/security/lib/supervised-node-child.ts', [], {
    timeoutMs: 60_000,
  });
}, 90_000);

afterAll(async () => {
  await node?.stop();
});

/** One fast-check property run of a fuzzing source. */
interface FuzzRun {
  seed: number;
  numRuns: number;
  failed: boolean;
  path: string | null;
  error: string | null;
}

interface Exchange {
  /** The node's first frame: its type and, for a RESPONSE, its error code. */
  answer: { type: number; code: unknown } | null;
  /** The node ended the connection (closed or reset it) within ANSWER_MS, after its answer or without one. */
  ended: boolean;
  error: string | null;
}

/** One frame on a fresh connection from `from`: the node's first answer, and whether it then closed the connection. */
function exchange(port: number, from: string | undefined, frame: Buffer): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, ...(from ? { localAddress: from } : {}) });
    const reader = new FrameReader();
    const out: Exchange = { answer: null, ended: false, error: null };
    let waitForClose: NodeJS.Timeout | undefined;
    let finished = false;
    const done = () => {
      finished = true;
      clearTimeout(timer);
      clearTimeout(waitForClose);
      socket.destroy();
      resolve(out);
    };
    const timer = setTimeout(() => {
      out.error ??= 'no answer in time';
      done();
    }, ANSWER_MS);
    socket.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = reader.push(chunk);
      } catch {
        out.error = 'not a frame';
        return done();
      }
      const first = frames[0];
      if (!first || out.answer) return;
      out.answer = {
        type: first.type,
        code: first.type === MsgType.RESPONSE ? decodeIntMap(first.payload)?.get(100) : undefined,
      };
      // A refusal ends the session: give the node a moment to close; an answer needs nothing more.
      if (out.answer.code === 'cbor_decode_error' || out.answer.code === 'capacity_exceeded')
        waitForClose = setTimeout(done, 5_000);
      else done();
    });
    socket.on('close', () => {
      if (finished) return;
      out.ended = true;
      done();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // A reset while writing is the node ending the connection too (a frame refused before it had all been sent).
      out.error ??= err.code ?? err.message;
    });
    socket.write(frame);
  });
}

/**
 * Whether an exchange is what the node owes a payload it must refuse (or, `taken`, must answer). A refusal is the
 * RESPONSE `cbor_decode_error` and the end of the connection; a frame refused at its first bytes is not read on, and
 * an answer the client had not read yet may be lost to the reset: counted as unanswered, never as a wrong answer.
 */
function rightAnswer(e: Exchange, type: number, taken: boolean): boolean {
  if (!e.answer) return !taken && e.ended;
  // The shared body budget full of other sources' frames is a refusal too, before anything is read.
  if (e.answer.code === 'capacity_exceeded') return e.ended;
  if (!taken) return e.answer.type === MsgType.RESPONSE && e.answer.code === 'cbor_decode_error' && e.ended;
  return e.answer.type === ANSWER_TYPE[type] && e.answer.code !== 'cbor_decode_error';
}

describe('one native frame against a supervised engine', () => {
  it('refuses hostile CBOR from several sources at once while health holds, nothing restarts and RSS stays flat', async () => {
    const port = node.info.port;
    const before = await node.call<EngineReport>('engine');
    expect(before).toMatchObject({ state: 'running', restarts: 0 });
    const spread = (await secondLoopbackAddress(port)) !== undefined;
    const source = (n: number): string | undefined => (spread ? `127.0.0.${n}` : undefined);

    // The baseline: the same probes, nothing else going on.
    // The engine's main thread waiting for a core is the machine's doing, not the engine's (lib/health-bound.ts).
    const pid = before.pid ?? undefined;
    await probeHealthFor(port, 1_000, { minProbes: 0, pid });
    const quietFrom = await node.call<EngineReport>('engine');
    const quietStarted = performance.now();
    const baseline = baselineOf(await probeHealthFor(port, MIN_PROBES * PROBE_EVERY_MS, { pid }));
    const quietCpu = ((await node.call<EngineReport>('engine')).cpuMs ?? 0) - (quietFrom.cpuMs ?? 0);
    const quietMs = performance.now() - quietStarted;

    const seed = fuzzSeed();
    console.log(`[security] native CBOR fuzz seed=${seed} (replay with IICP_FUZZ_SEED=${seed})`);
    // Up to the limits of a session's frame and past them.
    const { payload } = cborTrees({ maxBig: MAX_FUZZ_STRING, maxWide: 100_010, limits: FRAME_CBOR_LIMITS });
    const frame = fc.record({
      bytes: payload.map((tree) => ({ tree, bytes: encodeNode(tree) })).filter((p) => p.bytes.length <= MAX_FUZZ_FRAME),
      type: fc.constantFrom(...TYPES),
    });

    await node.call('markRss');
    const attackFrom = await node.call<EngineReport>('engine');
    const health = await probeHealthApart(port, { pid });
    const started = performance.now();

    // Two sources send the attack's frames, one after the other, each as PING, INIT and CALL (written once).
    const attacks = attackPayloads().map((a) => ({
      name: a.name,
      frames: TYPES.map((type) => ({ type, frame: encodeFrame(type, a.payload) })),
    }));
    const attackResults: { name: string; type: number; e: Exchange }[] = [];
    const until = started + ATTACK_MS;
    const attacker = async (from: string | undefined) => {
      for (let round = 0; round < ATTACK_ROUNDS || performance.now() < until; round++) {
        for (const a of attacks) {
          for (const { type, frame } of a.frames) {
            const next = performance.now() + ATTACK_EVERY_MS;
            attackResults.push({ name: a.name, type, e: await exchange(port, from, frame) });
            if (performance.now() < next) await delay(next - performance.now());
          }
        }
      }
    };
    // Four sources send the fuzzed corpus: properties checked frame by frame against the node, one after the other.
    const property = (from: string | undefined) =>
      fc.asyncProperty(frame, async ({ bytes: { tree, bytes }, type }) => {
        const next = performance.now() + FUZZ_EVERY_MS;
        const taken = takenAsFrame(tree, FRAME_CBOR_LIMITS);
        const e = await exchange(port, from, encodeFrame(type, bytes));
        if (!rightAnswer(e, type, taken))
          throw new Error(`${TYPE_NAMES[type]} ${taken ? 'taken' : 'refused'}: got ${JSON.stringify(e)}`);
        if (performance.now() < next) await delay(next - performance.now());
      });
    const fuzzer = async (from: string | undefined, i: number): Promise<FuzzRun[]> => {
      const runs: FuzzRun[] = [];
      do {
        const d = await fc.check(property(from), {
          seed: seed + i + 1000 * runs.length,
          numRuns: FUZZ_RUNS,
          endOnFailure: true,
        });
        runs.push({
          seed: d.seed,
          numRuns: d.numRuns,
          failed: d.failed,
          path: d.counterexamplePath,
          error: d.failed ? String(d.errorInstance) : null,
        });
      } while (performance.now() < until && !runs.at(-1)!.failed);
      return runs;
    };
    const [, , ...bySource] = await Promise.all([
      attacker(source(2)),
      attacker(source(3)),
      ...[4, 5, 6, 7].map((n, i) => fuzzer(source(n), i)),
    ]);
    const fuzzed = (bySource as FuzzRun[][]).flat();
    const attackMs = performance.now() - started;

    const window = await health.stop();
    const rss = await node.call<RssWindow>('rss');
    const after = await node.call<EngineReport>('engine');
    // An honest client is served after it all.
    const echoed = await NativeClient.open({ host: '127.0.0.1', port, timeoutMs: 10_000 }).then(
      async (client) => {
        const echo = Buffer.from((await client.ping(Buffer.from('still here'))) ?? []).toString();
        client.close();
        return echo;
      },
      (err: unknown) => `no session: ${String(err)}`,
    );

    const attackCpu = (after.cpuMs ?? 0) - (attackFrom.cpuMs ?? 0);
    const wrong = attackResults.filter((r) => !rightAnswer(r.e, r.type, false));
    const refusedAsDecode = attackResults.filter((r) => r.e.answer?.code === 'cbor_decode_error').length;
    const cutOff = attackResults.filter((r) => r.e.answer === null && r.e.ended).length;
    console.log(healthVerdict('native CBOR attack and fuzz', verdictOf(window), baseline));
    console.log(`[security] health during the attack: ${healthFigures(window)}`);
    console.log(
      `[security] ${attackResults.length} attack frames in ${(attackMs / 1000).toFixed(1)} s: ${refusedAsDecode} refused cbor_decode_error, ${cutOff} cut off unanswered, ${wrong.length} otherwise; ` +
        `${fuzzed.reduce((n, d) => n + d.numRuns, 0)} fuzzed frames in ${fuzzed.length} properties (${fuzzed.filter((d) => d.failed).length} failed); restarts ${after.restarts}, engine ${after.state} (pid ${before.pid} → ${after.pid}); ` +
        `RSS ${rss.startMiB.toFixed(0)} → peak ${rss.peakMiB.toFixed(0)} MiB (+${(rss.peakMiB - rss.startMiB).toFixed(0)}, ${rss.samples} samples)`,
    );
    if (after.pid === attackFrom.pid) {
      console.log(
        `[security] engine CPU: ${((100 * attackCpu) / attackMs).toFixed(0)} % of a core during the attack (${attackCpu} ms for ` +
          `${attackResults.length} attack and ${fuzzed.reduce((n, d) => n + d.numRuns, 0)} fuzzed frames), ${((100 * quietCpu) / quietMs).toFixed(0)} % while only probed`,
      );
    }
    for (const r of wrong.slice(0, 6))
      console.log(`[security] attack frame ${TYPE_NAMES[r.type]} "${r.name}": ${JSON.stringify(r.e)}`);
    for (const d of fuzzed.filter((x) => x.failed))
      console.log(`[security] fuzz counterexample (seed ${d.seed}, path ${d.path}): ${d.error}`);

    expect(after).toMatchObject({ pid: before.pid, state: 'running', restarts: 0 });
    expect(wrong.map((r) => `${TYPE_NAMES[r.type]} ${r.name}`)).toEqual([]);
    expect(refusedAsDecode).toBeGreaterThan(0);
    for (const d of fuzzed)
      expect({ seed: d.seed, failed: d.failed, error: d.error }).toEqual({ seed: d.seed, failed: false, error: null });
    expect(excessP99(window)).toBeLessThanOrEqual(healthP99Bound(baseline));
    expect(rss.peakMiB - rss.startMiB).toBeLessThanOrEqual(RSS_GROWTH_MAX_MIB);
    expect(echoed).toBe('still here');
  }, 240_000);
});
