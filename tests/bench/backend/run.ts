/**
 * Backend bench: what does the node add to a task in front of a llama.cpp server that stalls on reused
 * connections?
 *
 * llama-server b4748 leaves Nagle on and writes an answer's header and body apart, so on a reused keep-alive
 * connection each answer waits ~40 ms for the client's delayed ACK. The backend here (backend-process.ts) is the
 * shared fake llama.cpp, which does the same, with a 50 ms generation and llama-server's HTTP workers (6, as
 * `--parallel 4` gives: a connection is served only while it holds one; an idle keep-alive connection holds it 5 s).
 * A task is timed two ways, at concurrency 1 and 4:
 * - direct: the chat request the node would send, straight to the server, as the best direct client does it: a fresh
 *   connection per call (`Connection: close`), so it never pays the stall itself;
 * - node: a task to the node's task port as a consumer sends it (keep-alive connection to the node), with the
 *   node's shipped connection policy toward the backend.
 * The target: added p50 (node − direct) ≤ 1 ms at each concurrency. It also times the floor of any JavaScript node
 * here — the proxy bench's minimal proxy (parse, forward, wrap) in its own process, with fresh connections — and
 * prints what the node adds beyond that floor (its pipeline). For comparison it also times a direct client
 * that reuses connections, and the node with the old policy (keep-alive to every server), in its own
 * node process (`BENCH_BACKEND_OLD_MS` caps that run; 0 skips it). Direct and node cells are cut into interleaved
 * rounds so other work on the machine hits both alike. At the end it counts the TIME_WAIT sockets toward the
 * backend port (/proc/net/tcp): on the server's side (it closes first when asked to) and on the clients' side.
 *
 * Process layout: the backend in one child process, the node in another, the minimal proxy in a third, the clients here.
 *
 * Env: BENCH_BACKEND_TASKS tasks per cell [200], BENCH_BACKEND_LATENCY_MS generation [50], BENCH_BACKEND_WORKERS
 * server HTTP workers (0 = unlimited) [6], BENCH_BACKEND_CONCURRENCY ["1,4"], BENCH_BACKEND_ROUNDS [2],
 * BENCH_BACKEND_OLD_MS cap of each old-policy cell [15000; 0 = skip], BENCH_BACKEND_SETTLE_MS wait after a node
 * starts, so the server has closed the idle connection of its start-up probes [6000], and an experiment:
 * BENCH_BACKEND_NAGLE=0 (the same fake without the stall: what the node adds by itself).
 * Writes test-artifacts/bench/backend.json. Exit 0 whether targets pass or miss; 1 if the bench broke (a non-200).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { knob } from '../lib/knob';
import { startChild, type ChildServer } from '../lib/server-child';
import type { BackendInfo } from './backend-process';
import type { BareProxyInfo } from './bare-proxy-process';
import type { BenchNodeInfo } from './node-process';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT_DIR = join(resolve(HERE, '../../..'), 'test-artifacts/bench');
const TASKS = Math.floor(knob('BENCH_BACKEND_TASKS', 200, 10));
const LATENCY_MS = knob('BENCH_BACKEND_LATENCY_MS', 50);
/**
 * llama-server's HTTP threads are max(--parallel + 2, cores − 1): 3 with the default --parallel 1 on a small machine, 6
 * for a server started to serve 4 tasks at once (--parallel 4), which is what concurrency 4 here stands for. With
 * fewer workers than tasks, the cells measure the server's queue (a 50 ms quantum) rather than the hop.
 */
const WORKERS = Math.floor(knob('BENCH_BACKEND_WORKERS', 6));
const ROUNDS = Math.floor(knob('BENCH_BACKEND_ROUNDS', 2, 1));
const OLD_MS = knob('BENCH_BACKEND_OLD_MS', 15_000);
const SETTLE_MS = knob('BENCH_BACKEND_SETTLE_MS', 6_000);
/** 0: the experiment against the same fake without the stall (Nagle off, one write): what the node adds by itself. */
const NAGLE = knob('BENCH_BACKEND_NAGLE', 1) !== 0;
/** 0: no reference cells (the same server with the stall switched off, half the tasks). */
const REFERENCE = knob('BENCH_BACKEND_REFERENCE', 1) !== 0;
const CONCURRENCY = (process.env.BENCH_BACKEND_CONCURRENCY ?? '1,4')
  .split(',')
  .map((s) => Math.floor(Number(s)))
  .filter((n) => Number.isFinite(n) && n >= 1 && n <= 64);
const TARGET_ADDED_P50_MS = 1;
const INTENT = 'urn:iicp:intent:llm:chat:v1';
const MESSAGES = [{ role: 'user', content: 'hello there friend' }];

interface Sample {
  lat: number[];
  failures: string[];
  /** Tasks still running when the cell's time cap was reached. */
  unfinished: number;
  wallMs: number;
}

type Answer = { status: number; ms: number; error?: string };
type Send = (agent: Agent) => Promise<Answer>;

function post(agent: Agent, url: string, body: string): Promise<Answer> {
  const t0 = performance.now();
  return new Promise((done) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const status = res.statusCode ?? 0;
      let text = '';
      if (status === 200) res.resume();
      else res.on('data', (c: Buffer) => (text += c.toString('utf8').slice(0, 300)));
      res.on('end', () => done({ status, ms: performance.now() - t0, ...(status === 200 ? {} : { error: text.slice(0, 300) }) }));
      res.on('error', (err: NodeJS.ErrnoException) => done({ status: 0, ms: performance.now() - t0, error: err.code ?? err.message }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => done({ status: 0, ms: performance.now() - t0, error: err.code ?? err.message }));
    req.end(body);
  });
}

/**
 * `n` tasks at concurrency `c` (or until `capMs`), each loop sending the next when its answer is in. The agent is
 * destroyed afterwards, so no idle keep-alive connection of it holds one of the server's workers during the next cell.
 */
async function cell(send: Send, agent: Agent, c: number, n: number, capMs = Number.POSITIVE_INFINITY): Promise<Sample> {
  const s: Sample = { lat: [], failures: [], unfinished: 0, wallMs: 0 };
  let started = 0;
  const t0 = performance.now();
  const until = t0 + capMs;
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (started < n && performance.now() < until) {
        started++;
        const r = Number.isFinite(capMs) ? await Promise.race([send(agent), new Promise<null>((res) => setTimeout(() => res(null), Math.max(0, until - performance.now())).unref())]) : await send(agent);
        if (r === null) {
          s.unfinished++;
          return;
        }
        if (r.status === 200) s.lat.push(r.ms);
        else s.failures.push(r.error ? `${r.status} ${r.error}` : String(r.status));
      }
    }),
  );
  s.wallMs = performance.now() - t0;
  agent.destroy();
  return s;
}

const merge = (xs: Sample[]): Sample => ({
  lat: xs.flatMap((x) => x.lat),
  failures: xs.flatMap((x) => x.failures),
  unfinished: xs.reduce((a, x) => a + x.unfinished, 0),
  wallMs: xs.reduce((a, x) => a + x.wallMs, 0),
});

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const r2 = (x: number) => Math.round(x * 100) / 100;
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;

/** TIME_WAIT sockets toward `port` (4-tuples), by side: the server's (local port = port) or a client's. */
function timeWaits(port: number): { server: Set<string>; client: Set<string> } {
  const out = { server: new Set<string>(), client: new Set<string>() };
  if (!existsSync('/proc/net/tcp')) return out;
  for (const line of readFileSync('/proc/net/tcp', 'latin1').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[3] !== '06') continue;
    const local = parseInt(f[1]!.split(':')[1]!, 16);
    const remote = parseInt(f[2]!.split(':')[1]!, 16);
    if (local === port) out.server.add(`${f[1]}-${f[2]}`);
    else if (remote === port) out.client.add(`${f[1]}-${f[2]}`);
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const backend = await startChild<BackendInfo>('backend', join(HERE, 'backend-process.ts'), [String(LATENCY_MS), String(WORKERS), NAGLE ? '1' : '0']);
const backendPort = Number(new URL(backend.info.url).port);
const chatUrl = `${backend.info.url}/v1/chat/completions`;
const chatBody = JSON.stringify({ model: backend.info.model, messages: MESSAGES, max_tokens: 8 });
const direct: Send = (agent) => post(agent, chatUrl, chatBody);
let seq = 0;
const viaNode =
  (node: ChildServer<BenchNodeInfo>): Send =>
  (agent) =>
    post(agent, `${node.info.url}/v1/task`, JSON.stringify({ task_id: `bench-${randomUUID()}-${++seq}`, intent: INTENT, payload: { messages: MESSAGES, max_tokens: 8 }, constraints: { qos: 'interactive' } }));

async function startBenchNode(policy: 'shipped' | 'keep-alive'): Promise<ChildServer<BenchNodeInfo>> {
  const node = await startChild<BenchNodeInfo>(`node (${policy})`, join(HERE, 'node-process.ts'), [backend.info.url, policy], { timeoutMs: 30_000 });
  await sleep(SETTLE_MS);
  return node;
}

interface Row {
  c: number;
  who: string;
  tasks: number;
  failures: number;
  unfinished: number;
  p50: number;
  p99: number;
  addedP50?: number;
  addedP99?: number;
}
const rows: Row[] = [];
const row = (c: number, who: string, s: Sample, base?: Sample): Row => {
  const r: Row = { c, who, tasks: s.lat.length, failures: s.failures.length, unfinished: s.unfinished, p50: r2(pct(s.lat, 50)), p99: r2(pct(s.lat, 99)) };
  if (base) {
    r.addedP50 = r2(pct(s.lat, 50) - pct(base.lat, 50));
    r.addedP99 = r2(pct(s.lat, 99) - pct(base.lat, 99));
  }
  rows.push(r);
  return r;
};

let broken: string | null = null;
const targets: { name: string; pass: boolean; detail: string }[] = [];
const directByC = new Map<number, Sample>();
const notes: string[] = [];
const newClientTimeWaits = { direct: new Set<string>(), node: new Set<string>() };
const fresh = () => new Agent({ keepAlive: false }); // Connection: close on every call
const reuse = (c: number) => new Agent({ keepAlive: true, maxSockets: c });
try {
  console.log(
    `backend bench: the fake llama.cpp (${backend.info.nagle ? 'Nagle on, header and body written apart' : 'EXPERIMENT BENCH_BACKEND_NAGLE=0: Nagle off, no stall'}, ${backend.info.httpWorkers ?? 'unlimited'} HTTP workers, an idle keep-alive connection held 5 s), generation ${LATENCY_MS} ms, ${TASKS} tasks per cell; load average ${loadavg()[0]!.toFixed(2)}`,
  );
  console.log('direct = the best a direct client can do against this server: a fresh connection per call (Connection: close), so it never pays the delayed-ACK stall.');
  console.log('node = a task to the task port as a consumer sends it (keep-alive to the node), the node calling the backend with its shipped policy.\n');

  const node = await startBenchNode('shipped');
  const bare = await startChild<BareProxyInfo>('bare proxy', join(HERE, 'bare-proxy-process.ts'), [backend.info.url]);
  const viaBare: Send = (agent) =>
    post(agent, bare.info.url, JSON.stringify({ task_id: `bench-${randomUUID()}-${++seq}`, intent: INTENT, payload: { model: backend.info.model, messages: MESSAGES, max_tokens: 8 } }));
  const consumer = () => reuse(64); // a consumer's keep-alive connection to the node, one agent per cell
  try {
    await cell(viaNode(node), consumer(), 1, 10); // warm-up (the node also learns the server here)
    await cell(viaBare, consumer(), 1, 10);
    await cell(direct, fresh(), 1, 10);
    for (const c of CONCURRENCY) {
      const d: Sample[] = [];
      const n: Sample[] = [];
      const b: Sample[] = [];
      const per = Math.ceil(TASKS / ROUNDS);
      for (let r = 0; r < ROUNDS; r++) {
        let tw = timeWaits(backendPort).client;
        d.push(await cell(direct, fresh(), c, per));
        for (const k of timeWaits(backendPort).client) if (!tw.has(k)) newClientTimeWaits.direct.add(k);
        tw = timeWaits(backendPort).client;
        n.push(await cell(viaNode(node), consumer(), c, per));
        for (const k of timeWaits(backendPort).client) if (!tw.has(k)) newClientTimeWaits.node.add(k);
        b.push(await cell(viaBare, consumer(), c, Math.ceil(per / 2)));
      }
      const dm = merge(d);
      const nm = merge(n);
      const bm = merge(b);
      directByC.set(c, dm);
      const dk = await cell(direct, reuse(c), c, per);
      row(c, 'direct (fresh connections)', dm);
      row(c, 'direct (keep-alive reuse)', dk, dm);
      const nr = row(c, 'node (shipped policy)', nm, dm);
      const br = row(c, 'floor: minimal JS proxy (fresh conns)', bm, dm);
      for (const s of [dm, nm, dk, bm]) if (s.failures.length) broken = `non-200 answers: ${s.failures.slice(0, 5).join(', ')}`;
      targets.push({ name: `c=${c} node added p50 <= ${TARGET_ADDED_P50_MS} ms`, pass: nr.addedP50! <= TARGET_ADDED_P50_MS, detail: `${signed(nr.addedP50!)} ms (p99 ${signed(nr.addedP99!)} ms; node p50 ${nr.p50} ms vs direct ${pct(dm.lat, 50).toFixed(2)} ms)` });
      notes.push(`c=${c}: the minimal JavaScript proxy (parse, forward, wrap: no checks, no ledger) adds ${signed(br.addedP50!)} ms p50 on this machine now; the node's pipeline adds ${signed(r2(nr.addedP50! - br.addedP50!))} ms beyond it`);
      if (REFERENCE && backend.info.nagle) {
        // The same cells against the same server without the stall: what the node adds by itself on this machine now.
        await backend.call('stallOff');
        const rd: Sample[] = [];
        const rn: Sample[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          rd.push(await cell(direct, fresh(), c, Math.ceil(per / 2)));
          rn.push(await cell(viaNode(node), consumer(), c, Math.ceil(per / 2)));
        }
        await backend.call('stallOn');
        const rdm = merge(rd);
        const rnm = merge(rn);
        row(c, 'reference, no stall: direct (fresh)', rdm);
        const ref = row(c, 'reference, no stall: node', rnm, rdm);
        for (const s of [rdm, rnm]) if (s.failures.length) broken = `non-200 answers: ${s.failures.slice(0, 5).join(', ')}`;
        notes.push(`c=${c}: without the stall the node adds ${signed(ref.addedP50!)} ms p50 by itself on this machine now (its own pipeline and the extra hop); with the stall, ${signed(nr.addedP50!)} ms`);
      }
    }
  } finally {
    await node.stop();
    await bare.stop();
  }

  if (OLD_MS > 0) {
    const old = await startBenchNode('keep-alive');
    try {
      await cell(viaNode(old), reuse(64), 1, 10, OLD_MS);
      for (const c of CONCURRENCY) {
        const s = await cell(viaNode(old), reuse(64), c, TASKS, OLD_MS);
        row(c, 'node (old: keep-alive to every server)', s, directByC.get(c));
        if (s.failures.length) broken = `non-200 answers (old policy): ${s.failures.slice(0, 5).join(', ')}`;
      }
    } finally {
      await old.stop();
    }
  }

  const tw = timeWaits(backendPort);
  console.log('   c  who                                       tasks   p50 ms   p99 ms   added p50   added p99');
  for (const r of [...rows].sort((a, b) => a.c - b.c)) {
    const extra = (r.failures ? `  ${r.failures} failed` : '') + (r.unfinished ? `  ${r.unfinished} unfinished at the ${OLD_MS} ms cap` : '');
    console.log(
      `${String(r.c).padStart(4)}  ${r.who.padEnd(40)} ${String(r.tasks).padStart(6)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${(r.addedP50 === undefined ? '' : signed(r.addedP50)).padStart(11)} ${(r.addedP99 === undefined ? '' : signed(r.addedP99)).padStart(11)}${extra}`,
    );
  }
  console.log(
    `\nTIME_WAIT toward the backend port at the end: ${tw.server.size} on the server's side, ${tw.client.size} on the clients' side; new on the clients' side during the fresh-connection cells: node ${newClientTimeWaits.node.size}, direct ${newClientTimeWaits.direct.size}`,
  );
  for (const n of notes) console.log(n);
  console.log('');
  for (const t of targets) console.log(`${t.pass ? 'PASS' : 'FAIL'} ${t.name}: ${t.detail}`);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(
    join(OUT_DIR, 'backend.json'),
    JSON.stringify({ at: new Date().toISOString(), backend: backend.info, latencyMs: LATENCY_MS, tasks: TASKS, rows, targets, notes, timeWait: { server: tw.server.size, client: tw.client.size, newClientNode: newClientTimeWaits.node.size, newClientDirect: newClientTimeWaits.direct.size } }, null, 2),
  );
} finally {
  await backend.stop();
}
if (broken) {
  console.error(`backend bench broke: ${broken}`);
  process.exit(1);
}
