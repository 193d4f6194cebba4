/**
 * Backend bench: what does the node add to a task in front of a llama.cpp server that stalls on reused
 * connections?
 *
 * llama-server b4748 leaves Nagle on and writes an answer's header and body apart, so on a reused keep-alive
 * connection each answer waits ~40 ms for the client's delayed ACK. The backend here (backend-process.ts) is the
 * shared fake llama.cpp, which does the same, with a 50 ms generation and llama-server's HTTP workers (a connection
 * is served only while it holds one; an idle keep-alive connection holds it 5 s): max(BENCH_BACKEND_WORKERS, c + 2)
 * in the cell of concurrency c — a server started with `--parallel c` (its threads are max(parallel + 2, cores − 1)),
 * so the cells measure the hop, not the server's queue.
 * A task is timed, in interleaved rounds so other work on the machine hits all alike, at concurrency 1, 4 and 16:
 * - direct: the chat request the node would send, straight to the server, as the best direct client does it: a fresh
 *   connection per call (`Connection: close`), so it never pays the stall itself;
 * - node: a task to the node's task port as a consumer sends it (keep-alive connection to the node), with the
 *   node's shipped connection policy toward the backend (connections used once, pre-opened);
 * - node, connections opened on demand: the same node code with pre-opening off (the policy before it), in a
 *   second node process;
 * - the floor of any JavaScript node here: the proxy bench's minimal proxy (parse, forward, wrap) in its own
 *   process, with fresh connections.
 * Targets (PASS/MISS): node added p50 (node − direct) ≤ 1 ms at each concurrency; at c=1 node added p50 ≤ 1.5× the
 * floor's; at c=16 node throughput ≥ 0.97 of direct. For comparison it also times direct clients that go around
 * the stall other ways (clients.ts): reusing connections (the stall), connections used once but pre-opened, and
 * keep-alive connections reused only after resting 50 ms (with the connections each needed); reference cells
 * against the same server with the stall switched off; and the node with the old policy (keep-alive to every
 * server), in its own node process (`BENCH_BACKEND_OLD_MS` caps that run; 0 skips it). At the end it counts the
 * TIME_WAIT sockets toward the backend port (/proc/net/tcp): on the server's side (it closes first when asked to)
 * and on the clients' side.
 *
 * Process layout: the backend in one child process, each node in another, the minimal proxy in another, the clients
 * here.
 *
 * Env: BENCH_BACKEND_TASKS tasks per cell at c ≤ 4, × c/4 above [200], BENCH_BACKEND_LATENCY_MS generation [50],
 * BENCH_BACKEND_WORKERS server HTTP workers at least (0 = unlimited) [6], BENCH_BACKEND_CONCURRENCY ["1,4,16"],
 * BENCH_BACKEND_ROUNDS [2], BENCH_BACKEND_OLD_MS cap of each old-policy cell [15000; 0 = skip],
 * BENCH_BACKEND_SETTLE_MS wait after the nodes start, so the server has closed the idle connections of their
 * start-up probes [6000], BENCH_BACKEND_REFERENCE [1; 0 = no reference cells], BENCH_BACKEND_VARIANTS [1; 0 = none
 * of the other direct clients nor the on-demand node], and an experiment: BENCH_BACKEND_NAGLE=0 (the same fake
 * without the stall: what the node adds by itself).
 * Writes test-artifacts/bench/backend.json. Exit 0 whether targets pass or miss; 1 if the bench broke (a non-200).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { knob } from '../lib/knob';
import { startChild, type ChildServer } from '../lib/server-child';
import type { BackendInfo } from './backend-process';
import type { BareProxyInfo } from './bare-proxy-process';
import { cellWith, merge, pct, perSecond, preopened, rested, timeWaits, viaAgent, type Sample } from './clients';
import type { BenchNodeInfo } from './node-process';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT_DIR = join(resolve(HERE, '../../..'), 'test-artifacts/bench');
const TASKS = Math.floor(knob('BENCH_BACKEND_TASKS', 200, 10, 10));
const LATENCY_MS = knob('BENCH_BACKEND_LATENCY_MS', 50);
/**
 * llama-server's HTTP threads are max(--parallel + 2, cores − 1): 3 with the default --parallel 1 on a small machine, 6
 * for a server started to serve 4 tasks at once (--parallel 4). A cell of concurrency c gets at least c + 2 (a server
 * started for c tasks at once): with fewer workers than tasks, it would measure the server's queue (a 50 ms quantum)
 * rather than the hop.
 */
const WORKERS = Math.floor(knob('BENCH_BACKEND_WORKERS', 6));
const ROUNDS = Math.floor(knob('BENCH_BACKEND_ROUNDS', 2, 1, 1));
const OLD_MS = knob('BENCH_BACKEND_OLD_MS', 15_000);
const SETTLE_MS = knob('BENCH_BACKEND_SETTLE_MS', 6_000, 0, 500);
/** 0: the experiment against the same fake without the stall (Nagle off, one write): what the node adds by itself. */
const NAGLE = knob('BENCH_BACKEND_NAGLE', 1) !== 0;
/** 0: no reference cells (the same server with the stall switched off, half the tasks). */
const REFERENCE = knob('BENCH_BACKEND_REFERENCE', 1) !== 0;
/** 0: none of the other direct clients, nor the node opening its connections on demand. */
const VARIANTS = knob('BENCH_BACKEND_VARIANTS', 1, 0, 0) !== 0;
const CONCURRENCY = (process.env.BENCH_BACKEND_CONCURRENCY ?? '1,4,16')
  .split(',')
  .map((s) => Math.floor(Number(s)))
  .filter((n) => Number.isFinite(n) && n >= 1 && n <= 64);
const TARGET_ADDED_P50_MS = 1;
const TARGET_FLOOR_RATIO = 1.5;
const TARGET_THROUGHPUT = 0.97;
/** The rest after which a kept-alive connection no longer stalls on Linux (≥ the 40 ms delayed-ACK timeout). */
const REST_MS = 50;
const INTENT = 'urn:iicp:intent:llm:chat:v1';
const MESSAGES = [{ role: 'user', content: 'hello there friend' }];
const workersFor = (c: number) => (WORKERS === 0 ? 0 : Math.max(WORKERS, c + 2));
/** Tasks per cell: ~50 waves of c tasks at c ≥ 4. */
const tasksFor = (c: number) => TASKS * Math.max(1, c / 4);

const r2 = (x: number) => Math.round(x * 100) / 100;
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const backend = await startChild<BackendInfo>('backend', join(HERE, 'backend-process.ts'), [
  String(LATENCY_MS),
  String(WORKERS),
  NAGLE ? '1' : '0',
  [...new Set(CONCURRENCY.map(workersFor))].join(','),
]);
const backendPort = Number(new URL(backend.info.url).port);
const chatUrl = `${backend.info.url}/v1/chat/completions`;
const chatBody = JSON.stringify({ model: backend.info.model, messages: MESSAGES, max_tokens: 8 });
let seq = 0;
const taskBody = () =>
  JSON.stringify({
    task_id: `bench-${randomUUID()}-${++seq}`,
    intent: INTENT,
    payload: { messages: MESSAGES, max_tokens: 8 },
    constraints: { qos: 'interactive' },
  });
const bareBody = () =>
  JSON.stringify({
    task_id: `bench-${randomUUID()}-${++seq}`,
    intent: INTENT,
    payload: { model: backend.info.model, messages: MESSAGES, max_tokens: 8 },
  });
/** Fresh connections (Connection: close on every call), or keep-alive reuse of up to `c`. */
const direct = () => viaAgent(new Agent({ keepAlive: false }), chatUrl, () => chatBody);
const directReuse = (c: number) => viaAgent(new Agent({ keepAlive: true, maxSockets: c }), chatUrl, () => chatBody);
/** A consumer's keep-alive connections to a node (or the floor), one agent per cell. */
const toNode = (node: ChildServer<BenchNodeInfo>) =>
  viaAgent(new Agent({ keepAlive: true, maxSockets: 64 }), `${node.info.url}/v1/task`, taskBody);
const toBare = (bare: ChildServer<BareProxyInfo>) =>
  viaAgent(new Agent({ keepAlive: true, maxSockets: 64 }), bare.info.url, bareBody);

async function startBenchNode(policy: 'shipped' | 'on-demand' | 'keep-alive'): Promise<ChildServer<BenchNodeInfo>> {
  return startChild<BenchNodeInfo>(`node (${policy})`, join(HERE, 'node-process.ts'), [backend.info.url, policy], {
    timeoutMs: 30_000,
  });
}

interface Row {
  c: number;
  who: string;
  tasks: number;
  failures: number;
  unfinished: number;
  p50: number;
  p99: number;
  perS: number;
  addedP50?: number;
  addedP99?: number;
  note?: string;
}
const rows: Row[] = [];
const row = (c: number, who: string, s: Sample, base?: Sample, note?: string): Row => {
  const r: Row = {
    c,
    who,
    tasks: s.lat.length,
    failures: s.failures.length,
    unfinished: s.unfinished,
    p50: r2(pct(s.lat, 50)),
    p99: r2(pct(s.lat, 99)),
    perS: r2(perSecond(s)),
  };
  if (base) {
    r.addedP50 = r2(pct(s.lat, 50) - pct(base.lat, 50));
    r.addedP99 = r2(pct(s.lat, 99) - pct(base.lat, 99));
  }
  if (note) r.note = note;
  rows.push(r);
  if (s.failures.length) broken = `non-200 answers (${who}, c=${c}): ${s.failures.slice(0, 5).join(', ')}`;
  return r;
};

let broken: string | null = null;
const targets: { name: string; pass: boolean; detail: string }[] = [];
const directByC = new Map<number, Sample>();
const notes: string[] = [];
const newClientTimeWaits = { direct: new Set<string>(), node: new Set<string>() };
/** Runs `fn`, adding the TIME_WAIT sockets on the clients' side it left to `into`. */
async function countingTimeWaits<T>(into: Set<string>, fn: () => Promise<T>): Promise<T> {
  const before = timeWaits(backendPort).client;
  const out = await fn();
  for (const k of timeWaits(backendPort).client) if (!before.has(k)) into.add(k);
  return out;
}

try {
  console.log(
    `backend bench: the fake llama.cpp (${backend.info.nagle ? 'Nagle on, header and body written apart' : 'EXPERIMENT BENCH_BACKEND_NAGLE=0: Nagle off, no stall'}, max(${backend.info.httpWorkers ?? 'unlimited'}, c + 2) HTTP workers, an idle keep-alive connection held 5 s), generation ${LATENCY_MS} ms, ${TASKS} tasks per cell (× c/4 above c=4); load average ${loadavg()[0]!.toFixed(2)}`,
  );
  console.log(
    'direct = the best a direct client can do against this server: a fresh connection per call (Connection: close), so it never pays the delayed-ACK stall.',
  );
  console.log(
    'node = a task to the task port as a consumer sends it (keep-alive to the node), the node calling the backend with its shipped policy.\n',
  );

  const node = await startBenchNode('shipped');
  const onDemand = VARIANTS ? await startBenchNode('on-demand') : null;
  const bare = await startChild<BareProxyInfo>('bare proxy', join(HERE, 'bare-proxy-process.ts'), [backend.info.url]);
  await sleep(SETTLE_MS);
  try {
    // Warm-up (the nodes also learn the server here).
    await cellWith(toNode(node), 1, 10);
    if (onDemand) await cellWith(toNode(onDemand), 1, 10);
    await cellWith(toBare(bare), 1, 10);
    await cellWith(direct(), 1, 10);
    for (const c of CONCURRENCY) {
      if (WORKERS > 0) await backend.call(`workers${workersFor(c)}`);
      const d: Sample[] = [];
      const n: Sample[] = [];
      const od: Sample[] = [];
      const b: Sample[] = [];
      const per = Math.ceil(tasksFor(c) / ROUNDS);
      for (let r = 0; r < ROUNDS; r++) {
        d.push(await countingTimeWaits(newClientTimeWaits.direct, () => cellWith(direct(), c, per)));
        n.push(await countingTimeWaits(newClientTimeWaits.node, () => cellWith(toNode(node), c, per)));
        if (onDemand) od.push(await cellWith(toNode(onDemand), c, per));
        b.push(await cellWith(toBare(bare), c, Math.ceil(per / 2)));
      }
      const dm = merge(d);
      const nm = merge(n);
      const bm = merge(b);
      directByC.set(c, dm);
      row(c, 'direct (fresh connections)', dm);
      row(c, 'direct (keep-alive reuse)', await cellWith(directReuse(c), c, Math.ceil(per / 2)), dm);
      if (VARIANTS) {
        const pre = await cellWith(preopened(chatUrl, chatBody), c, per);
        row(c, 'direct (pre-opened, used once)', pre, dm, `${pre.client.opened()} connections`);
        const rest = await cellWith(rested(chatUrl, chatBody, REST_MS), c, Math.ceil(per / 2));
        row(c, `direct (keep-alive, rested >= ${REST_MS} ms)`, rest, dm, `${rest.client.opened()} connections held`);
      }
      const nr = row(c, 'node (shipped: pre-opened, used once)', nm, dm);
      if (onDemand) row(c, 'node (connections opened on demand)', merge(od), dm);
      const br = row(c, 'floor: minimal JS proxy (fresh conns)', bm, dm);
      const ratio = perSecond(nm) / perSecond(dm);
      targets.push({
        name: `c=${c} node added p50 <= ${TARGET_ADDED_P50_MS} ms`,
        pass: nr.addedP50! <= TARGET_ADDED_P50_MS,
        detail: `${signed(nr.addedP50!)} ms (p99 ${signed(nr.addedP99!)} ms; node p50 ${nr.p50} ms vs direct ${pct(dm.lat, 50).toFixed(2)} ms)`,
      });
      if (c === 1) {
        targets.push({
          name: `c=1 node added p50 <= ${TARGET_FLOOR_RATIO}x the minimal proxy's`,
          pass: nr.addedP50! <= TARGET_FLOOR_RATIO * br.addedP50!,
          detail: `node ${signed(nr.addedP50!)} ms vs minimal proxy ${signed(br.addedP50!)} ms (${(nr.addedP50! / br.addedP50!).toFixed(2)}x)`,
        });
      }
      if (c === 16) {
        targets.push({
          name: `c=16 node throughput >= ${TARGET_THROUGHPUT} of direct`,
          pass: ratio >= TARGET_THROUGHPUT,
          detail: `node ${perSecond(nm).toFixed(1)} tasks/s vs direct ${perSecond(dm).toFixed(1)} tasks/s = ${ratio.toFixed(3)}`,
        });
      }
      notes.push(
        `c=${c}: the minimal JavaScript proxy (parse, forward, wrap: no checks, no ledger) adds ${signed(br.addedP50!)} ms p50 on this machine now; the node's pipeline adds ${signed(r2(nr.addedP50! - br.addedP50!))} ms beyond it; node throughput ${ratio.toFixed(3)} of direct`,
      );
      if (REFERENCE && backend.info.nagle) {
        // The same cells against the same server without the stall: what the node adds by itself on this machine now.
        await backend.call('stallOff');
        const rd: Sample[] = [];
        const rn: Sample[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          rd.push(await cellWith(direct(), c, Math.ceil(per / 2)));
          rn.push(await cellWith(toNode(node), c, Math.ceil(per / 2)));
        }
        await backend.call('stallOn');
        const rdm = merge(rd);
        const rnm = merge(rn);
        row(c, 'reference, no stall: direct (fresh)', rdm);
        const ref = row(c, 'reference, no stall: node', rnm, rdm);
        notes.push(
          `c=${c}: without the stall the node adds ${signed(ref.addedP50!)} ms p50 by itself on this machine now (its own pipeline and the extra hop); with the stall, ${signed(nr.addedP50!)} ms`,
        );
      }
    }
  } finally {
    await node.stop();
    await onDemand?.stop();
    await bare.stop();
  }

  if (OLD_MS > 0) {
    const old = await startBenchNode('keep-alive');
    await sleep(SETTLE_MS);
    try {
      await cellWith(toNode(old), 1, 10, OLD_MS);
      for (const c of CONCURRENCY) {
        if (WORKERS > 0) await backend.call(`workers${workersFor(c)}`);
        row(
          c,
          'node (old: keep-alive to every server)',
          await cellWith(toNode(old), c, tasksFor(c), OLD_MS),
          directByC.get(c),
        );
      }
    } finally {
      await old.stop();
    }
  }

  const tw = timeWaits(backendPort);
  console.log(
    '   c  who                                       tasks   p50 ms   p99 ms   added p50   added p99   tasks/s',
  );
  for (const r of [...rows].sort((a, b) => a.c - b.c)) {
    const extra =
      (r.failures ? `  ${r.failures} failed` : '') +
      (r.unfinished ? `  ${r.unfinished} unfinished at the ${OLD_MS} ms cap` : '') +
      (r.note ? `  (${r.note})` : '');
    console.log(
      `${String(r.c).padStart(4)}  ${r.who.padEnd(40)} ${String(r.tasks).padStart(6)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${(r.addedP50 === undefined ? '' : signed(r.addedP50)).padStart(11)} ${(r.addedP99 === undefined ? '' : signed(r.addedP99)).padStart(11)} ${r.perS.toFixed(1).padStart(9)}${extra}`,
    );
  }
  console.log(
    `\nTIME_WAIT toward the backend port at the end: ${tw.server.size} on the server's side, ${tw.client.size} on the clients' side; new on the clients' side during the main cells: node ${newClientTimeWaits.node.size}, direct ${newClientTimeWaits.direct.size}`,
  );
  for (const n of notes) console.log(n);
  console.log('');
  for (const t of targets) console.log(`${t.pass ? 'PASS' : 'MISS'} ${t.name}: ${t.detail}`);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(
    join(OUT_DIR, 'backend.json'),
    JSON.stringify(
      {
        at: new Date().toISOString(),
        backend: backend.info,
        latencyMs: LATENCY_MS,
        tasks: TASKS,
        rows,
        targets,
        notes,
        timeWait: {
          server: tw.server.size,
          client: tw.client.size,
          newClientNode: newClientTimeWaits.node.size,
          newClientDirect: newClientTimeWaits.direct.size,
        },
      },
      null,
      2,
    ),
  );
} finally {
  await backend.stop();
}
if (broken) {
  console.error(`backend bench broke: ${broken}`);
  process.exit(1);
}
