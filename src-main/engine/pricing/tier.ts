/** PHP `NodePricingPolicy` tiers (brief §7.3): parameter count → routing weight. */
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
  params: number | null;
}

const SIZE = /(\d+(?:\.\d+)?)\s*[bB](?:[^a-zA-Z]|$)/;

/** Highest tier across the advertised models; a name without a size counts as 7B (the directory's default). */
export function tierFor(models: readonly string[]): ModelTier {
  let best: ModelTier = { name: '7b', weight: 1.0, model: null, params: null };
  let bestIndex = -1;
  for (const m of models) {
    const match = SIZE.exec(m);
    if (!match) continue;
    const params = Number(match[1]);
    const index = TIERS.findIndex((t) => params < t.below);
    if (index > bestIndex) {
      bestIndex = index;
      best = { name: TIERS[index]!.name, weight: TIERS[index]!.weight, model: m, params };
    }
  }
  return best;
}

/** What the directory stores at registration: the declared multiplier, capped at three times the tier weight. */
export function registrationCeiling(declared: number, tier: ModelTier): number {
  return Math.min(declared, tier.weight * 3);
}

/**
 * The amount to claim for a task (brief §7.4 recommendation): never above what the directory's ceiling allows
 * (`ceil(tokens/1000) × multiplier`, with its 10 % slack left unused), never above the reference `tokens/1000`.
 */
export function receiptAmount(tokensUsed: number, multiplier: number): number {
  const raw = Math.min(tokensUsed / 1000, Math.ceil(tokensUsed / 1000) * Math.max(0.001, multiplier));
  // Six decimals: enough for 1-token tasks at the smallest multiplier, and free of float noise in the ledger.
  return Math.max(0.0001, Math.floor(raw * 1e6) / 1e6);
}
