/** The model picker's rules (wizard and Settings alike): what is offered, and which chat model is the default. */
import { describe, expect, it } from 'vitest';
import type { DetectedModel } from '@shared/contract';
import {
  defaultOptions,
  modelBadges,
  pickDefault,
  pickerRows,
  withModelOffered,
} from '@renderer/components/models/model-choice';

const model = (name: string, kind: DetectedModel['kind'], extra: Partial<DetectedModel> = {}): DetectedModel => ({
  name,
  kind,
  modalities: ['text'],
  loaded: null,
  ...extra,
});
const MODELS = [
  model('nomic-embed-text', 'embedding'),
  model('qwen2.5:7b', 'chat'),
  model('llava:7b', 'chat', { modalities: ['text', 'image'], loaded: true }),
];

describe('the model picker', () => {
  it('picks a loaded chat model as the default, never an embedding model', () => {
    expect(pickDefault(MODELS, [])).toBe('llava:7b');
    expect(pickDefault(MODELS, ['llava:7b'])).toBe('qwen2.5:7b');
    expect(pickDefault(MODELS, ['llava:7b', 'qwen2.5:7b'])).toBeNull();
  });

  it('offers only offered chat models as the default, with "no preference" first', () => {
    expect(defaultOptions(MODELS, { excluded: [], defaultModel: 'qwen2.5:7b' }).map((o) => o.value)).toEqual([
      '',
      'qwen2.5:7b',
      'llava:7b',
    ]);
    expect(defaultOptions(MODELS, { excluded: ['qwen2.5:7b', 'llava:7b'], defaultModel: null })).toEqual([
      { value: '', label: 'None: no chat model is offered' },
    ]);
  });

  it('keeps a saved default the server does not list now, marked, so opening the form changes nothing', () => {
    const options = defaultOptions(MODELS, { excluded: [], defaultModel: 'mistral:7b' });
    expect(options.at(-1)).toEqual({ value: 'mistral:7b', label: 'mistral:7b (not listed by the server now)' });
    expect(defaultOptions(MODELS, { excluded: [], defaultModel: 'nomic-embed-text' }).at(-1)?.label).toBe(
      'nomic-embed-text (not a chat model)',
    );
  });

  it('moves the default to the best chat model still offered when its model is unticked', () => {
    const choice = { excluded: [], defaultModel: 'llava:7b' };
    expect(withModelOffered(choice, MODELS, 'llava:7b', false)).toEqual({
      excluded: ['llava:7b'],
      defaultModel: 'qwen2.5:7b',
    });
    expect(withModelOffered(choice, MODELS, 'nomic-embed-text', false)).toEqual({
      excluded: ['nomic-embed-text'],
      defaultModel: 'llava:7b',
    });
    // "No preference" stays, unless it was only there because no chat model was offered.
    expect(withModelOffered({ excluded: ['llava:7b'], defaultModel: null }, MODELS, 'llava:7b', true)).toEqual({
      excluded: [],
      defaultModel: null,
    });
    expect(
      withModelOffered({ excluded: ['llava:7b', 'qwen2.5:7b'], defaultModel: null }, MODELS, 'qwen2.5:7b', true),
    ).toEqual({ excluded: ['llava:7b'], defaultModel: 'qwen2.5:7b' });
  });

  it('lists chat models first, then saved choices the server does not list now', () => {
    const rows = pickerRows(MODELS, ['gone:1b'], ['mistral:7b']);
    expect(rows.map((r) => [r.name, r.model?.kind ?? null, r.offered])).toEqual([
      ['qwen2.5:7b', 'chat', true],
      ['llava:7b', 'chat', true],
      ['nomic-embed-text', 'embedding', true],
      ['mistral:7b', null, true],
      ['gone:1b', null, false],
    ]);
  });

  it('names what each model is for and what else it takes in', () => {
    expect(modelBadges(MODELS[2]!).map((b) => b.label)).toEqual(['chat', 'image input', 'loaded']);
    expect(modelBadges(MODELS[0]!).map((b) => b.label)).toEqual(['embedding']);
  });

  it('words the speech kinds, a transcription model’s audio being its kind, not an extra input', () => {
    const whisper = model('whisper-1', 'transcribe', { modalities: ['audio'], loaded: true });
    expect(modelBadges(whisper).map((b) => b.label)).toEqual(['transcription', 'loaded']);
    expect(modelBadges(model('tts-1', 'speech')).map((b) => b.label)).toEqual(['speech']);
    expect(modelBadges(model('toxic-bert', 'moderate')).map((b) => b.label)).toEqual(['moderation']);
  });
});
