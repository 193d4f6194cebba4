/**
 * The one status of the node's price, from what the directory answered and holds: the Pricing page shows it as its
 * badge and "Why am I not getting tasks?" says it in its price check, so the two never disagree.
 */
import type { PricingInfo } from '../contract';
import { sayNow } from '../i18n/current';
import { said, type Said } from '../i18n/said';

export type PriceStatusKind = 'unregistered' | 'waiting' | 'differs' | 'lowered' | 'confirmed';

export type PriceFacts = Pick<PricingInfo, 'declarationAccepted' | 'directoryMultiplier' | 'ceiling' | 'capped'>;

const same = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;

export function priceStatusKind(p: PriceFacts, registered: boolean): PriceStatusKind {
  if (!p.declarationAccepted) return registered ? 'waiting' : 'unregistered';
  if (p.directoryMultiplier !== null && !same(p.directoryMultiplier, p.ceiling)) return 'differs';
  if (p.capped) return 'lowered';
  return 'confirmed';
}

/**
 * The status as a sentence each screen says in its language. Its multipliers stay numbers, so the screen that says it
 * writes them in its own locale ("0,15 ×" on a German page), never the engine's.
 */
export function priceStatusSaid(kind: PriceStatusKind, p: PriceFacts): Said {
  switch (kind) {
    case 'unregistered':
      return said('pricing.status.unregistered');
    case 'waiting':
      return said('pricing.status.waiting');
    case 'differs':
      return said('pricing.status.differs', { held: p.directoryMultiplier ?? p.ceiling, yours: p.ceiling });
    case 'lowered':
      return said('pricing.status.lowered', { ceiling: p.ceiling });
    case 'confirmed':
      return said('pricing.status.confirmed');
  }
}

/** The status in words, in the language of the process saying it. */
export function priceStatusLabel(kind: PriceStatusKind, p: PriceFacts): string {
  return sayNow().said(priceStatusSaid(kind, p));
}
