/**
 * "How is this worked out?" in sentences: the receipt rule, the size limit and the directory's schedule, each with the
 * node's own numbers. Pure (no React), like the rest of the page's words.
 */
import type { PricingInfo } from '@shared/contract';
import { sayNow } from '@shared/i18n/current';
import { formatCount } from '../../format';
import { formatMultiplier } from '../../words/earnings-words';
import { BLOCK_TOKENS, blockLimit, receiptFor, receiptMultiplier, storedMultiplier, tierCap } from './pricing-logic';
import { blockTokens, credits, DEFAULT_TIER, sizeWords, times } from './pricing-words';

export interface ScheduleRow {
  tier: string;
  size: string;
  weight: number;
  /** The node's price for a model of this size: its price, lowered to the most the directory keeps for the size. */
  price: number;
  /** Credits per 1000 tokens for a model of this size at the node's price (capped for the size). */
  cost: number;
  mine: boolean;
}

export interface Explanation {
  /** How a receipt's amount is counted, with this node's numbers and two examples. */
  receipt: string[];
  /** The same rule as the formula the engine applies. */
  formula: string;
  size: string;
  /** The directory's public list not showing the node (it lists only nodes that offer work); null otherwise. */
  listing: string | null;
  /**
   * `rowsNote` says how a row is worked out, with one row's own numbers; `formula` is the directory's own text for
   * it (quoted, for the curious), null when it sent none.
   */
  schedule: { text: string; rows: ScheduleRow[]; rowsNote: string; formula: string | null; asOf: string } | null;
  /** Why there is no schedule, in words; null when there is one. */
  noSchedule: string | null;
}

/** "How is this worked out?": every rule behind the lead, as sentences with the node's own numbers. */
export function explanation(p: PricingInfo): Explanation {
  const say = sayNow();
  const m = receiptMultiplier(p);
  const perBlock = blockLimit(m);
  const whose = say(p.directoryMultiplier !== null ? 'pricing.words.whoseHeld' : 'pricing.words.whoseDeclared');
  const bites = say(perBlock >= 1 ? 'pricing.words.limitNeverReached' : 'pricing.words.limitCounts', {
    price: times(m),
    tokens: blockTokens(),
    credits: credits(perBlock),
  });
  const cap = tierCap(p.tier.weight);
  const size = sizeWords(p.tier.name);
  const schedule = p.schedule;
  const rows: ScheduleRow[] = schedule
    ? Object.entries(schedule.tierWeights)
        .sort((a, b) => a[1] - b[1])
        .map(([tier, weight]) => {
          const price = storedMultiplier(p.declared.multiplier, weight);
          return { tier, size: sizeWords(tier), weight, price, cost: weight * price, mine: tier === p.tier.name };
        })
    : [];
  return {
    receipt: [
      say('pricing.words.receipt', {
        tokens: blockTokens(),
        credits: credits(perBlock),
        price: times(m),
        whose,
        zero: m === 0 ? 'yes' : 'no',
      }),
      bites,
      say('pricing.words.receiptExample', {
        long: formatCount(1500),
        longCredits: credits(receiptFor(1500, m)),
        short: formatCount(300),
        shortCredits: credits(receiptFor(300, m)),
      }),
      say('pricing.words.receiptRefused'),
    ],
    formula: say('pricing.words.formula', { block: String(BLOCK_TOKENS), price: formatMultiplier(Math.max(0.001, m)) }),
    size: p.tier.model
      ? say('pricing.words.sizeModel', {
          fallback: sizeWords(DEFAULT_TIER),
          model: p.tier.model,
          size,
          cap: times(cap),
        })
      : say('pricing.words.sizeNoModel', { fallback: sizeWords(DEFAULT_TIER), size, cap: times(cap) }),
    listing: p.directory && !p.directory.listed ? say('pricing.words.listing') : null,
    schedule: schedule
      ? {
          text: say('pricing.words.schedule', {
            perCredit: formatCount(schedule.tokensPerCredit),
            weight: formatMultiplier(p.tier.weight),
            price: times(m),
            tokens: blockTokens(),
            credits: credits(p.pricePer1000),
          }),
          rows,
          rowsNote: rowsNote(rows, p.declared.multiplier),
          formula: schedule.formula.trim() === '' ? null : schedule.formula,
          asOf: schedule.asOf,
        }
      : null,
    noSchedule: schedule ? null : say('pricing.words.noSchedule'),
  };
}

/**
 * How a row of the schedule is worked out, told with the first row whose price was lowered for its size (the row
 * that otherwise looks unexplained, such as 0.05 giving 0.0075), else with the first row.
 */
function rowsNote(rows: ScheduleRow[], declared: number): string {
  const say = sayNow();
  const example = rows.find((r) => r.price < declared - 1e-9) ?? rows[0];
  if (!example) return say('pricing.words.rowsNote', { declared: times(declared) });
  return say('pricing.words.rowsNoteExample', {
    declared: times(declared),
    size: example.size,
    weight: formatMultiplier(example.weight),
    price: formatMultiplier(example.price),
    lowered: example.price < declared - 1e-9 ? 'yes' : 'no',
    credits: credits(example.cost),
    tokens: blockTokens(),
  });
}
