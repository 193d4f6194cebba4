/**
 * What a speech task earns in its own unit, from the one rule every receipt follows (`receiptAmount` of the tokens
 * ADR 0035 counts: the text side's bytes, 4 to a token): so the Pricing page words a figure the engine computed and
 * never a second formula of its own (docs/adr/0037-speech-tasks-own-unit.md).
 */
import type { SpeechRate } from '@shared/contract';
import { estimateTokens, INTENT_TRANSCRIBE, SPEECH_INTENTS, type SpeechIntent } from '../backends';
import { receiptAmount } from '../pricing';

/**
 * A minute of speech as text: about 150 words, about 900 bytes. The directory pays a transcription for its text, so
 * what a minute of audio earns depends on how much is said in it; this is the rate the sentence assumes.
 */
export const SPEECH_WORDS_PER_MINUTE = 150;
export const SPEECH_BYTES_PER_MINUTE = 900;
/** Speech and moderation are quoted per thousand characters of their input (one byte each in plain English). */
export const CHARACTERS_QUOTED = 1000;

/** The rate of each speech intent the node offers, in the order of the registry, at the multiplier in force. */
export function speechRates(offered: ReadonlySet<string>, multiplier: number): SpeechRate[] {
  return SPEECH_INTENTS.filter((i) => offered.has(i)).map((intent: SpeechIntent) => {
    if (intent === INTENT_TRANSCRIBE)
      return {
        intent,
        unit: 'audio_ms',
        per: 60_000,
        credits: receiptAmount(estimateTokens(SPEECH_BYTES_PER_MINUTE), multiplier),
        assumed: { wordsPerMinute: SPEECH_WORDS_PER_MINUTE, bytesPerMinute: SPEECH_BYTES_PER_MINUTE },
      };
    return {
      intent,
      unit: 'characters',
      per: CHARACTERS_QUOTED,
      credits: receiptAmount(estimateTokens(CHARACTERS_QUOTED), multiplier),
      assumed: null,
    };
  });
}
