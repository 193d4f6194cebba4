import { createHmac } from 'node:crypto';

export type PricingModel = 'per_token' | 'per_request' | 'flat';

/**
 * A multiplier as PHP's `json_encode` writes a float: whole values without a fraction (`1.0` → `1`), others in
 * shortest decimal form. JavaScript agrees for the values the settings allow (0 or 0.001–1000, at most 4
 * decimals); outside that range the two disagree (exponent forms), so it is refused rather than mis-signed.
 */
export function phpJsonNumber(n: number): string {
  if (!Number.isFinite(n) || n < 0 || n > 1000 || (n !== 0 && n < 0.001))
    throw new RangeError(`multiplier ${n} cannot be signed reliably`);
  return JSON.stringify(n);
}

/** The exact bytes the directory re-creates and verifies (PHP `json_encode` after `ksort`): sorted keys, compact. */
export function declarationMessage(multiplier: number, model: PricingModel): string {
  return `{"credit_cost_multiplier":${phpJsonNumber(multiplier)},"pricing_model":${JSON.stringify(model)}}`;
}

/** Lowercase hex HMAC-SHA256 keyed with the `node_hmac_key` string as UTF-8 (not hex-decoded). */
export function declarationSignature(multiplier: number, model: PricingModel, hmacKey: string): string {
  return createHmac('sha256', Buffer.from(hmacKey, 'utf8')).update(declarationMessage(multiplier, model)).digest('hex');
}

/** The `pricing` block for REGISTER and HEARTBEAT. */
export function pricingBlock(multiplier: number, model: PricingModel, hmacKey: string | null): Record<string, unknown> {
  const block: Record<string, unknown> = { credit_cost_multiplier: multiplier, pricing_model: model };
  if (hmacKey) block.declaration_signature = declarationSignature(multiplier, model, hmacKey);
  return block;
}
