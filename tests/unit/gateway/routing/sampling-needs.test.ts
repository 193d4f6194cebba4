/**
 * The sampling settings beyond OpenAI's (`top_k`, `min_p`, `repeat_penalty`, `typical_p`) are routed, not refused:
 * each API's request names them its own way (Ollama inside `options`), the gateway carries them top level, and only a
 * machine whose adverts have the setting's `sampling:` feature is asked; where none has, the refusal names the field.
 */
import { describe, expect, it } from 'vitest';
import { NO_NEEDS, type AskNeeds } from '@engine/gateway/api-shapes/types';
import { askFromOpenAI } from '@engine/gateway/api-shapes/openai';
import { askFromOllama } from '@engine/gateway/api-shapes/ollama';
import { askFromAnthropic } from '@engine/gateway/api-shapes/anthropic';
import { fieldNoneMeets, needRefusal, unmetNeed } from '@engine/gateway/routing/ask-needs';
import { factsOf, type ModelAdvert } from '@engine/gateway/routing/network-offer';
import type { DiscoveredNode } from '@engine/directory/discover-answer';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const advert = (o: Partial<ModelAdvert> = {}): ModelAdvert => ({
  tools: false,
  fim: false,
  contextTokens: null,
  quantization: null,
  modalities: [],
  ...o,
});
const needs = (o: Partial<AskNeeds>): AskNeeds => ({ ...NO_NEEDS, ...o });

function asked(r: ReturnType<typeof askFromOpenAI>) {
  if (!r.ok) throw new Error(r.message);
  return { payload: r.ask.payload, needs: r.ask.needs };
}

describe('each API’s request carries the settings as needs', () => {
  it('OpenAI chat and completions: top level, as llama.cpp and vLLM take them', () => {
    const chat = asked(
      askFromOpenAI('chat', {
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
        top_k: 20,
        min_p: 0.05,
        repeat_penalty: 1.1,
        typical_p: 0.9,
      }),
    );
    expect(chat.payload).toMatchObject({ top_k: 20, min_p: 0.05, repeat_penalty: 1.1, typical_p: 0.9 });
    expect(chat.needs?.sampling).toEqual(['top_k', 'min_p', 'repeat_penalty', 'typical_p']);
    const completion = asked(askFromOpenAI('completion', { model: 'm', prompt: 'x', top_k: 3 }));
    expect(completion.payload).toMatchObject({ top_k: 3 });
    expect(completion.needs?.sampling).toEqual(['top_k']);
  });

  it('Ollama: inside options, named there; carried top level', () => {
    const chat = asked(
      askFromOllama('chat', {
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
        options: { top_k: 40, repeat_penalty: 1.2 },
      }),
    );
    expect(chat.payload).toMatchObject({ top_k: 40, repeat_penalty: 1.2 });
    expect(chat.needs?.sampling).toEqual(['options.top_k', 'options.repeat_penalty']);
    // An embedding samples nothing: the option changes nothing and needs nothing.
    const embed = askFromOllama('embed', { model: 'm', input: 'x', options: { top_k: 40 } });
    expect(embed.ok && embed.ask.needs).toBeFalsy();
  });

  it('Anthropic: top_k', () => {
    const r = askFromAnthropic({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], top_k: 5 });
    expect(r.ok && r.ask.payload.top_k).toBe(5);
    expect(r.ok && r.ask.needs?.sampling).toEqual(['top_k']);
  });

  it('a request without them needs nothing; a value out of range is refused naming the field', () => {
    expect(asked(askFromOpenAI('chat', { model: 'm', messages: [{ role: 'user', content: 'hi' }] })).needs).toBe(
      undefined,
    );
    const r = askFromOpenAI('chat', { model: 'm', messages: [{ role: 'user', content: 'hi' }], min_p: 2 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain('min_p');
  });
});

describe('routed on the adverts', () => {
  it('a node’s `sampling:` features are read back into its model facts', () => {
    const node = {
      models: ['m'],
      capabilities: [
        { intent: CHAT, models: ['m'], features: ['tool_calling', 'sampling:top_k'], modalities: ['text'] },
        { intent: CHAT, models: ['m'], features: ['sampling:min_p', 'sampling:unknown'], modalities: ['text'] },
      ],
    } as unknown as DiscoveredNode;
    expect(factsOf(node, CHAT).get('m')).toMatchObject({ tools: true, sampling: ['top_k', 'min_p'] });
  });

  it('only a model advertised with each setting is asked; the refusal names the field as the app wrote it', () => {
    const want = needs({ sampling: ['options.top_k', 'options.min_p'] });
    expect(unmetNeed(advert(), want)).toBe('options.top_k');
    expect(unmetNeed(advert({ sampling: ['top_k'] }), want)).toBe('options.min_p');
    expect(unmetNeed(advert({ sampling: ['top_k', 'min_p'] }), want)).toBeNull();
    expect(fieldNoneMeets([advert({ sampling: ['top_k'] }), advert()], want)).toBe('options.min_p');
    expect(needRefusal('m1', 'top_k', needs({ sampling: ['top_k'] }))).toEqual({
      status: 400,
      code: 'unsupported_field',
      message: 'top_k: no machine that offers “m1” takes the sampling setting top_k now.',
    });
  });
});
