/** How many slots one source may hold: its cap, and its part of a max-min division of the capacity (admission.ts). */
import { RELAYED_SOURCE } from './relayed-task';

/**
 * The most slots one source may hold at once: all but one of the current capacity (at least one), so with two slots
 * or more one is always left for the other consumers. The node's own relay worker is exempt: it
 * carries many consumers and queues them itself, and it still takes part in the shares and turns like any source.
 */
export function sourceCap(source: string, capacity: number): number {
  return source === RELAYED_SOURCE ? capacity : Math.max(1, capacity - 1);
}

/**
 * The part of `capacity` a source wanting `mine` slots gets when the others want `others`: a max-min (water-filling)
 * division, at least one slot each.
 */
export function waterFill(others: readonly number[], mine: number, capacity: number): number {
  const wants = [...others, mine].sort((x, y) => x - y);
  let remaining = capacity;
  for (let i = 0; i < wants.length; i++) {
    // Rounded up: equal wants then get equal shares (the capacity check still bounds the total).
    const give = Math.min(wants[i]!, Math.max(1, Math.ceil(remaining / (wants.length - i))));
    if (wants[i] === mine) return give;
    remaining -= give;
  }
  return 1;
}
