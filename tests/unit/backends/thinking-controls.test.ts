/**
 * What a request may do with a reasoning model's thinking is read from what its server shows, never from a name:
 * Ollama's `/api/show` capabilities (and gpt-oss's architecture for efforts), llama.cpp's `/props` chat template (and
 * whether the build passes template arguments). The node writes each ask in its server's spelling, or refuses it.
 */
import { describe, expect, it } from 'vitest';
import { buildCapabilities, INTENT_CHAT, INTENT_COMPLETION } from '@engine/backends';
import { completeFacts, llamaCppProps, ollamaShowFacts } from '@engine/backends/model-facts';
import {
  FEATURE_THINKING,
  FEATURE_THINKING_EFFORT,
  FEATURE_THINKING_OFF,
  llamaCppThinking,
  thinkingAsk,
  thinkingFields,
  thinkingOfFeatures,
  thinkingRefusal,
} from '@engine/backends/thinking-controls';

/** `/api/show` of qwen3:8b on Ollama 0.12, the fields read here. */
const SHOW_QWEN3 = {
  capabilities: ['completion', 'tools', 'thinking'],
  details: { family: 'qwen3', parameter_size: '8.2B', quantization_level: 'Q4_K_M' },
  model_info: { 'general.architecture': 'qwen3', 'general.parameter_count': 8190735360, 'qwen3.context_length': 40960 },
};
const SHOW_GPT_OSS = {
  capabilities: ['completion', 'tools', 'thinking'],
  details: { family: 'gptoss', parameter_size: '20.9B', quantization_level: 'MXFP4' },
  model_info: { 'general.architecture': 'gptoss', 'gptoss.context_length': 131072 },
};
const SHOW_LLAMA = { ...SHOW_QWEN3, capabilities: ['completion', 'tools'] };

/** The parts of real chat templates that say how a model thinks, as llama.cpp's `/props` returns them. */
const QWEN3_TEMPLATE =
  "{%- if enable_thinking is defined and enable_thinking is false %}\n        {{- '<think>\\n\\n</think>\\n\\n' }}\n    {%- endif %}";
const GPT_OSS_TEMPLATE =
  '{%- if reasoning_effort is defined %}{{- "Reasoning: " + reasoning_effort + "\\n\\n" }}{%- endif %}<|channel|>analysis';
const R1_TEMPLATE = "{% set content = content.split('</think>')[-1] %}{{'<｜Assistant｜><think>\\n'}}";
const LLAMA3_TEMPLATE = "{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}";
/** A build that reports its template's capabilities (and so passes `chat_template_kwargs`). */
const CAPS = { supports_tools: true, supports_tool_calls: true };

describe('how a model thinks, as its server shows it', () => {
  it('Ollama: `thinking` is switchable, gpt-oss takes efforts, a list without it never thinks, no list says nothing', () => {
    expect(ollamaShowFacts('qwen3:8b', SHOW_QWEN3)).toMatchObject({
      kind: 'chat',
      tools: true,
      thinking: 'switchable',
    });
    expect(ollamaShowFacts('gpt-oss:20b', SHOW_GPT_OSS).thinking).toBe('levels');
    expect(ollamaShowFacts('llama3.1:8b', SHOW_LLAMA).thinking).toBe('never');
    expect(ollamaShowFacts('old', { ...SHOW_QWEN3, capabilities: undefined }).thinking).toBeNull();
  });

  it('llama.cpp: the template’s words, switchable or with efforts only where the build passes arguments', () => {
    expect(llamaCppThinking({ chat_template: QWEN3_TEMPLATE, chat_template_caps: CAPS })).toBe('switchable');
    expect(llamaCppThinking({ chat_template: QWEN3_TEMPLATE })).toBe('always');
    expect(llamaCppThinking({ chat_template: GPT_OSS_TEMPLATE, chat_template_caps: CAPS })).toBe('levels');
    expect(llamaCppThinking({ chat_template: GPT_OSS_TEMPLATE })).toBe('always');
    expect(llamaCppThinking({ chat_template: R1_TEMPLATE, chat_template_caps: CAPS })).toBe('always');
    expect(llamaCppThinking({ chat_template: LLAMA3_TEMPLATE })).toBe('never');
    expect(llamaCppThinking({ default_generation_settings: { n_ctx: 4096 } })).toBeNull();
    expect(llamaCppThinking({ chat_template: 'x'.repeat(300_000) })).toBeNull();
    expect(llamaCppProps({ chat_template: R1_TEMPLATE }).thinking).toBe('always');
  });

  it('is advertised on chat only, as features that round-trip, and never from a name', () => {
    const facts = completeFacts([
      ollamaShowFacts('qwen3:8b', SHOW_QWEN3),
      ollamaShowFacts('gpt-oss:20b', SHOW_GPT_OSS),
      ollamaShowFacts('llama3.1:8b', SHOW_LLAMA),
      { id: 'deepseek-r1:7b', kind: 'chat' },
    ]);
    expect(facts.map((f) => f.thinking)).toEqual(['switchable', 'levels', 'never', undefined]);
    const built = buildCapabilities({ facts, defaultModel: null });
    const chat = built.capabilities.filter((c) => c.intent === INTENT_CHAT);
    const features = (m: string): string[] | undefined => chat.find((c) => c.models.includes(m))?.features;
    expect(features('qwen3:8b')).toEqual(['tool_calling', FEATURE_THINKING, FEATURE_THINKING_OFF]);
    expect(features('gpt-oss:20b')).toEqual(['tool_calling', FEATURE_THINKING, FEATURE_THINKING_EFFORT]);
    expect(features('llama3.1:8b')).toEqual(['tool_calling', FEATURE_THINKING_OFF]);
    expect(features('deepseek-r1:7b')).toBeUndefined();
    expect(thinkingOfFeatures(features('gpt-oss:20b')!)).toEqual(['on', 'effort']);
    const completion = built.capabilities.filter((c) => c.intent === INTENT_COMPLETION);
    expect(completion.every((c) => !c.features?.some((f) => f.startsWith('thinking')))).toBe(true);
  });
});

describe('an ask, honoured in the server’s spelling or refused', () => {
  it('reads only the values a task may carry', () => {
    expect([true, false, 'low', 'medium', 'high'].map(thinkingAsk)).toEqual([true, false, 'low', 'medium', 'high']);
    expect(['minimal', 'none', 1, null, {}].map(thinkingAsk)).toEqual([null, null, null, null, null]);
  });

  it('refuses what the model cannot do, and what a server did not show', () => {
    expect(thinkingRefusal(false, 'always')).toBe('this model always thinks; it cannot be turned off');
    expect(thinkingRefusal(false, 'levels')).toBe('this model always thinks; it cannot be turned off');
    expect(thinkingRefusal(true, 'never')).toBe('this model does not think');
    expect(thinkingRefusal('high', 'switchable')).toBe('this model takes no thinking effort');
    expect(thinkingRefusal(false, undefined)).toMatch(/does not say/);
    expect(thinkingRefusal(false, 'never')).toBeNull();
    expect(thinkingRefusal(false, 'switchable')).toBeNull();
    expect(thinkingRefusal('low', 'levels')).toBeNull();
    expect(thinkingRefusal(true, 'always')).toBeNull();
  });

  it('writes Ollama’s /v1 and llama.cpp’s template arguments; a default is sent as nothing', () => {
    expect(thinkingFields('ollama', 'switchable', false)).toEqual({ reasoning_effort: 'none' });
    expect(thinkingFields('ollama', 'switchable', true)).toEqual({});
    expect(thinkingFields('ollama', 'levels', 'high')).toEqual({ reasoning_effort: 'high' });
    expect(thinkingFields('ollama', 'never', false)).toEqual({});
    expect(thinkingFields('llamacpp', 'switchable', false)).toEqual({
      chat_template_kwargs: { enable_thinking: false },
    });
    expect(thinkingFields('llamacpp', 'switchable', true)).toEqual({ chat_template_kwargs: { enable_thinking: true } });
    expect(thinkingFields('llamacpp', 'levels', 'low')).toEqual({ chat_template_kwargs: { reasoning_effort: 'low' } });
    expect(thinkingFields('llamacpp', 'always', true)).toEqual({});
  });
});
