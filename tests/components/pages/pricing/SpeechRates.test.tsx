/**
 * Pricing's sentence for each speech intent the node offers: the engine's figure, worded in the person's language
 * and locale, with the speech rate a transcription's figure assumes. In English and in German.
 */
import { render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PricingInfo } from '@shared/contract';
import { useProviderStore } from '@renderer/store';
import { SpeechRates } from '@renderer/pages/pricing/SpeechRates';

const RATES: PricingInfo['speechRates'] = [
  {
    intent: 'urn:iicp:intent:audio:transcribe:v1',
    unit: 'audio_ms',
    per: 60_000,
    credits: 0.225,
    assumed: { wordsPerMinute: 150, bytesPerMinute: 900 },
  },
  { intent: 'urn:iicp:intent:audio:speech:v1', unit: 'characters', per: 1000, credits: 0.25, assumed: null },
  { intent: 'urn:iicp:intent:safety:moderate:v1', unit: 'characters', per: 1000, credits: 0.25, assumed: null },
];
const pricing = (speechRates: PricingInfo['speechRates']) => ({ speechRates }) as PricingInfo;

function speak(language: 'en' | 'de', locale: string): void {
  vi.spyOn(navigator, 'language', 'get').mockReturnValue(locale);
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue([locale]);
  useProviderStore.setState({ language });
}

const lines = () => screen.getAllByTestId('pricing-speech-rate').map((e) => e.textContent?.replace(/\u00a0/g, ' '));

describe('speech rates on Pricing', () => {
  beforeEach(() => speak('en', 'en-US'));

  it('says what each speech intent earns in its own unit, in English', () => {
    render(<SpeechRates pricing={pricing(RATES)} />);
    expect(lines()).toEqual([
      'Transcription: about 0.225 credits per minute of audio. The text is what is paid, so this assumes speech at about 150 words, ~900 bytes of text, a minute.',
      'Speech: about 0.25 credits per 1,000 characters.',
      'Moderation: about 0.25 credits per 1,000 characters.',
    ]);
  });

  it('says it in German, with German figures', () => {
    speak('de', 'de-DE');
    render(<SpeechRates pricing={pricing(RATES)} />);
    expect(lines()).toEqual([
      'Transkription: etwa 0,225 Credits pro Minute Audio. Bezahlt wird der Text, daher wird Sprache mit etwa 150 Wörtern (~900 Bytes Text) pro Minute angenommen.',
      'Sprachausgabe: etwa 0,25 Credits pro 1.000 Zeichen.',
      'Moderation: etwa 0,25 Credits pro 1.000 Zeichen.',
    ]);
  });

  it('says nothing when the node offers no speech intent', () => {
    render(<SpeechRates pricing={pricing([])} />);
    expect(screen.queryByTestId('pricing-speech-rates')).toBeNull();
  });
});
