/**
 * The cost a try is planned at: an honest node's claim for the prompt and a typical answer, never above what the
 * limits hold for it (its cost at the answer's bound); an embedding, which has no answer, at its held cost.
 */
import { describe, expect, it } from 'vitest';
import { plannedCost, defaultTypicalAnswer } from '@engine/gateway/routing/try-terms';
import { honestClaim } from '@engine/gateway/spending';
import { DEFAULT_ANSWER_TOKENS } from '@engine/gateway/spending/typical-answer';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const EMBED = 'urn:iicp:intent:llm:embedding:v1';

describe('plannedCost', () => {
  it('is the claim for the prompt and the typical answer of the bound, far below the held cost of a long bound', () => {
    const held = honestClaim(50 + 900, 1);
    const bounds: (number | null)[] = [];
    const planned = plannedCost({ multiplier: 1 }, CHAT, 50, { maxTokens: 900, expected: held }, (bound) => {
      bounds.push(bound);
      return 30;
    });
    expect(planned).toBe(honestClaim(50 + 30, 1));
    expect(bounds).toEqual([900]);
    expect(planned).toBeLessThan(held / 10);
  });

  it('takes the fixed length without the book, and follows the multiplier', () => {
    const held = honestClaim(10 + 4000, 2);
    expect(plannedCost({ multiplier: 2 }, CHAT, 10, { maxTokens: 4000, expected: held }, defaultTypicalAnswer)).toBe(
      honestClaim(10 + DEFAULT_ANSWER_TOKENS, 2),
    );
  });

  it('is never above what the limits hold', () => {
    const held = honestClaim(50 + 20, 1);
    expect(plannedCost({ multiplier: 1 }, CHAT, 50, { maxTokens: 20, expected: held }, () => 5000)).toBe(held);
  });

  it('is the held cost for an embedding, and nothing for a free try', () => {
    const held = honestClaim(700, 1);
    expect(plannedCost({ multiplier: 1 }, EMBED, 700, { maxTokens: null, expected: held }, () => 256)).toBe(held);
    expect(plannedCost({ multiplier: 1 }, CHAT, 700, { maxTokens: 100, expected: 0 }, () => 30)).toBe(0);
  });
});
