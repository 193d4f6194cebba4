/**
 * The thinking controls are routed, not refused: Ollama's `think`, OpenAI's `reasoning_effort`, the Responses API's
 * `reasoning.effort` and Anthropic's `thinking` each become one ask the task carries (`think`) and one need, and only a
 * machine whose adverts have the control the ask needs (`thinking`, `thinking:off`, `thinking:effort`) is asked.
 * Where none has, the refusal names the field the app wrote.
 */
import { describe, expect, it } from 'vitest';
import { NO_NEEDS, type AskNeeds } from '@engine/gateway/api-shapes/types';
import { askFromOpenAI } from '@engine/gateway/api-shapes/openai';
import { askFromOllama } from '@engine/gateway/api-shapes/ollama';
import { askFromAnthropic } from '@engine/gateway/api-shapes/anthropic';
import { askFromResponses } from '@engine/gateway/api-shapes/openai-responses';
import { fieldNoneMeets, needRefusal, unmetNeed } from '@engine/gateway/routing/ask-needs';
import { factsOf, type ModelAdvert } from '@engine/gateway/routing/network-offer';
import type { DiscoveredNode } from '@engine/directory/discover-answer';
import type { ShapeResult } from '@engine/gateway/api-shapes/types';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const hi = [{ role: 'user', content: 'hi' }];
const advert = (o: Partial<ModelAdvert> = {}): ModelAdvert => ({
  tools: false,
  fim: false,
  contextTokens: null,
  quantization: null,
  modalities: [],
  ...o,
});
const needs = (o: Partial<AskNeeds>): AskNeeds => ({ ...NO_NEEDS, ...o });

function asked(r: ShapeResult) {
  if (!r.ok) throw new Error(r.message);
  return { think: r.ask.payload.think, thinking: r.ask.needs?.thinking };
}

describe('each API’s control becomes one ask and one need, named as the app wrote it', () => {
  it('Ollama: think true, false or an effort, on /api/chat and /api/generate', () => {
    expect(asked(askFromOllama('chat', { model: 'm', messages: hi, think: false }))).toEqual({
      think: false,
      thinking: { field: 'think', ask: false },
    });
    expect(asked(askFromOllama('generate', { model: 'm', prompt: 'x', think: 'high' }))).toEqual({
      think: 'high',
      thinking: { field: 'think', ask: 'high' },
    });
    // A raw prompt skips the template, where thinking is asked: only "no thinking" holds there.
    expect(asked(askFromOllama('generate', { model: 'm', prompt: 'x', raw: true, think: false }))).toEqual({
      think: undefined,
      thinking: undefined,
    });
    expect(askFromOllama('generate', { model: 'm', prompt: 'x', raw: true, think: true })).toMatchObject({
      ok: false,
      status: 400,
      message: expect.stringMatching(/^think: a raw prompt/),
    });
    expect(askFromOllama('chat', { model: 'm', messages: hi, think: 'max' })).toMatchObject({ ok: false, status: 400 });
  });

  it('OpenAI: reasoning_effort none is off, the others an effort; OpenAI-only efforts are refused', () => {
    expect(asked(askFromOpenAI('chat', { model: 'm', messages: hi, reasoning_effort: 'none' }))).toEqual({
      think: false,
      thinking: { field: 'reasoning_effort', ask: false },
    });
    expect(asked(askFromOpenAI('chat', { model: 'm', messages: hi, reasoning_effort: 'low' })).thinking).toEqual({
      field: 'reasoning_effort',
      ask: 'low',
    });
    const minimal = askFromOpenAI('chat', { model: 'm', messages: hi, reasoning_effort: 'minimal' });
    expect(minimal).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('reasoning_effort') });
  });

  it('Responses: reasoning.effort', () => {
    expect(
      asked(askFromResponses({ model: 'm', input: 'hi', reasoning: { effort: 'high', summary: 'auto' } })),
    ).toEqual({ think: 'high', thinking: { field: 'reasoning.effort', ask: 'high' } });
  });

  it('Anthropic: enabled and adaptive ask it to think, disabled not to; the budget stays below max_tokens', () => {
    const base = { model: 'm', max_tokens: 4096, messages: hi };
    expect(asked(askFromAnthropic({ ...base, thinking: { type: 'enabled', budget_tokens: 2048 } }))).toEqual({
      think: true,
      thinking: { field: 'thinking', ask: true },
    });
    expect(asked(askFromAnthropic({ ...base, thinking: { type: 'adaptive' } })).think).toBe(true);
    expect(asked(askFromAnthropic({ ...base, thinking: { type: 'disabled' } })).think).toBe(false);
    expect(askFromAnthropic({ ...base, thinking: { type: 'enabled', budget_tokens: 4096 } })).toMatchObject({
      ok: false,
      param: 'thinking',
      message: expect.stringMatching(/^thinking\.budget_tokens: it must be below max_tokens/),
    });
    expect(askFromAnthropic({ ...base, thinking: { type: 'enabled', budget_tokens: 100 } })).toMatchObject({
      ok: false,
    });
  });
});

describe('routing on the adverts', () => {
  const switchable = advert({ thinking: ['on', 'off'] });
  const levels = advert({ thinking: ['on', 'effort'] });
  const always = advert({ thinking: ['on'] });
  const never = advert({ thinking: ['off'] });
  const unknown = advert();
  const ask = (field: string, a: boolean | 'low' | 'medium' | 'high') => needs({ thinking: { field, ask: a } });

  it('on needs a thinking model, off one that can stop (or never starts), an effort one with levels', () => {
    expect([switchable, levels, always, never, unknown].map((f) => unmetNeed(f, ask('think', true)))).toEqual([
      null,
      null,
      null,
      'think',
      'think',
    ]);
    expect([switchable, levels, always, never, unknown].map((f) => unmetNeed(f, ask('think', false)))).toEqual([
      null,
      'think',
      'think',
      null,
      'think',
    ]);
    expect([switchable, levels].map((f) => unmetNeed(f, ask('reasoning_effort', 'high')))).toEqual([
      'reasoning_effort',
      null,
    ]);
  });

  it('refuses naming the field and what no machine does', () => {
    const off = ask('thinking', false);
    expect(fieldNoneMeets([always, levels], off)).toBe('thinking');
    expect(needRefusal('gpt-oss:20b', 'thinking', off).message).toBe(
      'thinking: no machine that offers “gpt-oss:20b” can answer without thinking now.',
    );
    const effort = ask('reasoning_effort', 'low');
    expect(needRefusal('qwen3:8b', 'reasoning_effort', effort).message).toBe(
      'reasoning_effort: no machine that offers “qwen3:8b” takes a thinking effort now.',
    );
    expect(needRefusal('llama3.1:8b', 'think', ask('think', true)).message).toBe(
      'think: no machine that offers “llama3.1:8b” thinks now.',
    );
  });

  it('reads the controls back from a node’s features, merged over its capabilities', () => {
    const node = {
      models: ['qwen3:8b'],
      capabilities: [
        { intent: CHAT, models: ['qwen3:8b'], features: ['tool_calling', 'thinking'], contextTokens: null },
        { intent: CHAT, models: ['qwen3:8b'], features: ['thinking:off'], contextTokens: null },
      ].map((c) => ({ maxTokens: null, quantization: null, modalities: ['text'], profiles: [], ...c })),
    } as unknown as DiscoveredNode;
    expect(factsOf(node, CHAT).get('qwen3:8b')?.thinking).toEqual(['on', 'off']);
  });
});
