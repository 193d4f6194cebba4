/** The production directory's model tiers (PHP `NodePricingPolicy`): parameter count → routing weight. */
export const TIERS = [
  { name: 'sub_1b', below: 1, weight: 0.05 },
  { name: '7b', below: 10, weight: 1.0 },
  { name: '13b', below: 20, weight: 2.0 },
  { name: '30b', below: 50, weight: 6.5 },
  { name: '70b', below: 85, weight: 32.0 },
  { name: '100b_plus', below: Infinity, weight: 75.0 },
] as const;

export type TierName = (typeof TIERS)[number]['name'];

export interface ModelTier {
  name: TierName;
  weight: number;
  /** The model that decided the tier (the largest), or null when no name carried a size. */
  model: string | null;
  /** Its size in billions of parameters as the tier was read from it, or null when the directory's default decided. */
  params: number | null;
}

const SIZE = /(\d+(?:\.\d+)?)\s*[bB](?:[^a-zA-Z]|$)/;
/** The size the directory assumes for a name without one (its `7b` tier). */
const DEFAULT_SIZE = 7;

/**
 * Highest tier across the advertised models, as the directory reads them: from the size in each name (a name without
 * one counts as 7B, the directory's default). A size the server reported (`parameterCount`) can only lower a model's
 * tier — a 0.5B model named without its size is not worth a 7B price — never raise it above what the directory, which
 * sees only names, will allow. Within one tier the largest model is the one named (a 3B and an 8B model: the 8B).
 */
export function tierFor(
  models: readonly string[],
  parameterCount: (model: string) => number | null = () => null,
): ModelTier {
  let best: ModelTier = { name: '7b', weight: 1.0, model: null, params: null };
  let bestIndex = -1;
  for (const m of models) {
    const match = SIZE.exec(m);
    const named = match ? Number(match[1]) : null;
    const reported = parameterCount(m);
    const counted = reported === null ? null : Math.round(reported / 1e8) / 10;
    if (named === null && counted === null) continue;
    const seen = named ?? DEFAULT_SIZE;
    const lowered = counted !== null && counted < seen;
    const size = lowered ? counted : seen;
    const params = lowered ? counted : named;
    const index = indexOf(size);
    if (index > bestIndex || (index === bestIndex && (params ?? 0) > (best.params ?? 0))) {
      bestIndex = index;
      best = { name: TIERS[index]!.name, weight: TIERS[index]!.weight, model: m, params };
    }
  }
  return best;
}

function indexOf(billions: number): number {
  return TIERS.findIndex((t) => billions < t.below);
}

/**
 * What the directory stores at registration: the declared multiplier, capped at three times the tier weight, in
 * four decimals (0.05 × 3 is 0.15000000000000002 in floating point; the node declares and shows 0.15). The node
 * declares this capped value itself — at REGISTER and in a heartbeat — because production applies a heartbeat
 * declaration without the cap (only REGISTER is capped there).
 */
export function registrationCeiling(declared: number, tier: ModelTier): number {
  return Math.min(declared, Math.floor(tier.weight * 3 * 1e4 + 1e-6) / 1e4);
}

/** Ten-thousandths of a credit: the directory keeps four decimals (`decimal:4`). */
const UNITS = 10_000;

/**
 * The amount to claim for a task: never above what the directory's ceiling allows
 * (`ceil(tokens/1000) × multiplier`, with its 10 % slack left unused), never above the reference `tokens/1000`, in
 * the four decimals the directory stores — so its transaction list shows exactly what the ledger claimed. Computed
 * in whole ten-thousandths: `0.029 × 1e4` is 289.99999999999997 in floating point.
 */
export function receiptAmount(tokensUsed: number, multiplier: number): number {
  const reference = Math.max(0, Math.trunc(tokensUsed)) * 10; // tokens / 1000 credits, in ten-thousandths
  const perBlock = Math.max(10, Math.floor(Math.max(0.001, multiplier) * UNITS + 1e-6));
  const ceiling = Math.ceil(tokensUsed / 1000) * perBlock;
  return Math.max(1, Math.min(reference, ceiling)) / UNITS;
}
