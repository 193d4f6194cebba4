/**
 * Speech bench: what does the node add to one transcription of a 30 s WAV, against the same upload sent straight to
 * the speech server?
 *
 * The clip is 30 s of 16 kHz mono 16-bit PCM (960 kB), the shape of a voice note. Two ways, timed in interleaved
 * rounds so other work on the machine hits both alike, one request at a time:
 * - direct: the multipart upload the node itself sends (`file`, `model`, `response_format=json`), straight to the
 *   server, as an app that talks to it would;
 * - node: the IICP task a consumer sends to the node's task port (the audio base64 in the JSON payload): the node
 *   reads and caps the body, judges the audio before decoding it (its size from the base64 length, then its WAV
 *   header and duration), builds the upload, calls the server and wraps its answer, and books the task.
 * Each transcription's time is from the first byte sent to the last byte read. The report prints p50/p99 of both, the
 * node's added time (node − direct) and the ratio node ÷ direct, and the CPU each process spent per transcription.
 * Target (PASS/MISS): added p50 ≤ 25 ms per 30 s WAV (the base64 is a third larger than the audio; reading, checking
 * and re-encoding under a megabyte must stay well under the time a person notices).
 *
 * Process layout: the server in one child process, the node in another (unregistered: the task port is what is
 * measured), the clients here.
 *
 * Env: BENCH_SPEECH_TASKS per way per round [40], BENCH_SPEECH_ROUNDS [3], BENCH_SPEECH_CLIP_MS [30000].
 * Writes test-artifacts/bench/speech.json. Exit 0 whether the target passes or misses; 1 if the bench broke (a
 * non-200, or an answer without the server's text).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wavClip } from '../../support/audio-clips';
import { SPOKEN_TEXT } from '../../support/backends';
import type { BenchNodeInfo } from '../backend/node-process';
import { knob } from '../lib/knob';
import { startChild, type ChildServer } from '../lib/server-child';
import type { SpeechInfo } from './speech-process';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT_DIR = join(resolve(HERE, '../../..'), 'test-artifacts/bench');
const TASKS = Math.floor(knob('BENCH_SPEECH_TASKS', 40, 1, 3));
const ROUNDS = Math.floor(knob('BENCH_SPEECH_ROUNDS', 3, 1, 1));
const CLIP_MS = Math.floor(knob('BENCH_SPEECH_CLIP_MS', 30_000, 100));
const TARGET_ADDED_P50_MS = 25;
const TRANSCRIBE = 'urn:iicp:intent:audio:transcribe:v1';

type Way = 'direct' | 'node';

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

async function timed(call: () => Promise<Response>): Promise<number> {
  const t0 = performance.now();
  const r = await call();
  const text = await r.text();
  const ms = performance.now() - t0;
  if (r.status !== 200 || !text.includes(SPOKEN_TEXT)) throw new Error(`BROKEN: ${r.status} ${text.slice(0, 300)}`);
  return ms;
}

async function main(): Promise<void> {
  const children: ChildServer<unknown>[] = [];
  try {
    const server = await startChild<SpeechInfo>('speech', join(HERE, 'speech-process.ts'), []);
    children.push(server);
    const node = await startChild<BenchNodeInfo>('node', join(HERE, '../backend/node-process.ts'), [
      server.info.url,
      'shipped',
    ]);
    children.push(node);

    const clip = wavClip(CLIP_MS);
    const b64 = clip.toString('base64');
    const direct = () => {
      const form = new FormData();
      form.append('file', new Blob([clip], { type: 'application/octet-stream' }), 'clip.wav');
      form.append('model', 'whisper-large-v3');
      form.append('response_format', 'json');
      return fetch(`${server.info.url}/v1/audio/transcriptions`, { method: 'POST', body: form });
    };
    // The payload's JSON is built once; only the task id changes (the node refuses a task id it has seen).
    const payload = JSON.stringify({ audio: b64, filename: 'clip.wav' });
    const viaNode = () =>
      fetch(`${node.info.url}/v1/task`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"task_id":"${randomUUID()}","intent":"${TRANSCRIBE}","payload":${payload}}`,
      });
    const calls: Record<Way, () => Promise<Response>> = { direct, node: viaNode };

    // One of each first: connections opened, code paths warm.
    await timed(direct);
    await timed(viaNode);
    const times: Record<Way, number[]> = { direct: [], node: [] };
    const cpu: Record<Way, { node: number; server: number }> = {
      direct: { node: 0, server: 0 },
      node: { node: 0, server: 0 },
    };
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved: each round runs both ways, their order turned every round.
      const order: Way[] = round % 2 === 0 ? ['direct', 'node'] : ['node', 'direct'];
      for (const way of order) {
        const n0 = node.cpuUs() ?? 0;
        const s0 = server.cpuUs() ?? 0;
        for (let i = 0; i < TASKS; i++) times[way].push(await timed(calls[way]));
        cpu[way].node += (node.cpuUs() ?? 0) - n0;
        cpu[way].server += (server.cpuUs() ?? 0) - s0;
        await server.call('forget');
      }
    }

    const n = TASKS * ROUNDS;
    const row = (way: Way) => ({
      p50: pct(times[way], 50),
      p99: pct(times[way], 99),
      nodeCpuUsPerTask: cpu[way].node / n,
      serverCpuUsPerTask: cpu[way].server / n,
    });
    const d = row('direct');
    const v = row('node');
    const added = { p50: v.p50 - d.p50, p99: v.p99 - d.p99 };
    const ratio = v.p50 / d.p50;
    const fmt = (x: number) => x.toFixed(2);
    console.log(`speech bench: ${CLIP_MS / 1000} s WAV (${clip.length} bytes, ${b64.length} as base64), ${n} per way`);
    console.log('way     p50 ms   p99 ms   node CPU µs/task   server CPU µs/task');
    for (const [way, r] of [
      ['direct', d],
      ['node', v],
    ] as const)
      console.log(
        `${way.padEnd(7)} ${fmt(r.p50).padStart(7)} ${fmt(r.p99).padStart(8)} ${r.nodeCpuUsPerTask.toFixed(0).padStart(18)} ${r.serverCpuUsPerTask.toFixed(0).padStart(20)}`,
      );
    console.log(
      `node | added p50 ${fmt(added.p50)} ms, ratio ${ratio.toFixed(2)} (node ÷ direct), added p99 ${fmt(added.p99)} ms`,
    );
    const pass = added.p50 <= TARGET_ADDED_P50_MS;
    console.log(
      `${pass ? 'PASS' : 'MISS'} added p50 ${fmt(added.p50)} ms ≤ ${TARGET_ADDED_P50_MS} ms per ${CLIP_MS / 1000} s WAV`,
    );
    mkdirSync(OUT_DIR, { recursive: true });
    writeFileSync(
      join(OUT_DIR, 'speech.json'),
      JSON.stringify(
        { clipMs: CLIP_MS, clipBytes: clip.length, tasks: n, direct: d, node: v, added, ratio, pass },
        null,
        2,
      ),
    );
  } finally {
    for (const c of children.reverse()) await c.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
