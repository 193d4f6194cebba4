/**
 * The one decision of how many tokens a node claims for an answer (src-main/engine/backends/token-claim.ts): the
 * smaller of the server's count, the node's own count with its margin, and the request's bound; an honest server's
 * count unchanged; a count that is no count not read.
 */
import { describe, expect, it } from 'vitest';
import {
  ANSWER_ROOM_TOKENS,
  BYTES_PER_TOKEN,
  COUNT_MARGIN,
  TEMPLATE_TOKENS,
  answerBytes,
  claimTokens,
  estimateTokens,
  promptBound,
  serverCountOf,
  toldUsage,
  writtenBytes,
  type TokenBound,
} from '@engine/backends/token-claim';

/** A request of 200 bytes with max_tokens 50. */
const BOUND: TokenBound = { promptBytes: 200, answerTokens: 50 };
const said = (usage: unknown) => serverCountOf(usage);

describe('the estimate', () => {
  it('is four bytes a token, rounded up; one token per byte is the margin', () => {
    expect(BYTES_PER_TOKEN).toBe(4);
    expect(COUNT_MARGIN).toBe(BYTES_PER_TOKEN);
    expect([0, 1, 4, 5, 400].map(estimateTokens)).toEqual([0, 1, 1, 2, 100]);
    expect(promptBound(200)).toBe(200 + TEMPLATE_TOKENS);
  });

  it('counts what the model wrote: text, parts, reasoning, a refusal, tool calls; every choice of a whole answer', () => {
    expect(
      writtenBytes({
        content: 'héllo',
        reasoning_content: 'ab',
        reasoning: 'c',
        refusal: 'no',
        tool_calls: [
          { function: { name: 'f', arguments: '{"a":1}' } },
          { function: { name: 'g', arguments: { b: 2 } } },
        ],
      }),
    ).toBe(6 + 2 + 1 + 2 + 1 + 7 + 1 + 7);
    expect(writtenBytes({ content: [{ type: 'text', text: 'ab' }, { type: 'image_url' }, 'junk'] })).toBe(2);
    expect(answerBytes({ choices: [{ message: { content: 'abc' } }, { text: 'de' }, 'junk'] })).toBe(5);
    expect(answerBytes({ data: [] })).toBe(0);
    expect(answerBytes('text')).toBe(0);
  });
});

describe("the server's usage", () => {
  it('reads whole, non-negative, exact numbers; anything else in it is no count and makes it unreadable', () => {
    expect(said(undefined)).toBeNull();
    expect(said(null)).toBeNull();
    expect(said({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 })).toEqual({
      prompt: 3,
      completion: 4,
      total: 7,
      unreadable: false,
    });
    expect(said({ total_tokens: 9e15 })).toEqual({ prompt: null, completion: null, total: 9e15, unreadable: false });
    for (const bad of [-1, 1.5, 'NaN', '7', 1e300, true, {}])
      expect(said({ prompt_tokens: 3, completion_tokens: 4, total_tokens: bad })).toEqual({
        prompt: 3,
        completion: 4,
        total: null,
        unreadable: true,
      });
    expect(said('lots')).toEqual({ prompt: null, completion: null, total: null, unreadable: true });
    expect(said([1, 2])).toEqual({ prompt: null, completion: null, total: null, unreadable: true });
  });
});

describe('the claim', () => {
  it("an honest server's count passes unchanged, with no note", () => {
    expect(claimTokens(said({ prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 }), 3, BOUND)).toEqual({
      total: 12,
      prompt: 9,
      completion: 3,
      note: null,
    });
    // A tokenizer at one token per byte, a template's long system prompt, the answer's end marker.
    expect(
      claimTokens(
        said({
          prompt_tokens: 200 + TEMPLATE_TOKENS,
          completion_tokens: 3 * COUNT_MARGIN + ANSWER_ROOM_TOKENS,
          total_tokens: 1224 + 76,
        }),
        3,
        { ...BOUND, answerTokens: 500 },
      ),
    ).toMatchObject({
      total: 1300,
      note: null,
    });
    // A server that counts less than the node: its count stands (a claim is never raised).
    expect(claimTokens(said({ prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }), 30, BOUND)).toEqual({
      total: 2,
      prompt: 1,
      completion: 1,
      note: null,
    });
  });

  it('a total of 9e15 alone is held to the prompt bound and the answer bound', () => {
    const c = claimTokens(said({ total_tokens: 9e15 }), 3, BOUND);
    // The answer: min(3 × 4 + 64, max_tokens 50) = 50.
    expect(c.total).toBe(200 + TEMPLATE_TOKENS + 50);
    expect(c.note).toEqual({ kind: 'bounded', server: 9e15, claimed: c.total });
  });

  it("a lying total beside believable parts: the parts' sum", () => {
    expect(claimTokens(said({ prompt_tokens: 9, completion_tokens: 3, total_tokens: 9e15 }), 3, BOUND)).toEqual({
      total: 12,
      prompt: 9,
      completion: 3,
      note: { kind: 'bounded', server: 9e15, claimed: 12 },
    });
  });

  it('each part is held on its own: the prompt to its bytes and a template, the answer to the node count and max_tokens', () => {
    expect(
      claimTokens(said({ prompt_tokens: 9e15, completion_tokens: 3, total_tokens: 9e15 + 3 }), 3, BOUND),
    ).toMatchObject({ total: 200 + TEMPLATE_TOKENS + 3, prompt: 200 + TEMPLATE_TOKENS, completion: 3 });
    expect(claimTokens(said({ prompt_tokens: 9, completion_tokens: 500, total_tokens: 509 }), 3, BOUND)).toMatchObject({
      total: 59,
      completion: 50,
      note: { kind: 'bounded', server: 509 },
    });
    // With room under max_tokens, the node's own count with the margin decides: 2 × 4 + 64.
    expect(
      claimTokens(said({ prompt_tokens: 9, completion_tokens: 500, total_tokens: 509 }), 2, {
        ...BOUND,
        answerTokens: 8192,
      }),
    ).toMatchObject({ completion: 72, total: 81 });
    // Embeddings write nothing: whatever completion a server claims is cut to none.
    expect(
      claimTokens(said({ prompt_tokens: 5, completion_tokens: 40, total_tokens: 45 }), 0, {
        promptBytes: 20,
        answerTokens: 0,
      }),
    ).toMatchObject({ total: 5, completion: 0 });
  });

  it("a usage that is no count: the node's own count, noted as unreadable", () => {
    const own = estimateTokens(200) + 3;
    expect(
      claimTokens(said({ prompt_tokens: 'NaN', completion_tokens: 'NaN', total_tokens: 'NaN' }), 3, BOUND),
    ).toEqual({ total: own, prompt: 50, completion: 3, note: { kind: 'unreadable', server: null, claimed: own } });
    expect(claimTokens(said(-5), 3, BOUND)).toMatchObject({ total: own, note: { kind: 'unreadable' } });
    // Readable parts beside an unreadable total: the parts stand, and the note says what could not be read.
    expect(claimTokens(said({ prompt_tokens: 9, completion_tokens: 3, total_tokens: 1e300 }), 3, BOUND)).toEqual({
      total: 12,
      prompt: 9,
      completion: 3,
      note: { kind: 'unreadable', server: 12, claimed: 12 },
    });
  });

  it("no usage at all: the node's own count, nothing to note", () => {
    expect(claimTokens(null, 3, BOUND)).toEqual({
      total: estimateTokens(200) + 3,
      prompt: 50,
      completion: 3,
      note: null,
    });
    // The node's own count of the answer never passes max_tokens either.
    expect(claimTokens(null, 900, BOUND)).toMatchObject({ completion: 50 });
  });
});

describe('the usage told', () => {
  it("replaces the counts the server's object has with the claim's, keeps its other fields, adds none", () => {
    const c = claimTokens(said({ prompt_tokens: 9, completion_tokens: 3, total_tokens: 9e15 }), 3, BOUND);
    expect(
      toldUsage(
        { prompt_tokens: 9, completion_tokens: 3, total_tokens: 9e15, prompt_tokens_details: { cached_tokens: 0 } },
        c,
      ),
    ).toEqual({
      prompt_tokens: 9,
      completion_tokens: 3,
      total_tokens: 12,
      prompt_tokens_details: { cached_tokens: 0 },
    });
    expect(toldUsage({ total_tokens: 9e15 }, c)).toEqual({ total_tokens: 12 });
    expect(toldUsage('lots', c)).toEqual({ prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 });
  });
});
