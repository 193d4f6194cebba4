/**
 * "By model" says a speech model's own unit beside its tokens, in plain words and the person's locale: minutes of
 * audio, characters, texts; nothing more for a chat model. In English and in German.
 */
import { render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EarningsReport } from '@shared/contract';
import { useProviderStore } from '@renderer/store';
import { ModelBreakdown } from '@renderer/pages/earnings/ModelBreakdown';

const model = (name: string, over: Partial<EarningsReport['perModel'][number]> = {}) => ({
  model: name,
  jobs: 3,
  tokens: 600,
  awarded: 0.06,
  energyJ: 0,
  energyTokens: 0,
  audioMs: 0,
  characters: 0,
  items: 0,
  ...over,
});

function report(): EarningsReport {
  return {
    timeZone: 'Europe/Berlin',
    days: 7,
    perModel: [
      model('whisper-large-v3', { audioMs: 750_000 }),
      model('kokoro', { characters: 3400 }),
      model('guard', { items: 31 }),
      model('omni', { items: 1 }),
      model('llama3'),
    ],
  } as unknown as EarningsReport;
}

function speak(language: 'en' | 'de', locale: string): void {
  vi.spyOn(navigator, 'language', 'get').mockReturnValue(locale);
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue([locale]);
  useProviderStore.setState({ language });
}

const unitsOf = (name: string) =>
  within(screen.getByRole('row', { name: new RegExp(name) }))
    .queryAllByTestId('earnings-model-unit')
    .map((e) => e.textContent?.replace(/\u00a0|\u202f/g, ' '));

describe('By model, with speech models', () => {
  beforeEach(() => speak('en', 'en-US'));

  it("says each speech model's own unit under its tokens, in English", () => {
    render(<ModelBreakdown report={report()} />);
    expect(unitsOf('whisper-large-v3')).toEqual(['12.5 min of audio']);
    expect(unitsOf('kokoro')).toEqual(['3,400 characters']);
    expect(unitsOf('guard')).toEqual(['31 texts']);
    expect(unitsOf('omni')).toEqual(['1 text']);
    expect(unitsOf('llama3')).toEqual([]);
  });

  it('says them in German, with German figures', () => {
    speak('de', 'de-DE');
    render(<ModelBreakdown report={report()} />);
    expect(unitsOf('whisper-large-v3')).toEqual(['12,5 Min. Audio']);
    expect(unitsOf('kokoro')).toEqual(['3.400 Zeichen']);
    expect(unitsOf('guard')).toEqual(['31 Texte']);
    expect(unitsOf('omni')).toEqual(['1 Text']);
  });
});
