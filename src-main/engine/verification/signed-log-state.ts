/**
 * What the check of the signed log keeps between pages and across restarts, in the engine's state table: where the
 * reading stands (committed with each page, so a killed process goes on after the last page it took in), the keys
 * the node trusts, and the last check's outcome.
 */
import { z } from 'zod';
import { AWARD_CHECKS } from '@shared/contract';
import type { EngineStateRepository } from '../store';
import { isEd25519PublicKey } from './did-key';

const Hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`));

const CursorSchema = z.object({
  /** `full`: a re-read of the whole log, compared with what was verified before. */
  mode: z.enum(['incremental', 'full']),
  seq: z.number().int().nonnegative(),
  lastSig: Hex(128).nullable(),
  /** The newest event's time by the directory's clock (absent in cursors stored before it was kept). */
  lastTs: z.number().int().nonnegative().optional(),
  checked: z.number().int().nonnegative(),
  badSignatures: z.number().int().nonnegative(),
  chainBreaks: z.number().int().nonnegative(),
  rewritten: z.boolean(),
  /** The block of 1000 sequence numbers being read, and its hash chain so far. */
  block: z.number().int().nonnegative(),
  blockDigest: Hex(64).nullable(),
  blockCount: z.number().int().nonnegative(),
});
export type Cursor = z.infer<typeof CursorSchema>;

const KeySchema = z.object({
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  fingerprint: Hex(16),
  at: z.number().int().nonnegative(),
});
const KeysSchema = z.object({
  /** Keys the node trusts: the first one it saw, and each one the person accepted since. */
  trusted: z.array(KeySchema).max(64),
  /** A key the directory publishes that is not trusted yet. */
  offered: KeySchema.nullable(),
});
export type TrustedKeys = z.infer<typeof KeysSchema>;

const Amount = z.object({ count: z.number().int().nonnegative(), credits: z.string().max(32) });
const SummarySchema = z.object({
  at: z.number().int().nonnegative(),
  lastSeq: z.number().int().nonnegative(),
  eventsChecked: z.number().int().nonnegative(),
  verified: Amount,
  waiting: Amount,
  differences: z.array(Amount.extend({ check: z.enum(AWARD_CHECKS) })).max(AWARD_CHECKS.length),
  log: z.object({
    badSignatures: z.number().int().nonnegative(),
    chainBreaks: z.number().int().nonnegative(),
    rewritten: z.boolean(),
  }),
  /** Absent in summaries stored before a check could stop early. */
  stopped: z.object({ reason: z.enum(['no_progress', 'budget']), pages: z.number().int().nonnegative() }).nullish(),
  /**
   * How far the check reached into the ledger: the newest claim it read, and the awards it could not check yet
   * (answered after the part of the log it read), in micro-credits. Later awards are counted from here
   * (`awardsAfterCheck`).
   * Absent in summaries stored before it was kept.
   */
  coverage: z
    .object({
      lastLedgerId: z.number().int().nonnegative(),
      unchecked: z.object({ count: z.number().int().nonnegative(), u: z.number().int().nonnegative() }),
    })
    .optional(),
});
export type CheckSummary = z.infer<typeof SummarySchema>;

const CURSOR = 'signed_log_cursor';
const KEYS = 'signed_log_keys';
const SUMMARY = 'signed_log_summary';

const valid =
  <T>(schema: z.ZodType<T>) =>
  (v: unknown): v is T =>
    schema.safeParse(v).success;

export const emptyCursor = (mode: Cursor['mode'] = 'incremental'): Cursor => ({
  mode,
  seq: 0,
  lastSig: null,
  lastTs: 0,
  checked: 0,
  badSignatures: 0,
  chainBreaks: 0,
  rewritten: false,
  block: 0,
  blockDigest: null,
  blockCount: 0,
});

/** The state table's entries of the check; invalid ones read as none (a fresh check then starts over). */
export class SignedLogState {
  constructor(private readonly state: EngineStateRepository) {}

  cursor(): Cursor {
    return this.state.get<Cursor>(CURSOR, emptyCursor(), valid(CursorSchema));
  }
  saveCursor(c: Cursor): void {
    this.state.set(CURSOR, c);
  }
  keys(): TrustedKeys {
    const k = this.state.get<TrustedKeys>(KEYS, { trusted: [], offered: null }, valid(KeysSchema));
    // A key kept by a version that did not check it for a point of the curve is neither trusted nor offered.
    const usable = (key: { x: string }) => isEd25519PublicKey(Buffer.from(key.x, 'base64url'));
    return { trusted: k.trusted.filter(usable), offered: k.offered && usable(k.offered) ? k.offered : null };
  }
  saveKeys(k: TrustedKeys): void {
    this.state.set(KEYS, k);
  }
  summary(): CheckSummary | null {
    return this.state.get<CheckSummary | null>(
      SUMMARY,
      null,
      (v): v is CheckSummary | null => v === null || valid(SummarySchema)(v),
    );
  }
  saveSummary(s: CheckSummary): void {
    this.state.set(SUMMARY, s);
  }
}
