/**
 * The one status of the node's price, from what the directory answered and holds: the Pricing page shows it as its
 * badge and "Why am I not getting tasks?" says it in its price check, so the two never disagree.
 */
import type { PricingInfo } from '../contract';

export type PriceStatusKind = 'unregistered' | 'waiting' | 'differs' | 'lowered' | 'confirmed';

export type PriceFacts = Pick<PricingInfo, 'declarationAccepted' | 'directoryMultiplier' | 'ceiling' | 'capped'>;

const same = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;

export function priceStatusKind(p: PriceFacts, registered: boolean): PriceStatusKind {
  if (!p.declarationAccepted) return registered ? 'waiting' : 'unregistered';
  if (p.directoryMultiplier !== null && !same(p.directoryMultiplier, p.ceiling)) return 'differs';
  if (p.capped) return 'lowered';
  return 'confirmed';
}

/** The status in words; `times` writes a multiplier the way the place showing it does ("2.5 ×"). */
export function priceStatusLabel(kind: PriceStatusKind, p: PriceFacts, times: (m: number) => string): string {
  switch (kind) {
    case 'unregistered':
      return 'Not registered yet — your price is sent when your node registers';
    case 'waiting':
      return 'Waiting for the directory to confirm';
    case 'differs':
      return `The directory still holds ${times(p.directoryMultiplier ?? p.ceiling)}, not your ${times(p.ceiling)}`;
    case 'lowered':
      return `The directory lowered it to ${times(p.ceiling)} because of your model size`;
    case 'confirmed':
      return 'Confirmed by the directory';
  }
}
