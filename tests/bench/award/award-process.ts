/**
 * One child of the award bench (run.ts): a node's receipt outbox and log files in a fresh data folder, posted to the
 * test directory by the engine's own ReceiptPoster and NodeLog, nothing else on this process's event loop. It stores
 * the receipts first (not measured), posts a warm-up batch, then times posting the rest until the outbox is empty and
 * the log files are closed, and prints one JSON line. Only APIs that the shipped poster has had for long are used, so
 * the same file runs against an older tree (BENCH_AWARD_BASE) as well.
 *
 * `floor`: the same stored bodies posted with the bare HTTP client, 8 at a time (the poster's bound), nothing recorded
 * or logged: what the award requests themselves cost (one HTTP request per receipt is the protocol's), the floor of any
 * poster on this machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ReceiptPoster } from '@engine/earnings/receipt-poster';
import { httpCall } from '@engine/net/http-client';
import { NodeLog } from '@engine/logging/node-log';
import { buildReceipt } from '@engine/pricing/receipt';
import { Store } from '@engine/store';

interface Config {
  /** Where to write a V8 profile of the measured phase alone (BENCH_CPU_PROF=1), or null. */
  profileFile: string | null;
  directoryUrl: string;
  nodeId: string;
  token: string;
  hmacKey: string;
  receipts: number;
  warmup: number;
  floor: boolean;
}

const cfg = JSON.parse(process.argv[2]!) as Config;
const dir = mkdtempSync(join(tmpdir(), 'iicp-award-bench-'));
const store = Store.open(join(dir, 'provider.db'));
// Logs as the node writes them: every line through NodeLog, the secrets it masks included.
const nodeLog = new NodeLog(join(dir, 'logs'), cfg.nodeId, () => [cfg.token, cfg.hmacKey]);
const poster = new ReceiptPoster({
  ledger: store.ledger,
  nodeId: cfg.nodeId,
  baseUrl: () => cfg.directoryUrl,
  token: () => cfg.token,
  hmacKey: () => cfg.hmacKey,
  log: (_level, event, details) => nodeLog.write(event, details),
  onChange: () => undefined,
});

let seq = 0;
let bareAwarded = 0;
const barePosted = new Set<string>();
function storeReceipts(n: number): void {
  const now = Date.now();
  for (let i = 0; i < n; i++) {
    const taskId = `bench-${process.pid}-${++seq}`;
    const row = {
      taskId,
      ts: now,
      intent: 'urn:iicp:intent:llm:chat:v1',
      model: 'llama3.1:8b',
      outcome: 'ok' as const,
      tokens: 1000,
      latencyMs: 5,
    };
    const body = buildReceipt({
      nodeId: cfg.nodeId,
      taskId,
      tokensUsed: 1000,
      amount: 0.001,
      result: { n: seq },
      hmacKey: cfg.hmacKey,
      now,
      ttlMs: 3600_000,
    });
    store.ledger.insertWithReceipt(row, { body, amount: 0.001, expiresAt: now + 3600_000 });
  }
}

/** The floor: each stored body posted as it is, 8 at a time, the answer read and dropped. */
async function postBare(): Promise<number> {
  const due = store.ledger.dueReceipts(Number.MAX_SAFE_INTEGER, 1_000_000).filter((e) => !barePosted.has(e.taskId));
  for (const e of due) barePosted.add(e.taskId);
  const url = `${cfg.directoryUrl}/v1/credits/award?node_id=${encodeURIComponent(cfg.nodeId)}`;
  const headers = {
    Accept: 'application/json',
    'Content-Type': 'application/json',
    Authorization: `Bearer ${cfg.token}`,
    'X-Node-Id': cfg.nodeId,
  };
  let next = 0;
  let ok = 0;
  const worker = async () => {
    while (next < due.length) {
      const r = await httpCall(url, headers, due[next++]!.body, {
        timeoutMs: 7000,
        maxBytes: 1 << 20,
        maxErrorBytes: 1 << 20,
      });
      if (r.status === 200) ok++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return ok;
}

async function postAll(): Promise<void> {
  if (cfg.floor) {
    bareAwarded += await postBare();
    return;
  }
  poster.kick();
  await (poster as unknown as { running: Promise<void> | null }).running;
}

storeReceipts(cfg.warmup);
await postAll();
storeReceipts(cfg.receipts);
const awardedBefore = store.ledger.list({ receipt: 'awarded' }, 1_000_000).length;

const session = cfg.profileFile ? new Session() : null;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const cpu0 = process.cpuUsage();
const elu0 = performance.eventLoopUtilization();
const t0 = performance.now();
await postAll();
// The last lines reach the files: the cost of writing them is counted wherever it is paid.
const closing = (nodeLog as unknown as { close?: () => Promise<void> }).close;
if (closing) await closing.call(nodeLog);
else nodeLog.flush();
const wallMs = performance.now() - t0;
const elu = performance.eventLoopUtilization(elu0);
const cpu = process.cpuUsage(cpu0);
if (session) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(cfg.profileFile!, JSON.stringify(profile));
  session.disconnect();
}

const awarded = cfg.floor
  ? bareAwarded - cfg.warmup
  : store.ledger.list({ receipt: 'awarded' }, 1_000_000).length - awardedBefore;
const left = cfg.floor ? 0 : store.ledger.outboxSize();
await poster.stop();
store.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ awarded, left, wallMs, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000, loopActiveMs: elu.active })}\n`,
);
