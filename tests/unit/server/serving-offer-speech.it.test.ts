/**
 * A node whose first server is a speech server and whose second is an LLM server: a task that names no model goes to
 * the LLM's model, never to a speech model, and a node with speech servers only has no such default.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '@shared/contract';
import { ServingOffer } from '@engine/server';
import { startFakeBackend, startSpeechServer } from '../../support/backends';
import { cleanupAfterEach } from '../../support/cleanup';

const after = cleanupAfterEach();

function offerFor(settings: Partial<Settings>): ServingOffer {
  const s: Settings = { ...DEFAULT_SETTINGS, ...settings };
  const offer = new ServingOffer({
    settings: () => s,
    apiKey: () => null,
    directory: () => ({ registeredAt: null, acceptedModels: [] }) as never,
    onObserved: () => {},
  });
  after.defer(() => offer.stop());
  return offer;
}

describe('the default model beside speech servers', () => {
  it('is the LLM’s model although a speech server comes first', async () => {
    const kokoro = after.close(await startSpeechServer('kokoro'));
    const ollama = after.close(await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] }));
    const offer = offerFor({ backendUrl: kokoro.url, moreBackends: [{ id: 'llm1', url: ollama.url }] });
    await offer.refresh();
    expect(offer.capabilities().models).toContain('tts-1');
    expect(offer.buildOptions().defaultModel).toBe('qwen2.5:7b');
  });

  it('is none with speech servers only', async () => {
    const kokoro = after.close(await startSpeechServer('kokoro'));
    const offer = offerFor({ backendUrl: kokoro.url });
    await offer.refresh();
    expect(offer.capabilities().models).toEqual(['tts-1', 'tts-1-hd', 'kokoro', 'gpt-4o-mini-tts']);
    expect(offer.buildOptions().defaultModel).toBeNull();
  });
});
