import type { TaskUnit } from '@shared/contract';
import { toMicro } from '../pricing';
import type { NewLedgerRow } from './ledger-entries';

/** Rollups are kept per quarter hour (UTC): every time zone's day starts on one. */
export const BUCKET_MS = 15 * 60_000;
/** Rollup key for tasks without a model (failures before the backend named one). */
export const NO_MODEL = '';

/** Adds one set of deltas to a quarter hour's rollup of one model, creating it at the first. */
export const ROLLUP_UPSERT = `INSERT INTO ledger_rollup (bucket, model, jobs, errors, tokens, awarded, pending, rejected, expired, claimed_u, awarded_u, rejected_u, expired_u, energy_j, energy_jobs, energy_tokens, audio_ms, characters, items)
  VALUES (@bucket, @model, @jobs, @errors, @tokens, @awarded, @pending, @rejected, @expired, @claimedU, @awardedU, @rejectedU, @expiredU, @energyJ, @energyJobs, @energyTokens, @audioMs, @characters, @items)
  ON CONFLICT (bucket, model) DO UPDATE SET
    jobs = jobs + excluded.jobs, errors = errors + excluded.errors, tokens = tokens + excluded.tokens,
    awarded = awarded + excluded.awarded, pending = pending + excluded.pending,
    rejected = rejected + excluded.rejected, expired = expired + excluded.expired,
    claimed_u = claimed_u + excluded.claimed_u, awarded_u = awarded_u + excluded.awarded_u,
    rejected_u = rejected_u + excluded.rejected_u, expired_u = expired_u + excluded.expired_u,
    energy_j = energy_j + excluded.energy_j, energy_jobs = energy_jobs + excluded.energy_jobs, energy_tokens = energy_tokens + excluded.energy_tokens,
    audio_ms = audio_ms + excluded.audio_ms, characters = characters + excluded.characters, items = items + excluded.items`;

/** A rollup's counts and credits (summed as floats). */
export interface RollupTotals {
  jobs: number;
  errors: number;
  tokens: number;
  awarded: number;
  pending: number;
  rejected: number;
  expired: number;
  /** Joules attributed to the tasks, how many tasks had a figure, and those tasks' tokens. */
  energyJ: number;
  energyJobs: number;
  energyTokens: number;
}

/**
 * The speech tasks' own units (TaskUnit), each summed apart: milliseconds of audio, characters, texts. Kept beside the
 * totals rather than in them: most nodes serve no speech, so the rollups are read without them and only the few
 * quarter hours that hold any are read for them (`LedgerRepository.unitSums`).
 */
export interface UnitSums {
  audioMs: number;
  characters: number;
  items: number;
}

export interface RollupRow extends RollupTotals {
  bucket: number;
  model: string;
  /** Exact sums in micro-credits: claimed, awarded, and claimed by receipts rejected or expired. */
  claimedU: number;
  awardedU: number;
  rejectedU: number;
  expiredU: number;
}

/** The rollup's sum of each unit. */
const UNIT_SUMS: Readonly<Record<TaskUnit, keyof UnitSums>> = {
  audio_ms: 'audioMs',
  characters: 'characters',
  items: 'items',
};

/** A rollup row with nothing in it yet. */
export function emptyRollup(): RollupDelta {
  return {
    bucket: 0,
    model: NO_MODEL,
    jobs: 0,
    errors: 0,
    tokens: 0,
    awarded: 0,
    pending: 0,
    rejected: 0,
    expired: 0,
    claimedU: 0,
    awardedU: 0,
    rejectedU: 0,
    expiredU: 0,
    energyJ: 0,
    energyJobs: 0,
    energyTokens: 0,
    audioMs: 0,
    characters: 0,
    items: 0,
  };
}

/** What one upsert adds to a rollup row: a row's own fields and unit sums, as deltas. */
export type RollupDelta = RollupRow & UnitSums;

/**
 * The rollup changes of a group of new ledger rows, summed per quarter hour and model in memory: a group of tasks
 * finishing together (nearly always one bucket and one model) costs one upsert instead of one per row.
 */
export class RollupSums {
  private readonly byKey = new Map<string, RollupDelta>();

  /**
   * A new row: `claimed` is its receipt's amount, null without one; the row's `energyJ` its joules, null or absent when
   * not known; its `units` added to the sum of their unit.
   */
  add(
    row: Pick<NewLedgerRow, 'ts' | 'model' | 'outcome' | 'tokens' | 'energyJ' | 'units'>,
    claimed: number | null,
  ): void {
    const { ts, model, tokens } = row;
    const ok = row.outcome === 'ok';
    const energyJ = row.energyJ ?? null;
    const bucket = Math.floor(ts / BUCKET_MS);
    const m = model ?? NO_MODEL;
    const key = `${bucket} ${m}`;
    let s = this.byKey.get(key);
    if (!s) {
      s = { ...emptyRollup(), bucket, model: m };
      this.byKey.set(key, s);
    }
    if (ok) s.jobs += 1;
    else s.errors += 1;
    s.tokens += tokens ?? 0;
    if (claimed !== null) {
      s.pending += claimed;
      s.claimedU += toMicro(claimed);
    }
    if (energyJ !== null) {
      s.energyJ += energyJ;
      s.energyJobs += 1;
      s.energyTokens += tokens ?? 0;
    }
    if (row.units) s[UNIT_SUMS[row.units.unit]] += row.units.count;
  }

  deltas(): Iterable<RollupDelta> {
    return this.byKey.values();
  }
}
