import { describe, expect, it } from 'vitest';
import { INTENT_CHAT, INTENT_MODERATE, INTENT_SPEECH, INTENT_TRANSCRIBE } from '@engine/backends';
import { speechRates } from '@engine/earnings/speech-rates';
import { receiptAmount } from '@engine/pricing';

describe('speech rates in their own unit', () => {
  it('follow the receipt rule: a minute of audio is ~900 bytes of text, 225 tokens; 1 000 characters 250', () => {
    const all = new Set([INTENT_CHAT, INTENT_TRANSCRIBE, INTENT_SPEECH, INTENT_MODERATE]);
    expect(speechRates(all, 1)).toEqual([
      {
        intent: INTENT_TRANSCRIBE,
        unit: 'audio_ms',
        per: 60_000,
        credits: 0.225,
        assumed: { wordsPerMinute: 150, bytesPerMinute: 900 },
      },
      { intent: INTENT_SPEECH, unit: 'characters', per: 1000, credits: 0.25, assumed: null },
      { intent: INTENT_MODERATE, unit: 'characters', per: 1000, credits: 0.25, assumed: null },
    ]);
    // The figure is what a receipt of those tokens claims, never a formula of its own.
    expect(speechRates(all, 1)[0]!.credits).toBe(receiptAmount(225, 1));
  });

  it('hold to the multiplier in force: below the reference, the ceiling of a started thousand decides', () => {
    const [heard, spoken] = speechRates(new Set([INTENT_TRANSCRIBE, INTENT_SPEECH]), 0.15);
    expect([heard!.credits, spoken!.credits]).toEqual([0.15, 0.15]);
  });

  it('list only the speech intents the node offers', () => {
    expect(speechRates(new Set([INTENT_CHAT]), 1)).toEqual([]);
    expect(speechRates(new Set([INTENT_SPEECH]), 1).map((r) => r.intent)).toEqual([INTENT_SPEECH]);
  });
});
