import { describe, expect, it } from 'vitest';
import {
  INTENT_CHAT,
  INTENT_COMPLETION,
  INTENT_EMBEDDING,
  buildCapabilities,
  intentForModel,
  modalitiesForModel,
} from '../../../src-main/engine/backends';

describe('capabilities from the model list (reference: provider node capability builder)', () => {
  it('chat_plus_embedding_models_advertise_two_intents', () => {
    const built = buildCapabilities({ models: ['qwen3:8b', 'nomic-embed-text:latest'], defaultModel: 'qwen3:8b' });

    expect(built.capabilities).toEqual([
      { intent: INTENT_CHAT, models: ['qwen3:8b'], max_tokens: 8192, input_modalities: ['text'] },
      { intent: INTENT_EMBEDDING, models: ['nomic-embed-text:latest'], max_tokens: 8192, input_modalities: ['text'] },
    ]);
  });

  it('chat_only_yields_single_capability', () => {
    const built = buildCapabilities({ models: ['llama3.2:3b', 'qwen3:8b'], defaultModel: 'llama3.2:3b', maxTokens: 4096 });

    expect(built.capabilities).toEqual([
      { intent: INTENT_CHAT, models: ['llama3.2:3b', 'qwen3:8b'], max_tokens: 4096, input_modalities: ['text'] },
    ]);
  });

  it('vision_model_advertises_image_modality_chat_capability', () => {
    const built = buildCapabilities({ models: ['qwen2.5-vl-7b', 'llama3.2:3b'], defaultModel: null });

    expect(built.capabilities).toEqual([
      { intent: INTENT_CHAT, models: ['qwen2.5-vl-7b'], max_tokens: 8192, input_modalities: ['text', 'image'] },
      { intent: INTENT_CHAT, models: ['llama3.2:3b'], max_tokens: 8192, input_modalities: ['text'] },
    ]);
  });

  it('audio_model_advertises_audio_modality_chat_capability', () => {
    const built = buildCapabilities({ models: ['voxtral-mini-3b'], defaultModel: null });

    expect(built.capabilities).toEqual([
      { intent: INTENT_CHAT, models: ['voxtral-mini-3b'], max_tokens: 8192, input_modalities: ['text', 'audio'] },
    ]);
  });

  it('omni_model_advertises_image_and_audio_modalities', () => {
    const built = buildCapabilities({ models: ['Qwen2.5-Omni-7B'], defaultModel: null });

    expect(built.capabilities[0]?.input_modalities).toEqual(['text', 'image', 'audio']);
  });

  it('empty_models_yields_default_intent_capability with no models', () => {
    expect(buildCapabilities({ models: [], defaultModel: null })).toEqual({
      models: [],
      capabilities: [{ intent: INTENT_CHAT, models: [], max_tokens: 8192, input_modalities: ['text'] }],
    });
    expect(buildCapabilities({ models: [], defaultModel: null, defaultIntent: INTENT_COMPLETION }).capabilities[0]?.intent).toBe(
      INTENT_COMPLETION,
    );
  });

  it('puts the configured default model first, even before it is discovered, and lists each model once', () => {
    const built = buildCapabilities({ models: ['a', 'b', 'default', 'a'], defaultModel: 'default' });

    expect(built.models).toEqual(['default', 'a', 'b']);
    expect(built.capabilities[0]?.models).toEqual(['default', 'a', 'b']);
  });

  it('does not advertise excluded models, not even the default one', () => {
    const built = buildCapabilities({
      models: ['keep', 'private-finetune', 'nomic-embed-text'],
      defaultModel: 'private-finetune',
      excludedModels: ['private-finetune', 'nomic-embed-text'],
    });

    expect(built.models).toEqual(['keep']);
    expect(built.capabilities).toEqual([{ intent: INTENT_CHAT, models: ['keep'], max_tokens: 8192, input_modalities: ['text'] }]);
  });

  it('ignores blank model names', () => {
    expect(buildCapabilities({ models: ['', '  ', 'x'], defaultModel: '' }).models).toEqual(['x']);
  });

  it('groups by (intent, modalities) in first-seen order', () => {
    const built = buildCapabilities({
      models: ['llava:7b', 'qwen3:8b', 'bge-embed', 'llama3.2-vision', 'mistral'],
      defaultModel: null,
    });

    expect(built.capabilities.map((c) => [c.intent, c.input_modalities.join('+'), c.models])).toEqual([
      [INTENT_CHAT, 'text+image', ['llava:7b', 'llama3.2-vision']],
      [INTENT_CHAT, 'text', ['qwen3:8b', 'mistral']],
      [INTENT_EMBEDDING, 'text', ['bge-embed']],
    ]);
  });
});

describe('intent and modalities of one model', () => {
  it.each([
    ['nomic-embed-text:latest', INTENT_EMBEDDING],
    ['text-embedding-3-small', INTENT_EMBEDDING],
    ['BGE-M3-Embedding', INTENT_EMBEDDING],
    ['qwen3:8b', INTENT_CHAT],
  ])('%s → %s', (model, intent) => {
    expect(intentForModel(model)).toBe(intent);
  });

  it("uses the node's default intent for non-embedding models", () => {
    expect(intentForModel('qwen3:8b', INTENT_COMPLETION)).toBe(INTENT_COMPLETION);
    expect(intentForModel('nomic-embed-text', INTENT_COMPLETION)).toBe(INTENT_EMBEDDING);
  });

  it.each([
    ['qwen2.5-vl-7b-instruct', ['text', 'image']],
    ['Qwen2.5-VL', ['text', 'image']],
    ['llama3.2-vision:11b', ['text', 'image']],
    ['llava:13b', ['text', 'image']],
    ['qwen2-audio-7b', ['text', 'audio']],
    ['mistralai/Voxtral-Small-24B', ['text', 'audio']],
    ['qwen2.5-omni-3b', ['text', 'image', 'audio']],
    ['devil-vlm', ['text']],
    ['qwen3:8b', ['text']],
  ])('%s reads as %j', (model, modalities) => {
    expect(modalitiesForModel(model)).toEqual(modalities);
  });
});
