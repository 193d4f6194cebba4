/**
 * A model that thinks before it answers is advertised so only when its server says so: Ollama's `/api/show` lists
 * `thinking` among the model's capabilities (qwen3, deepseek-r1, gpt-oss); a name says nothing.
 */
import { describe, expect, it } from 'vitest';
import { buildCapabilities, INTENT_CHAT, INTENT_COMPLETION } from '@engine/backends';
import { FEATURE_THINKING } from '@engine/backends/capabilities';
import { completeFacts, ollamaShowFacts } from '@engine/backends/model-facts';

/** `/api/show` of qwen3:8b on Ollama 0.12, the fields read here. */
const SHOW_QWEN3 = {
  capabilities: ['completion', 'tools', 'thinking'],
  details: { family: 'qwen3', parameter_size: '8.2B', quantization_level: 'Q4_K_M' },
  model_info: { 'general.architecture': 'qwen3', 'general.parameter_count': 8190735360, 'qwen3.context_length': 40960 },
};
const SHOW_LLAMA = { ...SHOW_QWEN3, capabilities: ['completion', 'tools'] };

describe('whether a model thinks', () => {
  it('Ollama’s `thinking` capability says it does; without it, nothing is said', () => {
    expect(ollamaShowFacts('qwen3:8b', SHOW_QWEN3)).toMatchObject({ kind: 'chat', tools: true, thinks: true });
    expect(ollamaShowFacts('llama3.1:8b', SHOW_LLAMA).thinks).toBeUndefined();
    expect(ollamaShowFacts('old', { ...SHOW_QWEN3, capabilities: undefined }).thinks).toBeUndefined();
  });

  it('is advertised as the `thinking` feature on chat only, and never from a name', () => {
    const facts = completeFacts([ollamaShowFacts('qwen3:8b', SHOW_QWEN3), { id: 'deepseek-r1:7b', kind: 'chat' }]);
    expect(facts.map((f) => f.thinks)).toEqual([true, undefined]);
    const built = buildCapabilities({ facts, defaultModel: null });
    const chat = built.capabilities.filter((c) => c.intent === INTENT_CHAT);
    expect(chat.find((c) => c.models.includes('qwen3:8b'))?.features).toEqual(['tool_calling', FEATURE_THINKING]);
    expect(chat.find((c) => c.models.includes('deepseek-r1:7b'))?.features).toBeUndefined();
    const completion = built.capabilities.filter((c) => c.intent === INTENT_COMPLETION);
    expect(completion.every((c) => !c.features?.includes(FEATURE_THINKING))).toBe(true);
  });
});
