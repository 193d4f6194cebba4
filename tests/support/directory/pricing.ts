/** Node pricing (signed declaration, tier cap) as PHP `NodeRegistry::resolvePricingBlock` implements it. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Fields } from './laravel';
import type { StoredPricing } from './types';

export const TIER_WEIGHTS = {
  sub_1b: 0.05,
  '7b': 1.0,
  '13b': 2.0,
  '30b': 6.5,
  '70b': 32.0,
  '100b_plus': 75.0,
} as const;

export type ModelTier = keyof typeof TIER_WEIGHTS;

/**
 * PHP `json_encode` of a float (serialize_precision -1, no JSON_PRESERVE_ZERO_FRACTION):
 * shortest round-trip digits, whole values without `.0`, and `php_gcvt`'s exponent form
 * (`1.0e-5`) once the decimal point sits more than 3 places left or 17 places right.
 * `JSON.stringify` agrees for everyday values but not e.g. for 0.00001.
 */
export function phpJsonFloat(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError('json_encode cannot encode INF/NAN');
  if (n === 0) return '0';
  const sign = n < 0 ? '-' : '';
  const [mantissa = '0', exponent = '0'] = Math.abs(n).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const decpt = Number(exponent) + 1;
  if (decpt < -3 || decpt > 17) {
    const e = decpt - 1;
    return `${sign}${digits[0] ?? '0'}.${digits.slice(1) || '0'}e${e < 0 ? '-' : '+'}${Math.abs(e)}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (digits.length <= decpt) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

/** The exact bytes PHP signs: `ksort`ed `{credit_cost_multiplier, pricing_model}`. */
export function pricingMessage(multiplier: number, model: string): string {
  return `{"credit_cost_multiplier":${phpJsonFloat(multiplier)},"pricing_model":${JSON.stringify(model)}}`;
}

export function hmacHex(key: string, message: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('hex');
}

/** PHP `hash_equals`: exact, case-sensitive comparison in constant time. */
export function hashEquals(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

const PARAMS = /(\d+(?:\.\d+)?)\s*[bB](?:[^a-zA-Z]|$)/;

/** Highest tier across the advertised model names; `7b` when no parameter count is visible. */
export function classifyModelTier(models: readonly string[]): ModelTier {
  let best: ModelTier = '7b';
  let bestWeight = 0;
  for (const name of models) {
    const m = PARAMS.exec(name);
    if (!m?.[1]) continue;
    const p = Number(m[1]);
    const tier: ModelTier =
      p < 1 ? 'sub_1b' : p < 10 ? '7b' : p < 20 ? '13b' : p < 50 ? '30b' : p < 85 ? '70b' : '100b_plus';
    if (TIER_WEIGHTS[tier] > bestWeight) {
      bestWeight = TIER_WEIGHTS[tier];
      best = tier;
    }
  }
  return best;
}

export function advertisedModels(capabilities: readonly Record<string, unknown>[]): string[] {
  return capabilities.flatMap((c) => (Array.isArray(c.models) ? c.models.map(String) : []));
}

export type PricingInput = {
  credit_cost_multiplier?: number | null;
  pricing_model?: string | null;
  declaration_signature?: string | null;
  effective_from?: string | null;
  effective_until?: string | null;
};

/**
 * Verifies `declaration_signature` (when not null) with the given key and, when models are known
 * (REGISTER only), clamps the multiplier to `tier_weight × 3` — even without a declared price.
 */
export function resolvePricingBlock(
  pricing: PricingInput | undefined,
  hmacKey: string,
  models: readonly string[] = [],
): { ok: true; pricing: StoredPricing } | { ok: false; fields: Fields } {
  const p = pricing ?? {};
  let multiplier = p.credit_cost_multiplier ?? 1.0;
  const model = p.pricing_model ?? 'per_token';
  const signature = p.declaration_signature ?? null;
  let attested = false;
  if (signature !== null) {
    if (!hashEquals(hmacHex(hmacKey, pricingMessage(multiplier, model)), signature)) {
      return { ok: false, fields: { 'pricing.declaration_signature': ['Invalid declaration signature (IICP-E010)'] } };
    }
    attested = true;
  }
  if (models.length > 0) {
    const ceiling = TIER_WEIGHTS[classifyModelTier(models)] * 3.0;
    if (multiplier > ceiling) multiplier = ceiling;
  }
  return {
    ok: true,
    pricing: {
      credit_cost_multiplier: multiplier,
      pricing_model: model,
      declaration_signature: signature,
      attested,
      effective_from: p.effective_from ?? null,
      effective_until: p.effective_until ?? null,
    },
  };
}
