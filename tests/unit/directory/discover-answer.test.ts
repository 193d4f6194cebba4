/**
 * A discover answer from a hostile directory, read once for every reader (`discover-answer.ts`): each model name is
 * held to the one model name rule the node's own advert is held to, so a name that fails is not there at all (never a
 * cleaned copy of it), and a context no model has is no context.
 */
import { describe, expect, it } from 'vitest';
import { CONTEXT_TOKENS_MAX } from '@shared/contract';
import { readDiscoverAnswer } from '@engine/directory/discover-answer';

const NODE = 'a0000000-0000-4000-8000-00000000000a';
const CHAT = 'urn:iicp:intent:llm:chat:v1';
const HOSTILE = [
  'evil\u202egnp.exe',
  'esc\u001b[31mred',
  '<img src=x onerror=alert(1)>',
  'zero\u200bwidth',
  ' spaced',
  'x'.repeat(256),
  '',
  42,
  null,
];

function read(node: Record<string, unknown>) {
  return readDiscoverAnswer({ nodes: [{ node_id: NODE, ...node }] })!.nodes[0]!;
}

describe('model names in a discover answer', () => {
  it('keeps the names that pass the model name rule and leaves out every other, at the node and in each capability', () => {
    const n = read({
      models: ['qwen2.5:7b', ...HOSTILE, 'x'.repeat(255)],
      capabilities: [{ intent: CHAT, models: [...HOSTILE, 'qwen2.5:7b'] }],
    });
    expect(n.models).toEqual(['qwen2.5:7b', 'x'.repeat(255)]);
    expect(n.capabilities[0]!.models).toEqual(['qwen2.5:7b']);
    // A bad name costs only itself: the node is still sound.
    expect(n.sound).toBe(true);
  });

  it('a name listed twice is read once', () => {
    expect(read({ models: ['a:1b', 'a:1b', 'b:1b'] }).models).toEqual(['a:1b', 'b:1b']);
  });

  it.each([
    ['1e300', 1e300, null],
    ['2^60', 1152921504606847000, null],
    ['one past the most', CONTEXT_TOKENS_MAX + 1, null],
    ['a fraction', 4096.5, null],
    ['the most', CONTEXT_TOKENS_MAX, CONTEXT_TOKENS_MAX],
    ['an ordinary one', 32768, 32768],
  ])('a context of %s (%s) is read as %s', (_, value, context) => {
    expect(
      read({
        capabilities: [{ intent: CHAT, models: ['m:1b'], limits: { context_tokens: { value, unit: 'tokens' } } }],
      }).capabilities[0]!.contextTokens,
    ).toBe(context);
  });

  it('a quantization is a name too: one with a bidi override or markup is not read', () => {
    const caps = ['Q4_K_M', 'Q4\u202eM', '<b>Q8</b>'].map((quantization) => ({
      intent: CHAT,
      models: ['m:1b'],
      quantization,
    }));
    expect(read({ capabilities: caps }).capabilities.map((c) => c.quantization)).toEqual(['Q4_K_M', null, null]);
  });
});

describe('the price in a discover answer', () => {
  it('reads the multiplier the PHP directory lists at the top level, and the `pricing` object’s before it', () => {
    expect(read({ credit_cost_multiplier: 1.5 }).price).toBe(1.5);
    expect(read({ pricing: { credit_cost_multiplier: 2 }, credit_cost_multiplier: 1.5 }).price).toBe(2);
    expect(read({}).price).toBeNull();
    // A node listed without a price of its own: null, and still sound.
    expect(read({ credit_cost_multiplier: null })).toMatchObject({ price: null, sound: true });
  });

  it('takes a malformed top-level multiplier for an unsound entry, never for a price', () => {
    for (const bad of ['1.5', -1, 1e9, {}]) {
      const n = read({ credit_cost_multiplier: bad });
      expect(n.price).toBeNull();
      expect(n.sound).toBe(false);
    }
  });

  it('takes a malformed `pricing` object for an unsound entry, and a sound top-level price then stands', () => {
    expect(read({ pricing: { credit_cost_multiplier: 'x' } })).toMatchObject({ price: null, sound: false });
    expect(read({ pricing: {}, credit_cost_multiplier: 1.5 })).toMatchObject({ price: 1.5, sound: false });
  });

  it('reads an operator’s public name only beside a well-formed fingerprint', () => {
    const named = { operator_fingerprint: '0123456789ab', operator_display_name: 'Bob' };
    expect(read(named)).toMatchObject({ operator: '0123456789ab', operatorName: 'Bob' });
    expect(read({ ...named, operator_fingerprint: 'not-a-print' })).toMatchObject({
      operator: null,
      operatorName: null,
    });
  });
});
