/**
 * The proxy bench's verdicts and table: what run.ts measured, judged against the targets and printed. Every target
 * is a ratio against the minimal proxy measured in the same run, except the CPU ceiling per task with receipts.
 */
import { cpuCell, latencyCells, ms, printCells, type CellBase, type Check } from '../lib/slice-harness';

export type { Check };

export type TargetName = 'direct' | 'proxy' | 'node' | 'receipts';
export const TARGETS: TargetName[] = ['direct', 'proxy', 'node', 'receipts'];

/** How a target is named in the table. */
export const TARGET_LABEL: Record<TargetName, string> = {
  direct: 'direct',
  proxy: 'proxy',
  node: 'node',
  receipts: 'node+receipts',
};

export interface Cell extends CellBase<TargetName> {
  vsProxy: number;
  /**
   * CPU µs per served request, per process (`directory`: the receipts node's awards). The generator's over the
   * measured window; the others' from each slice's first request until the slice's work was done (the node's last
   * fold, the receipts node's last award accepted), divided by every good answer of the slice, warm-up included.
   */
  cpuUsPerRequest: { generator: number; backend: number | null; hop: number | null; directory: number | null };
  /**
   * The receipts node's awards (null for the others): how many had not reached the directory when each slice's load
   * ended, summed; the time until they all had, summed; and the tasks served per second over the time it took to
   * serve them and have all their awards accepted (warm-ups, windows and drains).
   */
  awards: { backlog: number; drainMs: number; servedAndClaimedRps: number } | null;
}

/** What the node may cost, as the issue sets it (the minimal proxy measured in the same run is the yardstick). */
const LIMITS = {
  /** c=64 CPU per task with receipts: an absolute ceiling and a ratio to the minimal proxy's. */
  receiptCpuUs: 300,
  receiptCpuRatio: 2.5,
  /** c=64 throughput as a share of the minimal proxy's. */
  receiptRps: 0.6,
  plainRps: 0.8,
  /** c=1 added p50 as a multiple of the minimal proxy's. */
  addedP50: 2,
};

export function evaluate(cells: Cell[]): Check[] {
  const get = (c: number, t: TargetName) => cells.find((x) => x.c === c && x.target === t);
  const checks: Check[] = [];
  const p64 = get(64, 'proxy');
  const r64 = get(64, 'receipts');
  const n64 = get(64, 'node');
  if (p64 && r64) {
    const cpu = r64.cpuUsPerRequest.hop ?? Number.NaN;
    const proxyCpu = p64.cpuUsPerRequest.hop ?? Number.NaN;
    const limit = Math.min(LIMITS.receiptCpuUs, LIMITS.receiptCpuRatio * proxyCpu);
    checks.push({
      name: `CPU per task at c=64 with receipts <= ${LIMITS.receiptCpuUs} us and <= ${LIMITS.receiptCpuRatio} x minimal proxy's`,
      pass: cpu <= limit,
      detail: `node+receipts ${Math.round(cpu)} us vs minimal proxy ${Math.round(proxyCpu)} us (${(cpu / proxyCpu).toFixed(2)}x); limit ${Math.round(limit)} us`,
    });
    checks.push({
      name: `throughput at c=64 with receipts >= ${LIMITS.receiptRps} x minimal proxy's`,
      pass: r64.rps >= LIMITS.receiptRps * p64.rps,
      detail: `node+receipts ${Math.round(r64.rps)} req/s vs proxy ${Math.round(p64.rps)} req/s = ${r64.vsProxy.toFixed(2)}x`,
    });
  }
  if (p64 && n64) {
    checks.push({
      name: `throughput at c=64 without receipts >= ${LIMITS.plainRps} x minimal proxy's`,
      pass: n64.rps >= LIMITS.plainRps * p64.rps,
      detail: `node ${Math.round(n64.rps)} req/s vs proxy ${Math.round(p64.rps)} req/s = ${n64.vsProxy.toFixed(2)}x`,
    });
  }
  const p1 = get(1, 'proxy');
  for (const t of ['receipts', 'node'] as const) {
    const n1 = get(1, t);
    if (!n1 || !p1) continue;
    const limit = LIMITS.addedP50 * p1.addedP50;
    checks.push({
      name: `${TARGET_LABEL[t]} added p50 at c=1 <= ${LIMITS.addedP50} x minimal proxy's`,
      pass: n1.addedP50 <= limit,
      detail: `${TARGET_LABEL[t]} +${ms(n1.addedP50)} ms vs limit ${ms(limit)} ms (proxy +${ms(p1.addedP50)} ms; ratio ${(n1.addedP50 / p1.addedP50).toFixed(2)}x)`,
    });
  }
  return checks;
}

export function printTable(cells: Cell[], checks: Check[]): void {
  const head = [
    'c',
    'target',
    'req/s',
    'p50 ms',
    'p99 ms',
    '+p50 ms',
    '+p99 ms',
    'x direct',
    'x proxy',
    'cpu us/req gen|backend|hop|directory',
  ];
  const rows = cells.map((x) => ({
    c: x.c,
    cells: [
      ...latencyCells(x, TARGET_LABEL[x.target], false),
      x.vsDirect.toFixed(2),
      x.target === 'direct' ? '-' : x.vsProxy.toFixed(2),
      [x.cpuUsPerRequest.generator, x.cpuUsPerRequest.backend, x.cpuUsPerRequest.hop, x.cpuUsPerRequest.directory]
        .map(cpuCell)
        .join(' | '),
    ],
  }));
  printCells(head, rows, checks);
  // CPU per request barely moves with other load on the machine, so it is the steadiest comparison.
  for (const c of [...new Set(cells.map((x) => x.c))]) {
    const p = cells.find((x) => x.c === c && x.target === 'proxy')?.cpuUsPerRequest.hop;
    if (!p) continue;
    const parts = (['node', 'receipts'] as const).flatMap((t) => {
      const n = cells.find((x) => x.c === c && x.target === t)?.cpuUsPerRequest.hop;
      return n ? [`${TARGET_LABEL[t]} ${Math.round(n)} µs (${(n / p).toFixed(1)}x)`] : [];
    });
    console.log(
      `info  CPU per request in the hop process at c=${c}: ${parts.join(', ')}, minimal proxy ${Math.round(p)} µs`,
    );
  }
  for (const x of cells) {
    if (!x.awards) continue;
    const a = x.awards;
    console.log(
      `info  awards of node+receipts at c=${x.c}: ${a.backlog} not yet at the directory when the load stopped, all accepted ${Math.round(a.drainMs)} ms later (all slices); served and claimed ${Math.round(a.servedAndClaimedRps)} tasks/s`,
    );
  }
}
