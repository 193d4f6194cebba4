/**
 * The Pricing page in sentences: what a task earns now and why, the one status of the price, the model size, how it
 * is worked out, and what a new price would mean. Pure (no React), so every sentence is tested with its arithmetic.
 */
import { DEFAULT_SETTINGS, type PricingInfo, type PricingModel } from '@shared/contract';
import { priceStatusKind, priceStatusLabel, type PriceStatusKind } from '@shared/words/price-status';
import type { Tone } from '../../format';
import { formatCount, formatTimes } from '../../format';
import { formatCredits, formatMultiplier } from '../../words/earnings-words';
import { sayNow } from '@shared/i18n/current';
import { BLOCK_TOKENS, blockLimit, decimalSeparator, MAX_MULTIPLIER, MIN_NONZERO, receiptFor, receiptMultiplier, storedMultiplier, tierCap } from './pricing-logic';

/** "2.5 ×", kept on one line: the one way every page writes a multiplier. */
export const times = formatTimes;

/** "1 credit", "0.15 credits" (kept on one line): singular only for what reads as exactly 1. */
export function credits(n: number): string {
  const shown = formatCredits(n);
  return `${shown}\u00a0${shown === formatCredits(1) ? 'credit' : 'credits'}`;
}

const K = formatCount(BLOCK_TOKENS);
const DEFAULT_SIZE = 'up to 10 billion parameters';

/** The directory's size buckets in words. */
const SIZE_WORDS: Record<string, string> = {
  sub_1b: 'under 1 billion parameters',
  '7b': DEFAULT_SIZE,
  '13b': '10 to 20 billion parameters',
  '30b': '20 to 50 billion parameters',
  '70b': '50 to 85 billion parameters',
  '100b_plus': '85 billion parameters or more',
};

export const sizeWords = (tier: string): string => SIZE_WORDS[tier] ?? tier;

const BILLING_WORDS: Record<PricingModel, string> = { per_token: 'per token', per_request: 'per request', flat: 'flat' };

/** A billing as a label: "Per token". */
export const billingLabel = (model: PricingModel): string => {
  const w = BILLING_WORDS[model] ?? model;
  return w.charAt(0).toUpperCase() + w.slice(1);
};

export type StatusKind = PriceStatusKind;

export interface PricingSummary {
  /** Credits a task of 1000 tokens earns now (what the node's receipt claims). */
  earns: number;
  /** The page's first words: what a task earns, then why. */
  lead: string;
  /** A billing other than per token, and what it changes (nothing for receipts); null for per token. */
  billingNote: string | null;
  status: { kind: StatusKind; tone: Tone; label: string };
  /** "up to 10 billion parameters (qwen2.5:3b)"; the same in its two parts, the model name being a token. */
  modelSize: string;
  size: string;
  sizeFrom: string;
  yourPrice: string;
  sizeLimit: string;
}

const same = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;

/** Whether the node is (or was) registered: before that nothing is claimed, so the lead speaks of the future. */
export interface NodeView {
  registered: boolean;
}

export function pricingSummary(p: PricingInfo, node: NodeView): PricingSummary {
  const m = receiptMultiplier(p);
  const earns = receiptFor(BLOCK_TOKENS, m);
  const declared = p.declared.multiplier;
  const held = p.directoryMultiplier;
  const cap = tierCap(p.tier.weight);
  const size = sizeWords(p.tier.name);
  const future = !node.registered && !p.declarationAccepted;
  const task = future ? `Once your node is registered, a task of ${K} tokens will earn you ${credits(earns)}` : `A task of ${K} tokens earns you ${credits(earns)}`;
  const noRaise = `receipts are counted per ${K} tokens used, so asking more than ${times(1)} does not raise what a task pays today`;

  let lead: string;
  if (held !== null && !same(held, p.ceiling)) {
    const next = receiptFor(BLOCK_TOKENS, p.ceiling);
    lead = `${task}, at the ${times(held)} the directory still holds for your node. ${
      same(next, earns) ? `Your ${times(p.ceiling)} will pay the same once the directory holds it.` : `Once it holds your ${times(p.ceiling)}, a task will earn ${credits(next)}.`
    }`;
  } else if (m === 0) {
    lead = `${task}. You set your price to 0, so your node claims only the smallest amount the directory counts, ${credits(receiptFor(BLOCK_TOKENS, 0))} for each started ${K} tokens.`;
  } else if (p.capped && p.ceiling < 1) {
    const model = p.tier.model ? `, ${p.tier.model},` : '';
    lead = `${task}. Your largest model${model} has ${size}, and for that size the directory allows at most ${times(cap)} the base rate (you asked for ${times(declared)}).`;
  } else if (m < 1) {
    lead = `${task}, because you asked for ${times(m)} the base rate.`;
  } else if (declared > 1) {
    const kept = p.capped ? ` (the directory keeps at most ${times(p.ceiling)} for your model size)` : '';
    lead = `${task}. You asked for ${times(declared)} the base rate${kept}, but ${noRaise}.`;
  } else if (p.tier.weight > 1) {
    lead = `${task}, the network’s base rate. Your model size would let you ask up to ${times(cap)}, but ${noRaise}.`;
  } else {
    lead = `${task}, the network’s base rate.`;
  }

  const billing = p.declared.model;
  const sizeFrom = p.tier.model ?? 'none of your model names gives a size';
  return {
    earns,
    lead,
    billingNote:
      billing === 'per_token'
        ? null
        : `You chose “${BILLING_WORDS[billing]}” billing. Receipts count tokens whatever the billing, so a task still earns by the tokens it uses.`,
    status: status(p, node),
    modelSize: `${size} (${sizeFrom})`,
    size,
    sizeFrom,
    yourPrice: declared === 0 ? 'free (0 × the base rate)' : `${times(declared)} the base rate`,
    sizeLimit: `${times(cap)} the base rate`,
  };
}

const STATUS_TONE: Record<StatusKind, Tone> = { unregistered: 'neutral', waiting: 'neutral', differs: 'warn', lowered: 'warn', confirmed: 'ok' };

/** One status for the price, from what the directory has answered and holds (the same one "Why no tasks" says). */
function status(p: PricingInfo, node: NodeView): PricingSummary['status'] {
  const kind = priceStatusKind(p, node.registered);
  return { kind, tone: STATUS_TONE[kind], label: priceStatusLabel(kind, p, times) };
}

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
  const m = receiptMultiplier(p);
  const perBlock = blockLimit(m);
  const whose = p.directoryMultiplier !== null ? 'the price the directory holds for your node' : 'the price your node declares';
  const bites =
    perBlock >= 1
      ? `At ${times(m)} that limit is never reached, so a task earns exactly its tokens divided by ${K}.`
      : `At ${times(m)} the limit counts: each started ${K} tokens earn at most ${credits(perBlock)}, however many tokens they hold.`;
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
      `After each task your node sends the directory a receipt. It claims 1 credit for every ${K} tokens the task used, but never more than ${credits(perBlock)} for each started ${K} tokens: that is ${times(m)}, ${whose}${m === 0 ? ', at the smallest amount the directory counts' : ''}.`,
      bites,
      `For example, a task of ${formatCount(1500)} tokens claims ${credits(receiptFor(1500, m))}, and one of ${formatCount(300)} tokens claims ${credits(receiptFor(300, m))}.`,
      `The directory refuses a receipt that claims more than that limit plus 10 %, so your node’s claims always stay within it.`,
    ],
    formula: `credits = min(tokens ÷ ${BLOCK_TOKENS}, ceil(tokens ÷ ${BLOCK_TOKENS}) × ${formatMultiplier(Math.max(0.001, m))})`,
    size:
      `The directory reads each model’s size from its name (such as “3b” or “70b”), and your largest model decides; a name without a size counts as ${DEFAULT_SIZE}. ` +
      `${p.tier.model ? `Yours is ${p.tier.model}, ${size}` : `None of your model names gives a size, so yours count as ${size}`}: for that size the directory keeps at most ${times(cap)} the base rate, and a higher price is lowered to that.`,
    listing:
      p.directory && !p.directory.listed
        ? 'The directory’s public list does not show your node right now: it lists a node only while the node offers work.'
        : null,
    schedule: schedule
      ? {
          text:
            `The directory also publishes what a task routed to a node costs: for every started ${formatCount(schedule.tokensPerCredit)} output tokens, the weight of the node’s model size times the node’s price. ` +
            `The weight for your model size is ${formatMultiplier(p.tier.weight)}, so at ${times(m)} a task of ${K} tokens is priced at ${credits(p.pricePer1000)}. ` +
            'That is the directory’s schedule of costs, not what your node is paid: your node is paid what its receipts claim, as above.',
          rows,
          rowsNote: rowsNote(rows, p.declared.multiplier),
          formula: schedule.formula.trim() === '' ? null : schedule.formula,
          asOf: schedule.asOf,
        }
      : null,
    noSchedule: schedule ? null : 'The directory has not sent its schedule of costs yet. Your node reads it when it syncs your earnings, once it is registered.',
  };
}

/**
 * How a row of the schedule is worked out, told with the first row whose price was lowered for its size (the row
 * that otherwise looks unexplained, such as 0.05 giving 0.0075), else with the first row.
 */
function rowsNote(rows: ScheduleRow[], declared: number): string {
  const lead = `Each row is the size’s weight times your price for that size: your ${times(declared)}, lowered to the most the directory keeps for a model of that size.`;
  const example = rows.find((r) => r.price < declared - 1e-9) ?? rows[0];
  if (!example) return lead;
  const lowered = example.price < declared - 1e-9 ? ` (your ${times(declared)}, lowered for that size)` : '';
  return `${lead} For ${example.size}: weight ${formatMultiplier(example.weight)} × price ${formatMultiplier(example.price)}${lowered} = ${credits(example.cost)} for ${K} tokens.`;
}

export interface Preview {
  text: string;
  /** Worth a warning: above the size limit, or free. */
  warn: boolean;
  /** Above what the directory keeps for the model size. */
  exceeded: boolean;
}

/** What a typed price would mean, before it is saved: what a task of 1000 tokens would earn, compared with now. */
export function previewFor(typed: number, p: PricingInfo): Preview {
  const cap = tierCap(p.tier.weight);
  const kept = storedMultiplier(typed, p.tier.weight);
  const next = receiptFor(BLOCK_TOKENS, kept);
  const now = receiptFor(BLOCK_TOKENS, receiptMultiplier(p));
  const compared = same(next, now) ? ' — the same as now' : ` (now ${credits(now)})`;
  const would = `a task of ${K} tokens would earn ${credits(next)}${compared}`;
  if (typed === 0) {
    return {
      text: `At 0 × your node works for free: a task of ${K} tokens would earn only ${credits(next)}, the smallest amount the directory counts${same(next, now) ? '' : ` (now ${credits(now)})`}.`,
      warn: true,
      exceeded: false,
    };
  }
  if (typed > cap) {
    return {
      text: `At ${times(typed)} your price is above the most the directory keeps for your model size, ${times(cap)}, so your node declares ${times(kept)}. ${upper(would)}.`,
      warn: true,
      exceeded: true,
    };
  }
  if (typed > 1) {
    return {
      text: `At ${times(typed)} ${would}: receipts are counted per ${K} tokens used, so a price above ${times(1)} does not raise what a task pays. Consumers who compare prices may prefer cheaper nodes.`,
      warn: false,
      exceeded: false,
    };
  }
  return { text: `At ${times(typed)} ${would}.`, warn: false, exceeded: false };
}

const upper = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The prices the field's hint takes as examples: the base rate, one below it and one above it. */
export const HINT_EXAMPLES = [1, 0.5, 1.5] as const;

/**
 * The hint under the price field, worked out as the preview is (previewFor): what a task of 1000 tokens earns at
 * the base rate, below it and above it, for the node's model size once it is known (before that, for the default
 * size). A price above 1 × claims no more, since a receipt never claims more than the tokens used.
 */
export function priceHint(p: PricingInfo | null): string {
  const say = sayNow();
  const weight = p?.tier.weight ?? 1;
  const earns = (m: number): string => credits(receiptFor(BLOCK_TOKENS, storedMultiplier(m, weight)));
  const [base, below, above] = HINT_EXAMPLES;
  return say('pricing.hint.price', {
    tokens: K,
    earnsBase: earns(base),
    base: times(base),
    earnsBelow: earns(below),
    below: times(below),
    earnsAbove: earns(above),
    above: times(above),
    min: formatMultiplier(MIN_NONZERO),
    max: formatCount(MAX_MULTIPLIER),
    separator: decimalSeparator(),
  });
}

export type HistoryRow = PricingInfo['history'][number] & { sourceWords: string };

/**
 * The price history newest first, each row with who set the price. The first price a node ever records is the one it
 * started with: at the default (1 × per token) nobody chose it, so it is not "You set it".
 */
export function historyRows(history: PricingInfo['history']): HistoryRow[] {
  const rows = [...history].sort((a, b) => b.at.localeCompare(a.at));
  const first = rows[rows.length - 1];
  return rows.map((h) => {
    if (h.source === 'directory') return { ...h, sourceWords: 'The directory recorded it' };
    const started = h === first && same(h.multiplier, DEFAULT_SETTINGS.creditCostMultiplier) && h.model === DEFAULT_SETTINGS.pricingModel;
    return { ...h, sourceWords: started ? 'The default price your node started with' : 'You set it' };
  });
}
