/**
 * What serving costs in power, task by task. The owner watcher's looks bring power readings (the GPU driver's power
 * draw, the CPU's RAPL counters, summed); between two readings the power is taken to stay at the last one. While
 * tasks generate, the power above the machine's idle baseline is shared among them in equal parts, moment by moment:
 * two tasks side by side each get half. So the day's attributed energy is the energy the machine spent above idle
 * while it served, and no joule is counted twice.
 *
 * The baseline is a low percentile of the recent readings taken while nothing was served and the owner was not
 * using the GPU: the idle machine with its model loaded, robust against a spike or two. Where nothing can be read,
 * the watts the person entered (their GPU's typical draw while it generates) stand in for the power above idle.
 */
import type { EnergyInfo, Settings } from '@shared/contract';

/** A reading older than this no longer describes the machine (the watcher stalled or stopped). */
const STALE_AFTER_MS = 10_000;
/** Idle readings kept for the baseline: about six minutes at one look every 1.5 s. */
const IDLE_READINGS = 240;
/** The baseline is this percentile of the idle readings: low, but not the single lowest (a noisy dip). */
const BASELINE_PERCENTILE = 0.2;
/** A reading this soon after a task ended still carries its heat and clocks: not idle yet. */
const SETTLE_AFTER_TASK_MS = 3_000;

/** What the meter tells of where its figures come from. */
export type MeterInfo = Pick<EnergyInfo, 'source' | 'meters' | 'baselineW' | 'powerW' | 'typicalW'>;

/** The energy block the pages show: the meter's word (none: no node runs) with the person's price. */
export function energyInfo(meter: MeterInfo | null, settings: Settings['energy']): EnergyInfo {
  const { pricePerKwh, currency, typicalWatts } = settings;
  const m = meter ?? {
    source: typicalWatts === null ? 'none' : 'typical',
    meters: null,
    baselineW: null,
    powerW: null,
    typicalW: typicalWatts,
  };
  return { ...m, pricePerKwh, currency };
}

export interface EnergyMeterOptions {
  now: () => number;
  /** The watts the person entered for their GPU, or null. */
  typicalWatts: () => number | null;
}

/** One task's share of the energy, counted from `begin` until `end`. */
export interface EnergyTally {
  /** The task stopped generating: its joules, or null when no power was known at any time of it. */
  end(): number | null;
}

interface Tally {
  joules: number;
  known: boolean;
  open: boolean;
}

export class EnergyMeter {
  private readonly active = new Set<Tally>();
  /** Until when the energy has been shared out. */
  private accruedTo: number;
  private watts: number | null = null;
  private readAt = -Infinity;
  private meters: string | null = null;
  private readonly idle: number[] = [];
  private baselineW: number | null = null;
  private lowestW: number | null = null;
  private lastTaskEndAt = -Infinity;

  constructor(private readonly o: EnergyMeterOptions) {
    this.accruedTo = o.now();
  }

  /**
   * A power reading: the machine's measured watts now (null: nothing could be read this time) and what was read.
   * `ownerBusy`: the owner is using the GPU, so the reading says nothing about the idle machine.
   */
  reading(watts: number | null, meters: string | null, ownerBusy: boolean): void {
    const now = this.o.now();
    this.accrue(now);
    if (watts === null || !Number.isFinite(watts) || watts < 0) return;
    this.watts = watts;
    this.readAt = now;
    this.meters = meters;
    this.lowestW = this.lowestW === null ? watts : Math.min(this.lowestW, watts);
    if (this.active.size === 0 && !ownerBusy && now - this.lastTaskEndAt >= SETTLE_AFTER_TASK_MS) {
      this.idle.push(watts);
      if (this.idle.length > IDLE_READINGS) this.idle.shift();
      this.baselineW = percentile(this.idle, BASELINE_PERCENTILE);
    }
  }

  /** A task starts generating. */
  begin(): EnergyTally {
    this.accrue(this.o.now());
    const t: Tally = { joules: 0, known: false, open: true };
    this.active.add(t);
    return {
      end: () => {
        if (!t.open) return t.known ? t.joules : null;
        const now = this.o.now();
        this.accrue(now);
        t.open = false;
        this.active.delete(t);
        this.lastTaskEndAt = now;
        return t.known ? t.joules : null;
      },
    };
  }

  /** When the last task stopped generating (ms; -Infinity before the first): the owner watcher's own tasks' tail. */
  get lastTaskEndedAt(): number {
    return this.active.size > 0 ? this.o.now() : this.lastTaskEndAt;
  }

  info(): MeterInfo {
    const measured = this.measuring(this.o.now());
    const typicalW = this.o.typicalWatts();
    return {
      source: measured ? 'measured' : typicalW !== null ? 'typical' : 'none',
      meters: measured ? this.meters : null,
      baselineW: measured ? this.baseline() : null,
      powerW: measured ? this.watts : null,
      typicalW,
    };
  }

  private measuring(now: number): boolean {
    return this.watts !== null && now - this.readAt <= STALE_AFTER_MS;
  }

  private baseline(): number | null {
    // Before the first idle reading, the lowest reading seen is the best guess of idle.
    return this.baselineW ?? this.lowestW;
  }

  /** Watts above idle to share out now, or null when unknown. */
  private excess(now: number): number | null {
    if (this.measuring(now)) return Math.max(0, this.watts! - (this.baseline() ?? this.watts!));
    return this.o.typicalWatts();
  }

  /** Shares out the energy from `accruedTo` to `now` among the tasks generating, at the power held since. */
  private accrue(now: number): void {
    const from = this.accruedTo;
    if (now <= from) return;
    this.accruedTo = now;
    if (this.active.size === 0) return;
    // The held reading goes stale inside this stretch: the part after it counts as unknown power.
    const staleAt = this.readAt + STALE_AFTER_MS;
    const until = this.watts !== null && staleAt > from && staleAt < now ? staleAt : now;
    this.share(from, until, this.excess(from));
    if (until < now) this.share(until, now, this.excess(now));
  }

  private share(from: number, to: number, excessW: number | null): void {
    if (excessW === null) return;
    const each = (excessW * (to - from)) / 1000 / this.active.size;
    for (const t of this.active) {
      t.joules += each;
      t.known = true;
    }
  }
}

/** The `p` percentile of a list (nearest rank below), without changing the list. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(p * (sorted.length - 1))]!;
}
