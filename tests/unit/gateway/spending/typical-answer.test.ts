import { describe, expect, it } from 'vitest';
import {
  ANSWERS_LOOKED_AT,
  DEFAULT_ANSWER_TOKENS,
  typicalAnswerTokens,
  type AnswerLengths,
} from '@engine/gateway/spending/typical-answer';

/** A book of answers' lengths by app key, newest first; `asked` records each read. */
function book(byApp: Record<string, number[]>) {
  const asked: (string | null)[] = [];
  const lengths: AnswerLengths = (appKeyId, limit) => {
    asked.push(appKeyId);
    const all = appKeyId === null ? Object.values(byApp).flat() : (byApp[appKeyId] ?? []);
    return all.slice(0, limit);
  };
  return { lengths, asked };
}

describe('typicalAnswerTokens', () => {
  it("is the median of this app's answers, without reading other apps'", () => {
    const b = book({ app: [40, 500, 60], other: [9000, 9000, 9000] });
    expect(typicalAnswerTokens(b.lengths, 'app', 4096)).toBe(60);
    expect(b.asked).toEqual(['app']);
  });

  it('takes the lower middle of an even count, so the expected cost errs low', () => {
    expect(typicalAnswerTokens(book({ app: [10, 20, 30, 40] }).lengths, 'app', null)).toBe(20);
  });

  it("falls back to every app's answers for the model when this app has none", () => {
    const b = book({ other: [100, 300, 200] });
    expect(typicalAnswerTokens(b.lengths, 'app', 4096)).toBe(200);
    expect(b.asked).toEqual(['app', null]);
    expect(typicalAnswerTokens(b.lengths, null, 4096)).toBe(200);
  });

  it('is the fixed default when no app has answers for the model', () => {
    expect(typicalAnswerTokens(book({}).lengths, 'app', 4096)).toBe(DEFAULT_ANSWER_TOKENS);
    expect(typicalAnswerTokens(book({}).lengths, 'app', null)).toBe(DEFAULT_ANSWER_TOKENS);
  });

  it('is never above the bound the limits hold', () => {
    expect(typicalAnswerTokens(book({ app: [900, 1000, 1100] }).lengths, 'app', 64)).toBe(64);
    expect(typicalAnswerTokens(book({}).lengths, 'app', 100)).toBe(100);
    expect(typicalAnswerTokens(book({}).lengths, 'app', 0)).toBe(0);
  });

  it('asks for a bounded number of answers', () => {
    const limits: number[] = [];
    typicalAnswerTokens((_, limit) => (limits.push(limit), []), 'app', null);
    expect(limits).toEqual([ANSWERS_LOOKED_AT, ANSWERS_LOOKED_AT]);
  });
});
