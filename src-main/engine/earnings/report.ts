import { localDay, startOfLocalDay } from '@shared/calendar/days';
import type { EarningsReport, MachineBooks } from '@shared/contract';
import { MICRO } from '../pricing';
import {
  BUCKET_MS,
  type LedgerRepository,
  type RollupRow,
  type RollupTotals,
  type SpendRepository,
  type UnitSums,
} from '../store';
import { reconcile } from './reconciliation';
import type { SpendNames } from './ledger-views';

const HOUR_MS = 3600_000;

const empty = (): RollupTotals => ({
  jobs: 0,
  errors: 0,
  tokens: 0,
  awarded: 0,
  pending: 0,
  rejected: 0,
  expired: 0,
  energyJ: 0,
  energyJobs: 0,
  energyTokens: 0,
});

/** Field by field rather than over a list of keys: a report folds tens of thousands of rollups into a few totals. */
function add(t: RollupTotals, r: RollupRow): void {
  t.jobs += r.jobs;
  t.errors += r.errors;
  t.tokens += r.tokens;
  t.awarded += r.awarded;
  t.pending += r.pending;
  t.rejected += r.rejected;
  t.expired += r.expired;
  t.energyJ += r.energyJ;
  t.energyJobs += r.energyJobs;
  t.energyTokens += r.energyTokens;
}

/** Credits are summed as floats; six decimals is what receipts carry, so show no more float noise than that. */
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
/** Joules to the millijoule: sums of floats, shown as kWh. */
const round3 = (n: number) => Math.round(n * 1e3) / 1e3;

/** The spent side of the books: the gateway's requests, and this computer's node id (its line among the machines). */
export interface SpentBooks {
  spend: SpendRepository;
  nodeId: string;
  /** Each machine's one display name; absent: none is named. */
  names?: Pick<SpendNames, 'machine' | 'operator'>;
}

/** What a report is read from besides the ledger. */
export interface ReportSources {
  /** The spent side: without it, nothing is spent and no machine is listed. */
  spent?: SpentBooks;
  /**
   * Whether the directory's transaction lists, as read, showed every transaction of `[from, to)`: a day's task credits
   * from them are given only for such a day (without it, for none).
   */
  listedWhole?: (from: number, to: number) => boolean;
}

/**
 * Totals, per local day and per model for the last `days` local days (today included), from the quarter-hour
 * rollups: a few thousand rows whatever the size of the ledger. With `spent`, what this computer's apps spent through
 * the local gateway beside it, per day and per machine.
 */
export function earningsReport(
  ledger: LedgerRepository,
  now: number,
  days: number,
  timeZone: string,
  sources: ReportSources = {},
): Omit<EarningsReport, 'transactions'> {
  const { spent, listedWhole = () => false } = sources;
  // Local midnights, oldest first: days are 23, 24 or 25 hours long, so walk them rather than step in hours.
  const starts = [startOfLocalDay(now, timeZone)];
  for (let i = 1; i < days; i++) starts.push(startOfLocalDay(starts[i - 1]! - 1, timeZone));
  starts.reverse();
  const from = starts[0]!;
  // Today is at most 25 hours long: 26 hours after its start is early tomorrow.
  const tomorrow = startOfLocalDay(starts[starts.length - 1]! + 26 * HOUR_MS, timeZone);
  const rows = ledger.rollups(from, now + BUCKET_MS);
  // Which of the days an instant falls in (-1: outside); buckets lie within a local day (offsets are whole quarter
  // hours).
  const dayOf = (t: number): number => {
    if (t < from || t >= tomorrow) return -1;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // Every day in range appears, worked or not, oldest first.
  const dayTotals = starts.map(() => empty());
  const perModel = new Map<string, RollupTotals>();
  const totals = empty();
  for (const r of rows) {
    // Buckets lie within a local day (offsets are whole quarter hours): find it among the day starts.
    const i = dayOf(r.bucket * BUCKET_MS);
    if (i < 0) continue;
    const day = dayTotals[i]!;
    add(day, r);
    add(totals, r);
    if (r.model) {
      let m = perModel.get(r.model);
      if (!m) perModel.set(r.model, (m = empty()));
      add(m, r);
    }
  }
  // Spend in exact micro-credits per day, placed by the same day starts.
  const spentU = starts.map(() => 0);
  let spentTasks = 0;
  let freeTasks = 0;
  for (const b of spent?.spend.buckets(from, tomorrow) ?? []) {
    const i = dayOf(b.bucket * BUCKET_MS);
    if (i < 0) continue;
    spentU[i]! += b.spentU;
    spentTasks += b.tasks;
    freeTasks += b.freeTasks;
  }
  const totalSpentU = spentU.reduce((a, b) => a + b, 0);
  const units = new Map(ledger.unitSums(from, now + BUCKET_MS).map((u) => [u.model, u]));
  const noUnits: UnitSums = { audioMs: 0, characters: 0, items: 0 };
  const awarded = round6(totals.awarded);
  return {
    timeZone,
    days,
    totals: {
      jobs: totals.jobs,
      errors: totals.errors,
      tokens: totals.tokens,
      awarded,
      pending: round6(Math.max(0, totals.pending)),
      rejected: totals.rejected,
      expired: totals.expired,
      energyJ: round3(totals.energyJ),
      energyTasks: totals.energyJobs,
      spent: totalSpentU / MICRO,
      spentTasks,
      freeTasks,
    },
    perDay: dayTotals.map((t, i) => ({
      day: localDay(starts[i]!, timeZone),
      jobs: t.jobs,
      tokens: t.tokens,
      awarded: round6(t.awarded),
      pending: round6(Math.max(0, t.pending)),
      energyJ: round3(t.energyJ),
      energyTasks: t.energyJobs,
      spent: spentU[i]! / MICRO,
      net: round6(t.awarded - spentU[i]! / MICRO),
    })),
    perMachine: spent ? machines(spent, awarded, from, tomorrow) : [],
    perModel: [...perModel]
      .map(([model, t]) => {
        const u = units.get(model) ?? noUnits;
        return {
          model,
          jobs: t.jobs,
          tokens: t.tokens,
          awarded: round6(t.awarded),
          energyJ: round3(t.energyJ),
          energyTokens: t.energyTokens,
          audioMs: u.audioMs,
          characters: u.characters,
          items: u.items,
        };
      })
      .sort((a, b) => b.jobs - a.jobs),
    reconciliation: reconcile(ledger, rows, dayOf, {
      days: starts.map((t) => localDay(t, timeZone)),
      from,
      listedWhole: (i) => listedWhole(starts[i]!, starts[i + 1] ?? tomorrow),
    }),
    rejectedReasons: ledger.rejectedReasons(from).map((r) => {
      const m = /^(\S+): ?(.*)$/s.exec(r.note);
      return { code: m ? m[1]! : 'unknown', message: m ? m[2]! : r.note, count: r.count };
    }),
  };
}

/**
 * This computer's node first, with what it earned (and what its own apps sent to it, which is free), then the
 * person's other machines, then other operators' nodes, each group most spent first: a node of another person's is
 * never listed among the person's own.
 */
function machines(spent: SpentBooks, earned: number, from: number, to: number): MachineBooks[] {
  const nodes = spent.spend.byNode(from, to);
  const self = nodes.find((n) => n.nodeId === spent.nodeId);
  const name = (nodeId: string) => spent.names?.machine(nodeId) ?? null;
  const line = (n: { nodeId: string; own: boolean; spentU: number; tasks: number }): MachineBooks => ({
    nodeId: n.nodeId,
    self: false,
    own: n.own,
    earned: null,
    spent: n.spentU / MICRO,
    tasks: n.tasks,
    name: name(n.nodeId),
    operator: n.own ? null : (spent.names?.operator?.(n.nodeId) ?? null),
  });
  return [
    {
      nodeId: spent.nodeId,
      self: true,
      own: true,
      earned,
      spent: (self?.spentU ?? 0) / MICRO,
      tasks: self?.tasks ?? 0,
      name: name(spent.nodeId),
      operator: null,
    },
    ...nodes.filter((n) => n !== self && n.own).map(line),
    ...nodes.filter((n) => n !== self && !n.own).map(line),
  ];
}
