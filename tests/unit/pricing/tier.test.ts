import { describe, expect, it } from 'vitest';
import { tierFor } from '@engine/pricing/tier';

const counts = (known: Record<string, number>) => (model: string) => known[model] ?? null;

describe('the model size the price is read from', () => {
  it('a 3B model is in the under-10-billion bucket, named with its size', () => {
    expect(tierFor(['qwen2.5:3b'])).toEqual({ name: '7b', weight: 1, model: 'qwen2.5:3b', params: 3 });
  });

  it('reads the size from the name, not from version numbers before it', () => {
    expect(tierFor(['llama3.1:8b'])).toMatchObject({ name: '7b', params: 8 });
    expect(tierFor(['qwen2.5-coder:1.5b-instruct'])).toMatchObject({ name: '7b', params: 1.5 });
    expect(tierFor(['deepseek-r1:70b'])).toMatchObject({ name: '70b', params: 70 });
  });

  it('the highest bucket wins whatever the order of the models', () => {
    expect(tierFor(['qwen2.5:0.5b', 'qwen2.5:14b', 'llama3.1:8b'])).toMatchObject({
      name: '13b',
      model: 'qwen2.5:14b',
    });
    expect(tierFor(['qwen2.5:14b', 'qwen2.5:0.5b'])).toMatchObject({ name: '13b', model: 'qwen2.5:14b' });
  });

  it('within one bucket the largest model is the one named', () => {
    expect(tierFor(['qwen2.5:3b', 'llama3.1:8b'])).toMatchObject({ name: '7b', model: 'llama3.1:8b', params: 8 });
    expect(tierFor(['llama3.1:8b', 'qwen2.5:3b'])).toMatchObject({ name: '7b', model: 'llama3.1:8b', params: 8 });
  });

  it('names without a size count as the directory’s default bucket, with no model named', () => {
    expect(tierFor(['nomic-embed-text', 'phi'])).toEqual({ name: '7b', weight: 1, model: null, params: null });
    expect(tierFor([])).toEqual({ name: '7b', weight: 1, model: null, params: null });
  });

  it('a size the server reported lowers the bucket, never raises it above what the name says', () => {
    expect(tierFor(['tiny'], counts({ tiny: 494_000_000 }))).toEqual({
      name: 'sub_1b',
      weight: 0.05,
      model: 'tiny',
      params: 0.5,
    });
    // The directory sees only the name: a 70B model without a size in its name stays in the default bucket.
    expect(tierFor(['big'], counts({ big: 70_600_000_000 }))).toEqual({
      name: '7b',
      weight: 1,
      model: 'big',
      params: null,
    });
    expect(tierFor(['llama3.3:70b'], counts({ 'llama3.3:70b': 70_600_000_000 }))).toMatchObject({
      name: '70b',
      params: 70,
    });
  });
});
