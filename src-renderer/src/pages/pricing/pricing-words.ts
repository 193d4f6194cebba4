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
import {
  BLOCK_TOKENS,
  decimalSeparator,
  MAX_MULTIPLIER,
  MIN_NONZERO,
  receiptFor,
  receiptMultiplier,
  storedMultiplier,
  tierCap,
} from './pricing-logic';

/** "2.5 ×", kept on one line: the one way every page writes a multiplier. */
export const times = formatTimes;

/** "1 credit", "0.15 credits" (kept on one line): singular only for what reads as exactly 1. */
export function credits(n: number): string {
  const shown = formatCredits(n);
  return sayNow()('pricing.words.credits', { amount: shown, one: shown === formatCredits(1) ? 'yes' : 'no' });
}

/** "1,000" in the figures of the page's locale now (read when used: the language can change). */
export const blockTokens = (): string => formatCount(BLOCK_TOKENS);

/** The size a model name without one counts as. */
export const DEFAULT_TIER = '7b';

/** The directory's size buckets, as the ids of their words. */
const SIZE_WORDS = {
  sub_1b: 'pricing.words.size.under1b',
  '7b': 'pricing.words.size.upTo10b',
  '13b': 'pricing.words.size.from10b',
  '30b': 'pricing.words.size.from20b',
  '70b': 'pricing.words.size.from50b',
  '100b_plus': 'pricing.words.size.over85b',
} as const;

/** A size bucket in words; a bucket this page does not know is shown by its name. */
export const sizeWords = (tier: string): string =>
  Object.hasOwn(SIZE_WORDS, tier) ? sayNow()(SIZE_WORDS[tier as keyof typeof SIZE_WORDS]) : tier;

const BILLING_WORDS = {
  per_token: 'pricing.words.billing.perToken',
  per_request: 'pricing.words.billing.perRequest',
  flat: 'pricing.words.billing.flat',
} as const satisfies Record<PricingModel, string>;

/** A billing in words: "per token" (a billing this page does not know is shown by its name). */
const billingWords = (model: PricingModel): string =>
  Object.hasOwn(BILLING_WORDS, model) ? sayNow()(BILLING_WORDS[model]) : model;

/** A billing as a label: "Per token". */
export const billingLabel = (model: PricingModel): string => {
  const w = billingWords(model);
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
  const say = sayNow();
  const future = !node.registered && !p.declarationAccepted;
  const task = say(future ? 'pricing.words.taskFuture' : 'pricing.words.task', {
    tokens: blockTokens(),
    credits: credits(earns),
  });
  const noRaise = say('pricing.words.noRaise', { tokens: blockTokens(), one: times(1) });

  let lead: string;
  if (held !== null && !same(held, p.ceiling)) {
    const next = receiptFor(BLOCK_TOKENS, p.ceiling);
    const values = { task, held: times(held), ceiling: times(p.ceiling), next: credits(next) };
    lead = say(same(next, earns) ? 'pricing.words.lead.heldSame' : 'pricing.words.lead.heldNext', values);
  } else if (m === 0) {
    lead = say('pricing.words.lead.zero', { task, least: credits(receiptFor(BLOCK_TOKENS, 0)), tokens: blockTokens() });
  } else if (p.capped && p.ceiling < 1) {
    const values = { task, size, cap: times(cap), declared: times(declared) };
    lead = p.tier.model
      ? say('pricing.words.lead.cappedModel', { ...values, model: p.tier.model })
      : say('pricing.words.lead.capped', values);
  } else if (m < 1) {
    lead = say('pricing.words.lead.below', { task, price: times(m) });
  } else if (declared > 1) {
    const values = { task, declared: times(declared), ceiling: times(p.ceiling), noRaise };
    lead = say(p.capped ? 'pricing.words.lead.askedKept' : 'pricing.words.lead.asked', values);
  } else if (p.tier.weight > 1) {
    lead = say('pricing.words.lead.sizeAllows', { task, cap: times(cap), noRaise });
  } else {
    lead = say('pricing.words.lead.base', { task });
  }

  const billing = p.declared.model;
  const sizeFrom = p.tier.model ?? say('pricing.words.noSizeName');
  return {
    earns,
    lead,
    billingNote: billing === 'per_token' ? null : say('pricing.words.billingNote', { billing: billingWords(billing) }),
    status: status(p, node),
    modelSize: say('pricing.words.modelSize', { size, from: sizeFrom }),
    size,
    sizeFrom,
    yourPrice: declared === 0 ? say('pricing.words.free') : say('pricing.words.timesBase', { price: times(declared) }),
    sizeLimit: say('pricing.words.timesBase', { price: times(cap) }),
  };
}

const STATUS_TONE: Record<StatusKind, Tone> = {
  unregistered: 'neutral',
  waiting: 'neutral',
  differs: 'warn',
  lowered: 'warn',
  confirmed: 'ok',
};

/** One status for the price, from what the directory has answered and holds (the same one "Why no tasks" says). */
function status(p: PricingInfo, node: NodeView): PricingSummary['status'] {
  const kind = priceStatusKind(p, node.registered);
  return { kind, tone: STATUS_TONE[kind], label: priceStatusLabel(kind, p) };
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
  const say = sayNow();
  const values = {
    typed: times(typed),
    tokens: blockTokens(),
    next: credits(next),
    now: credits(now),
    same: same(next, now) ? 'yes' : 'no',
  };
  if (typed === 0) {
    return {
      text: say('pricing.words.preview.free', values),
      warn: true,
      exceeded: false,
    };
  }
  if (typed > cap) {
    return {
      text: say('pricing.words.preview.over', { ...values, cap: times(cap), kept: times(kept) }),
      warn: true,
      exceeded: true,
    };
  }
  if (typed > 1) {
    return {
      text: say('pricing.words.preview.aboveBase', { ...values, one: times(1) }),
      warn: false,
      exceeded: false,
    };
  }
  return { text: say('pricing.words.preview.plain', values), warn: false, exceeded: false };
}

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
    tokens: blockTokens(),
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
  const say = sayNow();
  const rows = [...history].sort((a, b) => b.at.localeCompare(a.at));
  const first = rows[rows.length - 1];
  return rows.map((h) => {
    if (h.source === 'directory') return { ...h, sourceWords: say('pricing.words.history.directory') };
    const started =
      h === first &&
      same(h.multiplier, DEFAULT_SETTINGS.creditCostMultiplier) &&
      h.model === DEFAULT_SETTINGS.pricingModel;
    return { ...h, sourceWords: say(started ? 'pricing.words.history.started' : 'pricing.words.history.you') };
  });
}
