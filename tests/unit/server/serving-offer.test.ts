/**
 * The capabilities as REGISTER sends them while the node streams: the service-lifecycle profile on chat and
 * completion, never on embeddings, and the built capabilities (cached and shared) left as they were.
 * Mirrors src-main/engine/server/serving-offer.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Capability } from '@engine/backends';
import { STREAMED_INTENTS } from '@engine/backends';
import { withStreamProfile } from '@engine/server/serving-offer';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const COMPLETION = 'urn:iicp:intent:llm:completion:v1';
const EMBEDDING = 'urn:iicp:intent:llm:embedding:v1';
const LIFECYCLE = 'urn:iicp:profile:service-lifecycle:v1';

const cap = (intent: string, models: string[]): Capability => ({
  intent,
  models,
  max_tokens: 4096,
  input_modalities: ['text'],
});

describe('the capabilities of a node that streams', () => {
  it('chat and completion carry the lifecycle profile; embeddings do not', () => {
    const built = [
      cap(CHAT, ['qwen2.5:7b']),
      cap(COMPLETION, ['qwen2.5:7b']),
      cap(EMBEDDING, ['nomic-embed-text:latest']),
    ];
    const sent = withStreamProfile(built);
    expect(sent.map((c) => [c.intent, c.supported_profiles])).toEqual([
      [CHAT, [LIFECYCLE]],
      [COMPLETION, [LIFECYCLE]],
      [EMBEDDING, undefined],
    ]);
    expect(STREAMED_INTENTS.has(EMBEDDING)).toBe(false);
  });

  it('the built capabilities are not changed', () => {
    const built = [cap(CHAT, ['a']), cap(CHAT, ['b'])];
    withStreamProfile(built);
    expect(built.every((c) => !('supported_profiles' in c))).toBe(true);
  });

  it('the profile the directory accepts: at most 16, each ≤ 160 characters of its grammar', () => {
    const [chat] = withStreamProfile([cap(CHAT, ['a'])]);
    for (const p of chat!.supported_profiles!) expect(p).toMatch(/^urn:iicp:profile:[a-z0-9][a-z0-9._:-]*$/);
  });
});
