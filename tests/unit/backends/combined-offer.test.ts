/**
 * How the node's most advertised models are shared among its LLM servers (`fairShares` in `combined-offer.ts`): each
 * gets an equal part, a server that lists fewer leaves the rest to the others, a remainder goes to the first in the
 * node's order, and the total never passes the cap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADVERTISED_MODELS_MAX } from '@shared/contract';
import { fairShares } from '@engine/backends/combined-offer';

describe('fair shares of the advertised models', () => {
  it('a server listing thousands does not crowd out the first one', () => {
    expect(fairShares([3, 3006])).toEqual([3, ADVERTISED_MODELS_MAX - 3]);
    expect(fairShares([3006, 3])).toEqual([ADVERTISED_MODELS_MAX - 3, 3]);
  });

  it('two servers that both list too many get half each; three split it with the remainder first', () => {
    expect(fairShares([200, 3006])).toEqual([64, 64]);
    expect(fairShares([500, 500, 500])).toEqual([43, 43, 42]);
  });

  it('what fits is all kept', () => {
    expect(fairShares([10, 20, 0, 5])).toEqual([10, 20, 0, 5]);
    expect(fairShares([])).toEqual([]);
  });

  it('never more than a server lists or than the cap, and the cap filled whenever the servers list that many', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 5000 }), { maxLength: 8 }), (wants) => {
        const shares = fairShares(wants);
        const total = shares.reduce((a, b) => a + b, 0);
        expect(shares.every((s, i) => s >= 0 && s <= wants[i]!)).toBe(true);
        expect(total).toBe(
          Math.min(
            ADVERTISED_MODELS_MAX,
            wants.reduce((a, b) => a + b, 0),
          ),
        );
        // Max-min fair: a server below its want has at least as much as any other, give or take the remainder.
        for (let i = 0; i < wants.length; i++)
          if (shares[i]! < wants[i]!) expect(Math.max(...shares) - shares[i]!).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
  });
});
