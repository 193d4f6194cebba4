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
 * The status as a sentence each screen says in its language; `times` writes a multiplier the way the place showing it
 * does ("2.5 ×").
 */
export function priceStatusSaid(kind: PriceStatusKind, p: PriceFacts, times: (m: number) => string): Said {
  switch (kind) {
    case 'unregistered':
      return said('pricing.status.unregistered');
    case 'waiting':
      return said('pricing.status.waiting');
    case 'differs':
      return said('pricing.status.differs', {
        held: times(p.directoryMultiplier ?? p.ceiling),
        yours: times(p.ceiling),
      });
    case 'lowered':
      return said('pricing.status.lowered', { ceiling: times(p.ceiling) });
    case 'confirmed':
      return said('pricing.status.confirmed');
  }
}

/** The status in words, in the language of the process saying it. */
export function priceStatusLabel(kind: PriceStatusKind, p: PriceFacts, times: (m: number) => string): string {
  return sayNow().said(priceStatusSaid(kind, p, times));
}
