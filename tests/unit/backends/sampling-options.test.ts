/**
 * The sampling settings beyond OpenAI's (`top_k`, `min_p`, `repeat_penalty`, `typical_p`): a node advertises those its
 * server takes, writes each in the server's own spelling, and refuses the others naming the field, never drops them.
 */
import { describe, expect, it } from 'vitest';
import {
  buildBackendRequest,
  buildCapabilities,
  INTENT_CHAT,
  INTENT_COMPLETION,
  INTENT_EMBEDDING,
  samplingOfFeatures,
  samplingTaken,
  type BuildOptions,
} from '@engine/backends';
import { completeFacts } from '@engine/backends/model-facts';
import type { BackendFlavour } from '@shared/contract';

const options = (flavour: BackendFlavour): BuildOptions => ({
  defaultModel: 'm',
  flavour,
  models: { m: { id: 'm-id', maxTokens: 64, tools: false } },
});
const chat = (extra: Record<string, unknown>) => ({
  model: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});

function build(flavour: BackendFlavour, intent: string, payload: Record<string, unknown>) {
  const r = buildBackendRequest(intent, payload, options(flavour));
  return r.ok ? { sent: JSON.parse(String(r.request.body)) as Record<string, unknown> } : { refused: r.error.message };
}

describe('which servers take which settings', () => {
  it('llama.cpp takes all four, vLLM three (no typical_p), Ollama’s OpenAI API and unknown servers none', () => {
    expect(samplingTaken('llamacpp')).toEqual(['top_k', 'min_p', 'repeat_penalty', 'typical_p']);
    expect(samplingTaken('vllm')).toEqual(['top_k', 'min_p', 'repeat_penalty']);
    expect(samplingTaken('ollama')).toEqual([]);
    expect(samplingTaken(null)).toEqual([]);
  });
});

describe('a task’s sampling settings on the node', () => {
  it('llama.cpp gets them under their own names, top level', () => {
    const r = build('llamacpp', INTENT_CHAT, chat({ top_k: 20, min_p: 0.05, repeat_penalty: 1.1, typical_p: 0.9 }));
    expect(r).toMatchObject({ sent: { model: 'm-id', top_k: 20, min_p: 0.05, repeat_penalty: 1.1, typical_p: 0.9 } });
  });

  it('vLLM gets the repeat penalty as repetition_penalty, on a completion too', () => {
    const r = build('vllm', INTENT_COMPLETION, { model: 'm', prompt: 'x', top_k: 5, repeat_penalty: 1.2 });
    expect(r).toMatchObject({ sent: { top_k: 5, repetition_penalty: 1.2 } });
    expect((r as { sent: Record<string, unknown> }).sent).not.toHaveProperty('repeat_penalty');
  });

  it('a setting the server does not take is refused naming it, never dropped', () => {
    expect(build('ollama', INTENT_CHAT, chat({ top_k: 20 }))).toEqual({
      refused: "top_k: this node's server does not take it",
    });
    expect(build('vllm', INTENT_CHAT, chat({ typical_p: 0.9 }))).toEqual({
      refused: "typical_p: this node's server does not take it",
    });
    expect(build('llamacpp', INTENT_EMBEDDING, { model: 'm', input: 'x', min_p: 0.1 })).toEqual({
      refused: 'min_p: an embedding is not sampled',
    });
  });

  it('a setting of the wrong type is refused; null is not said', () => {
    expect(build('llamacpp', INTENT_CHAT, chat({ top_k: 2.5 }))).toEqual({ refused: 'top_k has the wrong type' });
    expect(build('llamacpp', INTENT_CHAT, chat({ min_p: '0.1' }))).toEqual({ refused: 'min_p has the wrong type' });
    expect(build('ollama', INTENT_CHAT, chat({ top_k: null }))).toMatchObject({ sent: { model: 'm-id' } });
  });
});

describe('what the node advertises', () => {
  it('each setting its server takes is a `sampling:` feature of chat and completion, never of embedding', () => {
    const facts = completeFacts([
      { id: 'chat', kind: 'chat', tools: true },
      { id: 'emb', kind: 'embedding' },
    ]);
    const built = buildCapabilities({ facts, defaultModel: null, samplingOf: () => samplingTaken('vllm') });
    const byIntent = Object.fromEntries(built.capabilities.map((c) => [c.intent, c.features]));
    const sampling = ['sampling:top_k', 'sampling:min_p', 'sampling:repeat_penalty'];
    expect(byIntent[INTENT_CHAT]).toEqual(['tool_calling', ...sampling]);
    expect(byIntent[INTENT_COMPLETION]).toEqual(sampling);
    expect(byIntent[INTENT_EMBEDDING]).toBeUndefined();
    expect(samplingOfFeatures(byIntent[INTENT_CHAT]!)).toEqual(['top_k', 'min_p', 'repeat_penalty']);
  });

  it('a server that takes none adds no feature', () => {
    const built = buildCapabilities({ facts: completeFacts([{ id: 'c', kind: 'chat' }]), defaultModel: null });
    expect(built.capabilities.every((c) => c.features === undefined)).toBe(true);
  });
});
