/**
 * Ledger bench, part (e): where the WAL is checkpointed, and what the event loop pays for it. The same stream of task
 * rows (each with a receipt) goes through `insertGroup`, one group per turn of the event loop, into a fresh database
 * per run, three ways:
 *
 * - before: the database as the engine opened it before the checkpoint thread — locked exclusively, SQLite's automatic
 *   checkpoint inside the COMMIT that crosses 1000 WAL pages, on the event loop;
 * - thread: as the engine opens it now (`Store.open`): shared locking, the main connection never checkpoints on its
 *   own, a worker thread does (store/checkpointer.ts);
 * - none: locked exclusively and never checkpointed (the WAL grows without end): the floor, for reference.
 *
 * Patterns: `rows`, a commit per turn as fast as the loop goes (a node serving unregistered), and `receipts`, a commit
 * per turn and a WAL flush started after it, not awaited (a node with receipts: its answers wait for the flush while
 * the next turn commits). Both write the WAL far faster than a node does (tens of MiB per second: the database is all
 * the loop does), so the checkpoint thread cannot always keep up and the main connection's fallbacks show. `paced` is
 * `receipts` at a node's rate (BENCH_LEDGER_CKPT_RATE tasks per second, groups of 20). Measured per run: the event
 * loop's active time per task (everything synchronous: the commits,
 * checkpoints run on it, the bench's own work alike in every run), the main thread's CPU per task, the longest stall
 * of the loop, tasks per second, and the WAL's largest size seen.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Store } from '@engine/store';
import { type CheckpointStats } from '@engine/store/checkpointer';
import { LedgerRepository, type LedgerEntry, type NewLedgerRow } from '@engine/store/ledger-repo';
import { migrate } from '@engine/store/migrations';
import { WalSync } from '@engine/store/wal-sync';

export type CheckpointWay = 'before' | 'thread' | 'none';
export type CheckpointPattern = 'rows' | 'receipts' | 'paced';

export interface CheckpointRun {
  way: CheckpointWay;
  pattern: CheckpointPattern;
  groupSize: number;
  tasks: number;
  /** Event-loop active time per task (µs): what every other request waits behind. */
  loopUs: number;
  /** The main thread's CPU per task (µs). */
  cpuUs: number;
  /** The longest the event loop was held at once (ms). */
  maxStallMs: number;
  tasksPerSec: number;
  /** The largest WAL seen (frames), sampled every few turns. */
  maxWalFrames: number;
  /** The thread's own counts (thread runs only). */
  stats: CheckpointStats | null;
}

interface Target {
  ledger: LedgerRepository;
  flush: () => Promise<void>;
  walFrames: () => number;
  stats: () => CheckpointStats | null;
  close: () => void;
}

const INTENT = 'urn:iicp:intent:llm:chat:v1';
const MODEL = 'llama3.1:8b-instruct-q4_K_M';
const HEX64 = 'ab'.repeat(32);

function open(way: CheckpointWay, path: string): Target {
  if (way === 'thread') {
    const store = Store.open(path);
    const noop = store.db.prepare('PRAGMA wal_checkpoint(NOOP)');
    return {
      ledger: store.ledger,
      flush: () => store.flush(),
      walFrames: () => (noop.get() as { log: number }).log,
      stats: () => store.checkpointer?.stats() ?? null,
      close: () => store.close(),
    };
  }
  // As store/database.ts opened it before the checkpoint thread.
  const db = new Database(path, { timeout: 5000 });
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  if (way === 'none') db.pragma('wal_autocheckpoint = 0');
  const wal = new WalSync(`${path}-wal`);
  const noop = db.prepare('PRAGMA wal_checkpoint(NOOP)');
  return {
    ledger: new LedgerRepository(db),
    flush: () => wal.flush(),
    walFrames: () => (noop.get() as { log: number }).log,
    stats: () => null,
    close: () => {
      wal.close();
      db.close();
    },
  };
}

function entries(n: number, start: number): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  for (let i = start; i < start + n; i++) {
    const row: NewLedgerRow = {
      taskId: `k-${i}-${HEX64.slice(0, 20)}`,
      ts: Date.now(),
      intent: INTENT,
      model: MODEL,
      outcome: 'ok',
      tokens: 100 + (i % 900),
      latencyMs: 200 + (i % 1000),
      nonce: `${i}`.padStart(32, '0'),
    };
    const amount = Math.round(row.tokens! * 1.5) / 1e6;
    const body = {
      node_id: '7d1e5b5c-8f4a-4e0b-9a51-1f0c3f7f2a10',
      task_id: row.taskId,
      tokens_used: row.tokens,
      amount,
      nonce: HEX64.slice(0, 32),
      expires_at: '2026-11-21T11:00:00Z',
      response_hash: HEX64,
      signature: HEX64,
      reason: 'task_completion',
    };
    out.push({ row, receipt: { body, amount, expiresAt: row.ts + 3_600_000 } });
  }
  return out;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const sleepUntil = (at: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));

/** One run: where checkpoints are made, how rows arrive, how many tasks in groups of how many, and (paced) how fast. */
interface RunPlan {
  way: CheckpointWay;
  pattern: CheckpointPattern;
  groupSize: number;
  tasks: number;
  /** Tasks a second, for the paced pattern. */
  rate: number;
}

async function runOnce(dir: string, plan: RunPlan, seq: number): Promise<CheckpointRun> {
  const { way, pattern, groupSize, tasks, rate } = plan;
  const path = join(dir, `ckpt-${seq}.db`);
  const t = open(way, path);
  const flushes: Promise<void>[] = [];
  let maxWal = 0;
  try {
    // Warm-up: statements prepared, the file's first pages written.
    for (let i = 0; i < 20; i++) t.ledger.insertGroup(entries(groupSize, -1_000_000 - i * groupSize));
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.threadCpuUsage();
    const t0 = performance.now();
    let turn = 0;
    for (let done = 0; done < tasks; done += groupSize, turn++) {
      t.ledger.insertGroup(entries(Math.min(groupSize, tasks - done), done));
      if (pattern !== 'rows') flushes.push(t.flush());
      if (turn % 16 === 0) maxWal = Math.max(maxWal, t.walFrames());
      if (pattern === 'paced') await sleepUntil(t0 + ((done + groupSize) / rate) * 1000);
      else await nextTurn();
    }
    const ms = performance.now() - t0;
    const cpu = process.threadCpuUsage(cpu0);
    const elu = performance.eventLoopUtilization(elu0);
    delay.disable();
    await Promise.all(flushes);
    return {
      way,
      pattern,
      groupSize,
      tasks,
      loopUs: (elu.active * 1000) / tasks,
      cpuUs: (cpu.user + cpu.system) / tasks,
      maxStallMs: delay.max / 1e6,
      tasksPerSec: (tasks / ms) * 1000,
      maxWalFrames: maxWal,
      stats: t.stats(),
    };
  } finally {
    await Promise.allSettled(flushes);
    t.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  }
}

/** The thread's counts over several runs: summed, the longest kept. */
function merged(stats: (CheckpointStats | null)[]): CheckpointStats | null {
  const ss = stats.filter((s): s is CheckpointStats => s !== null);
  if (ss.length === 0) return null;
  const sum = (f: (s: CheckpointStats) => number) => ss.reduce((a, s) => a + f(s), 0);
  return {
    ...ss.at(-1)!,
    threadCheckpoints: sum((s) => s.threadCheckpoints),
    threadBusy: sum((s) => s.threadBusy),
    mainCheckpoints: sum((s) => s.mainCheckpoints),
    mainAtHardBound: sum((s) => s.mainAtHardBound),
    mainMs: sum((s) => s.mainMs),
    mainMaxMs: Math.max(...ss.map((s) => s.mainMaxMs)),
    deaths: sum((s) => s.deaths),
  };
}

/**
 * Every way with each pattern and group size (`paced`: groups of 20 at `rate` tasks/s), `rounds` times in rotating
 * order; the runs of one kind are averaged.
 */
export async function benchCheckpoints(
  dir: string,
  tasks: number,
  sizes: readonly number[],
  rounds: number,
  rate: number,
): Promise<CheckpointRun[]> {
  const ways: CheckpointWay[] = ['before', 'thread', 'none'];
  const kinds: [CheckpointPattern, number][] = [
    ...sizes.map((n): [CheckpointPattern, number] => ['receipts', n]),
    ...sizes.map((n): [CheckpointPattern, number] => ['rows', n]),
    ['paced', 20],
  ];
  const all: CheckpointRun[] = [];
  let seq = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [pattern, size] of kinds) {
      for (let j = 0; j < ways.length; j++)
        all.push(
          await runOnce(dir, { way: ways[(j + round) % ways.length]!, pattern, groupSize: size, tasks, rate }, seq++),
        );
    }
  }
  const out: CheckpointRun[] = [];
  for (const [pattern, size] of kinds) {
    for (const way of ways) {
      const rs = all.filter((r) => r.way === way && r.pattern === pattern && r.groupSize === size);
      const mean = (f: (r: CheckpointRun) => number) => rs.reduce((a, r) => a + f(r), 0) / rs.length;
      out.push({
        way,
        pattern,
        groupSize: size,
        tasks: rs.reduce((a, r) => a + r.tasks, 0),
        loopUs: mean((r) => r.loopUs),
        cpuUs: mean((r) => r.cpuUs),
        maxStallMs: Math.max(...rs.map((r) => r.maxStallMs)),
        tasksPerSec: mean((r) => r.tasksPerSec),
        maxWalFrames: Math.max(...rs.map((r) => r.maxWalFrames)),
        stats: merged(rs.map((r) => r.stats)),
      });
    }
  }
  return out;
}
