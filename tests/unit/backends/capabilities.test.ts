import { describe, expect, it } from 'vitest';
import {
  FEATURE_FILL_IN_MIDDLE,
  INTENT_CHAT,
  INTENT_COMPLETION,
  INTENT_EMBEDDING,
  buildCapabilities,
} from '@engine/backends';
import { MAX_MODELS_PER_CAPABILITY, factsFromIds } from '@engine/backends/capabilities';
import { completeFacts, kindFromName, modalitiesFromName } from '@engine/backends/model-facts';

const chatOnly = { offerCompletion: false } as const;
/** Bare ids: the kind comes from the name, so each capability says its facts are a guess. */
const GUESSED = { claim_provenance: { source: 'heuristic_fallback' } } as const;
const REPORTED = { claim_provenance: { source: 'runtime_introspection' } } as const;

describe('capabilities from what the server says about its models', () => {
  it('chat and embedding models advertise chat, embedding and (for chat models) completion', () => {
    const built = buildCapabilities({
      facts: factsFromIds(['qwen3:8b', 'nomic-embed-text:latest']),
      defaultModel: 'qwen3:8b',
    });

    expect(built.capabilities).toEqual([
      { intent: INTENT_CHAT, models: ['qwen3:8b'], max_tokens: 8192, input_modalities: ['text'], ...GUESSED },
      {
        intent: INTENT_EMBEDDING,
        models: ['nomic-embed-text:latest'],
        max_tokens: 8192,
        input_modalities: ['text'],
        ...GUESSED,
      },
      { intent: INTENT_COMPLETION, models: ['qwen3:8b'], max_tokens: 8192, input_modalities: ['text'], ...GUESSED },
    ]);
  });

  it('completion can be turned off, leaving chat only', () => {
    const built = buildCapabilities({
      facts: factsFromIds(['llama3.2:3b', 'qwen3:8b']),
      defaultModel: 'llama3.2:3b',
      maxTokens: 4096,
      ...chatOnly,
    });

    expect(built.capabilities).toEqual([
      {
        intent: INTENT_CHAT,
        models: ['llama3.2:3b', 'qwen3:8b'],
        max_tokens: 4096,
        input_modalities: ['text'],
        ...GUESSED,
      },
    ]);
  });

  it('a kind the server reports wins over the name: an embedding model whose name does not say so, a vision model whose name does not', () => {
    const facts = completeFacts([
      { id: 'bge-small-en-v1.5-q8_0', kind: 'embedding' },
      { id: 'qwen2.5vl:7b', kind: 'chat', vision: true },
      { id: 'my-embedder-chat', kind: 'chat', vision: false },
    ]);
    const built = buildCapabilities({ facts, defaultModel: null, ...chatOnly });

    expect(built.capabilities).toEqual([
      {
        intent: INTENT_EMBEDDING,
        models: ['bge-small-en-v1.5-q8_0'],
        max_tokens: 8192,
        input_modalities: ['text'],
        ...REPORTED,
      },
      {
        intent: INTENT_CHAT,
        models: ['qwen2.5vl:7b'],
        max_tokens: 8192,
        input_modalities: ['text', 'image'],
        ...REPORTED,
      },
      { intent: INTENT_CHAT, models: ['my-embedder-chat'], max_tokens: 8192, input_modalities: ['text'], ...REPORTED },
    ]);
  });

  it('advertises no more tokens than the model’s context allows, per model', () => {
    const facts = completeFacts([
      { id: 'tiny', contextLength: 256 },
      { id: 'big', contextLength: 131072 },
      { id: 'unknown' },
    ]);
    const built = buildCapabilities({ facts, defaultModel: null, maxTokens: 8192, ...chatOnly });

    // A context the server reported is advertised with the model, so models with different ones go apart.
    expect(built.capabilities.map((c) => [c.models, c.max_tokens, c.limits?.context_tokens?.value ?? null])).toEqual([
      [['tiny'], 256, 256],
      [['big'], 8192, 131072],
      [['unknown'], 8192, null],
    ]);
    expect(built.offered.get('tiny')?.maxTokens).toBe(256);
  });

  it('publishes a path id under its file name and keeps the id for the backend', () => {
    const built = buildCapabilities({
      facts: factsFromIds(['/home/alice/models/tiny-q4.gguf']),
      defaultModel: null,
      ...chatOnly,
    });

    expect(built.models).toEqual(['tiny-q4']);
    expect(built.capabilities[0]?.models).toEqual(['tiny-q4']);
    expect(built.offered.get('tiny-q4')?.id).toBe('/home/alice/models/tiny-q4.gguf');
    expect(JSON.stringify(built.capabilities)).not.toContain('alice');
  });

  it('splits a capability of more than 64 models, as the registry takes no more per object', () => {
    const ids = Array.from({ length: 70 }, (_, i) => `m${i}`);
    const built = buildCapabilities({ facts: factsFromIds(ids), defaultModel: null, ...chatOnly });

    expect(built.capabilities.map((c) => c.models.length)).toEqual([MAX_MODELS_PER_CAPABILITY, 6]);
  });

  it('empty_models_yields_chat_capability with no models', () => {
    const built = buildCapabilities({ facts: [], defaultModel: null });
    expect(built.models).toEqual([]);
    expect(built.capabilities).toEqual([
      { intent: INTENT_CHAT, models: [], max_tokens: 8192, input_modalities: ['text'] },
    ]);
  });

  it('puts the configured default model first (by public name or backend id) and lists each model once', () => {
    expect(
      buildCapabilities({ facts: factsFromIds(['a', 'b', 'default', 'a']), defaultModel: 'default' }).models,
    ).toEqual(['default', 'a', 'b']);
    expect(buildCapabilities({ facts: factsFromIds(['a', '/m/x.gguf']), defaultModel: '/m/x.gguf' }).models).toEqual([
      'x',
      'a',
    ]);
  });

  it('does not advertise excluded models, not even the default one', () => {
    const built = buildCapabilities({
      facts: factsFromIds(['keep', 'private-finetune', 'nomic-embed-text']),
      defaultModel: 'private-finetune',
      excludedModels: ['private-finetune', 'nomic-embed-text'],
      ...chatOnly,
    });

    expect(built.models).toEqual(['keep']);
    expect(built.capabilities).toEqual([
      { intent: INTENT_CHAT, models: ['keep'], max_tokens: 8192, input_modalities: ['text'], ...GUESSED },
    ]);
  });

  it('ignores blank model names', () => {
    expect(buildCapabilities({ facts: factsFromIds(['', '  ', 'x']), defaultModel: '' }).models).toEqual(['x']);
  });

  it('says what the server reported — context, quantization, tool calling, engine — and nothing a name suggests', () => {
    const facts = completeFacts([
      {
        id: 'qwen2.5:7b',
        kind: 'chat',
        vision: false,
        audio: false,
        tools: true,
        contextLength: 32768,
        quantization: 'Q4_K_M',
      },
      { id: 'qwen2.5-coder-tools-q8_0', kind: 'chat', vision: false, audio: false },
      { id: 'nomic-embed-text', kind: 'embedding', contextLength: 2048, quantization: 'F16' },
    ]);
    const built = buildCapabilities({ facts, defaultModel: null, engineOf: () => 'ollama' });

    expect(built.capabilities).toEqual([
      {
        intent: INTENT_CHAT,
        models: ['qwen2.5:7b'],
        max_tokens: 8192,
        input_modalities: ['text'],
        limits: { context_tokens: { value: 32768, unit: 'tokens' } },
        quantization: 'Q4_K_M',
        features: ['tool_calling'],
        inference_engine: 'ollama',
        ...REPORTED,
      },
      // Neither "tools" nor "q8_0" in a name is taken for what the model does.
      {
        intent: INTENT_CHAT,
        models: ['qwen2.5-coder-tools-q8_0'],
        max_tokens: 8192,
        input_modalities: ['text'],
        inference_engine: 'ollama',
        ...REPORTED,
      },
      {
        intent: INTENT_EMBEDDING,
        models: ['nomic-embed-text'],
        max_tokens: 2048,
        input_modalities: ['text'],
        limits: { context_tokens: { value: 2048, unit: 'tokens' } },
        quantization: 'F16',
        inference_engine: 'ollama',
        ...REPORTED,
      },
      // Completion takes no tools: the feature stays with chat.
      {
        intent: INTENT_COMPLETION,
        models: ['qwen2.5:7b'],
        max_tokens: 8192,
        input_modalities: ['text'],
        limits: { context_tokens: { value: 32768, unit: 'tokens' } },
        quantization: 'Q4_K_M',
        inference_engine: 'ollama',
        ...REPORTED,
      },
      {
        intent: INTENT_COMPLETION,
        models: ['qwen2.5-coder-tools-q8_0'],
        max_tokens: 8192,
        input_modalities: ['text'],
        inference_engine: 'ollama',
        ...REPORTED,
      },
    ]);
  });

  it('says fill_in_middle on the completion capability of a model that fills in the middle, and on nothing else', () => {
    const facts = completeFacts([
      { id: 'coder', kind: 'chat', vision: false, audio: false, tools: true, fim: true },
      { id: 'plain', kind: 'chat', vision: false, audio: false },
    ]);
    const built = buildCapabilities({ facts, defaultModel: null });

    expect(built.capabilities).toEqual([
      {
        intent: INTENT_CHAT,
        models: ['coder'],
        max_tokens: 8192,
        input_modalities: ['text'],
        features: ['tool_calling'],
        ...REPORTED,
      },
      { intent: INTENT_CHAT, models: ['plain'], max_tokens: 8192, input_modalities: ['text'], ...REPORTED },
      {
        intent: INTENT_COMPLETION,
        models: ['coder'],
        max_tokens: 8192,
        input_modalities: ['text'],
        features: [FEATURE_FILL_IN_MIDDLE],
        ...REPORTED,
      },
      { intent: INTENT_COMPLETION, models: ['plain'], max_tokens: 8192, input_modalities: ['text'], ...REPORTED },
    ]);
  });

  it('passes on only a quantization the directory keeps: up to 32 letters, digits and _ . + -', () => {
    const facts = completeFacts([
      { id: 'a', kind: 'chat', quantization: 'Q4_K_M' },
      { id: 'b', kind: 'chat', quantization: 'x'.repeat(33) },
      { id: 'c', kind: 'chat', quantization: 'Q4\u202eevil' },
      { id: 'd', kind: 'chat', quantization: '' },
    ]);
    expect(facts.map((f) => f.quantization)).toEqual(['Q4_K_M', null, null, null]);
  });

  it('groups by (intent, modalities) in first-seen order', () => {
    const built = buildCapabilities({
      facts: factsFromIds(['llava:7b', 'qwen3:8b', 'bge-embed', 'llama3.2-vision', 'mistral']),
      defaultModel: null,
      ...chatOnly,
    });

    expect(built.capabilities.map((c) => [c.intent, c.input_modalities.join('+'), c.models])).toEqual([
      [INTENT_CHAT, 'text+image', ['llava:7b', 'llama3.2-vision']],
      [INTENT_CHAT, 'text', ['qwen3:8b', 'mistral']],
      [INTENT_EMBEDDING, 'text', ['bge-embed']],
    ]);
  });
});

describe('what a name says when the server says nothing', () => {
  it.each([
    ['nomic-embed-text:latest', 'embedding'],
    ['text-embedding-3-small', 'embedding'],
    ['BGE-M3-Embedding', 'embedding'],
    ['bge-small-en-v1.5-q8_0', 'embedding'],
    ['qwen3:8b', 'chat'],
  ])('%s is a %s model', (model, kind) => {
    expect(kindFromName(model)).toBe(kind);
  });

  it.each([
    ['qwen2.5-vl-7b-instruct', ['text', 'image']],
    ['Qwen2.5-VL', ['text', 'image']],
    ['qwen2.5vl:7b', ['text', 'image']],
    ['llama3.2-vision:11b', ['text', 'image']],
    ['llava:13b', ['text', 'image']],
    ['qwen2-audio-7b', ['text', 'audio']],
    ['mistralai/Voxtral-Small-24B', ['text', 'audio']],
    ['qwen2.5-omni-3b', ['text', 'image', 'audio']],
    ['devil-vlm', ['text']],
    ['qwen3:8b', ['text']],
  ])('%s reads as %j', (model, modalities) => {
    expect(modalitiesFromName(model)).toEqual(modalities);
  });
});
