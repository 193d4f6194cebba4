/** Settings' model list from the backend monitor's latest look (`serverModelsOf`). */
import { describe, expect, it } from 'vitest';
import { said } from '@shared/i18n/said';
import { english } from '@shared/i18n/say';
import type { BackendObservation } from '@engine/backends/backend-monitor';
import { serverModelsOf } from '@engine/backends/server-models';
import { factsFromIds } from '@engine/backends/capabilities';

const URL = 'http://127.0.0.1:11434';

function look(over: Partial<BackendObservation>): BackendObservation {
  const facts = factsFromIds(['qwen2.5:7b', 'nomic-embed-text', 'llava:7b']);
  return {
    status: 'healthy',
    flavour: 'ollama',
    version: '0.5.0',
    facts,
    models: facts.map((f) => f.name),
    leftOut: [],
    loaded: null,
    stability: null,
    message: null,
    checkedAt: Date.UTC(2025, 0, 1),
    ...over,
  };
}

describe('the configured server’s models for Settings', () => {
  it('lists every model with its kind when the server just answered', () => {
    const list = serverModelsOf(look({}), URL);
    expect(list).toMatchObject({
      url: URL,
      flavour: 'ollama',
      status: 'healthy',
      current: true,
      problem: null,
      checkedAt: '2025-01-01T00:00:00.000Z',
    });
    expect(list.models.map((m) => [m.name, m.kind])).toEqual([
      ['qwen2.5:7b', 'chat'],
      ['nomic-embed-text', 'embedding'],
      ['llava:7b', 'chat'],
    ]);
    expect(list.models.find((m) => m.name === 'llava:7b')?.modalities).toContain('image');
  });

  it('keeps the last list of a server that stopped answering, and says why it may be incomplete', () => {
    const list = serverModelsOf(look({ status: 'unreachable', message: said('engine.backend.unreachable') }), URL);
    expect(list.current).toBe(false);
    expect(list.models).toHaveLength(3);
    expect(english.said(list.problem!)).toBe(
      'The local LLM server is not responding. The list shows what it offered last.',
    );
  });

  it('says so when no server is chosen', () => {
    const list = serverModelsOf(
      look({ status: 'not_configured', facts: [], models: [], flavour: null, checkedAt: null }),
      null,
    );
    expect(list).toMatchObject({
      url: null,
      current: false,
      models: [],
      problem: said('engine.backend.list.notChosen'),
      checkedAt: null,
    });
    expect(english.said(list.problem!)).toBe('No LLM server is chosen yet.');
  });
});
