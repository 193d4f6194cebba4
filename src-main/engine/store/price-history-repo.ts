import type { PricingModel } from '@shared/contract';
import type { Db } from './database';

/** Where a price came from: the person's settings (declared) or the directory's books (held). */
export type PriceSource = 'settings' | 'directory';

/** One price in the history (`ts` in ms since the epoch). */
export interface PriceHistoryRow {
  ts: number;
  multiplier: number;
  model: PricingModel;
  source: PriceSource;
}

/** How many prices the Pricing page shows. */
const SHOWN = 50;

/**
 * The history of prices the node declared and the directory held (`price_history`). Written inside the caller's
 * transaction with the state it goes with (the declaration, the books).
 */
export class PriceHistoryRepository {
  constructor(private readonly db: Db) {}

  /** One price; `model` is the directory's word as it gave it when it is the source. */
  add(p: { ts: number; multiplier: number; model: string; source: PriceSource }): void {
    this.db
      .prepare('INSERT INTO price_history (ts, multiplier, model, source) VALUES (?, ?, ?, ?)')
      .run(p.ts, p.multiplier, p.model, p.source);
  }

  /** The newest prices first. */
  recent(): PriceHistoryRow[] {
    return this.db
      .prepare<[], PriceHistoryRow>(
        `SELECT ts, multiplier, model, source FROM price_history ORDER BY id DESC LIMIT ${SHOWN}`,
      )
      .all();
  }
}
