/**
 * The gateway bench's verdicts and table. Both targets are against the direct IICP-CX call measured in the same run:
 * the latency the gateway adds at c=1, and its throughput at c=16.
 */
import { cpuCell, latencyCells, ms, printCells, type CellBase, type Check } from '../lib/slice-harness';

export type { Check };

export type TargetName = 'direct' | 'floor' | 'gateway';
export const TARGETS: TargetName[] = ['direct', 'floor', 'gateway'];

export const TARGET_LABEL: Record<TargetName, string> = {
  direct: 'direct CX',
  floor: 'minimal gateway',
  gateway: 'gateway',
};

/** CPU µs per answered request of each process; null where a process had no part in it. */
export interface CpuPerRequest {
  /**
   * This process: the load generator (and, for `direct`, the client's sealing and opening), over the measured window.
   */
  generator: number;
  backend: number | null;
  provider: number | null;
  /** The hop's process: the gateway node, or the minimal gateway. */
  gateway: number | null;
  directory: number | null;
}

export interface Cell extends CellBase<TargetName> {
  /** Throughput as a share of the minimal gateway's. */
  vsFloor: number;
  /**
   * The servers' from each slice's first request until its work was done (the provider's awards at the directory, the
   * gateway's books), divided by every good answer of the slice, warm-up included.
   */
  cpuUsPerRequest: CpuPerRequest;
}

/** What the gateway may cost, as the issue sets it. */
export const LIMITS = {
  /** c=1: p50 over the direct IICP-CX call, in ms. */
  addedP50Ms: 1.5,
  /** c=16: throughput as a share of the direct IICP-CX call's. */
  rpsRatio: 0.8,
};

export function evaluate(cells: Cell[]): Check[] {
  const get = (c: number, t: TargetName) => cells.find((x) => x.c === c && x.target === t);
  const checks: Check[] = [];
  const g1 = get(1, 'gateway');
  const d1 = get(1, 'direct');
  if (g1 && d1) {
    checks.push({
      name: `gateway added p50 at c=1 <= ${LIMITS.addedP50Ms} ms over the direct IICP-CX call`,
      pass: g1.addedP50 <= LIMITS.addedP50Ms,
      detail: `gateway ${ms(g1.p50)} ms vs direct ${ms(d1.p50)} ms = +${ms(g1.addedP50)} ms`,
    });
  }
  const g16 = get(16, 'gateway');
  const d16 = get(16, 'direct');
  if (g16 && d16) {
    checks.push({
      name: `gateway throughput at c=16 >= ${LIMITS.rpsRatio} x the direct IICP-CX call's`,
      pass: g16.vsDirect >= LIMITS.rpsRatio,
      detail: `gateway ${Math.round(g16.rps)} req/s vs direct ${Math.round(d16.rps)} req/s = ${g16.vsDirect.toFixed(2)}x`,
    });
  }
  return checks;
}

const CPU_PARTS: (keyof CpuPerRequest)[] = ['generator', 'backend', 'provider', 'gateway', 'directory'];
const CPU_HEAD: Record<keyof CpuPerRequest, string> = {
  generator: 'client',
  backend: 'backend',
  provider: 'provider',
  gateway: 'hop',
  directory: 'directory',
};

export function totalCpu(x: Cell): number {
  return CPU_PARTS.reduce((n, k) => n + (x.cpuUsPerRequest[k] ?? 0), 0);
}

export function printTable(cells: Cell[], checks: Check[]): void {
  const head = [
    'c',
    'target',
    'req/s',
    'p50 ms',
    'p90 ms',
    'p99 ms',
    '+p50 ms',
    '+p99 ms',
    'x direct',
    'x floor',
    `cpu us/req ${CPU_PARTS.map((k) => CPU_HEAD[k]).join('|')}`,
    'total',
  ];
  const num = cpuCell;
  const rows = cells.map((x) => ({
    c: x.c,
    cells: [
      ...latencyCells(x, TARGET_LABEL[x.target], true),
      x.vsDirect.toFixed(2),
      x.target === 'gateway' && Number.isFinite(x.vsFloor) ? x.vsFloor.toFixed(2) : '-',
      CPU_PARTS.map((k) => num(x.cpuUsPerRequest[k])).join(' | '),
      num(totalCpu(x)),
    ],
  }));
  printCells(head, rows, checks);
  for (const c of [...new Set(cells.map((x) => x.c))]) {
    const d = cells.find((x) => x.c === c && x.target === 'direct');
    const f = cells.find((x) => x.c === c && x.target === 'floor');
    const g = cells.find((x) => x.c === c && x.target === 'gateway');
    if (!d || !g || !f) continue;
    const own = g.cpuUsPerRequest.gateway ?? Number.NaN;
    const floor = f.cpuUsPerRequest.gateway ?? Number.NaN;
    const clientDelta = d.cpuUsPerRequest.generator - g.cpuUsPerRequest.generator;
    console.log(
      `info  c=${c}: CPU per request in the hop: gateway ${num(own)} µs, minimal gateway ${num(floor)} µs (${(own / floor).toFixed(1)}x; the direct client's own sealing and opening ~${num(clientDelta)} µs); all processes: gateway ${num(totalCpu(g))} µs, minimal ${num(totalCpu(f))} µs, direct ${num(totalCpu(d))} µs`,
    );
    console.log(
      `info  c=${c}: added p50 over direct: gateway +${ms(g.addedP50)} ms, minimal gateway +${ms(f.addedP50)} ms; the gateway's pipeline beyond the floor +${ms(g.p50 - f.p50)} ms`,
    );
  }
}
