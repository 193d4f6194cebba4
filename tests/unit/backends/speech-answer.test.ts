import { describe, expect, it } from 'vitest';
import { INTENT_MODERATE, INTENT_SPEECH, INTENT_TRANSCRIBE } from '@engine/backends';
import { MAX_SPEECH_AUDIO_BYTES, formatOf, speechAnswer } from '@engine/backends/speech-answer';
import type { SpeechAsk } from '@engine/backends/speech-request';

const ask = (
  intent: SpeechAsk['intent'],
  format: string | null,
  inputTokens = 0,
  units: SpeechAsk['units'] = null,
): SpeechAsk => ({
  intent,
  format,
  inputTokens,
  audioMs: 1500,
  units,
});
const json = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('speech answers', () => {
  it("keeps a transcription's JSON verbatim and counts its text in tokens", () => {
    const a = speechAnswer(json({ text: 'x'.repeat(40) }), 'application/json', ask(INTENT_TRANSCRIBE, 'json'));
    expect(a).toEqual({
      ok: true,
      result: { text: 'x'.repeat(40) },
      tokensUsed: 10,
      units: { unit: 'audio_ms', count: 1500 },
    });
  });

  it("carries text, srt and vtt as {text: body}, whisper.cpp's text/html included", () => {
    const html = speechAnswer(Buffer.from('hello world\n'), 'text/html; charset=utf-8', ask(INTENT_TRANSCRIBE, 'text'));
    expect(html).toMatchObject({ ok: true, result: { text: 'hello world\n' } });
    const vtt = 'WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n';
    expect(speechAnswer(Buffer.from(vtt), 'text/vtt', ask(INTENT_TRANSCRIBE, 'vtt'))).toMatchObject({
      result: { text: vtt },
    });
    // A text answer that happens to be JSON-looking stays the text it is.
    expect(speechAnswer(Buffer.from('42'), 'text/plain', ask(INTENT_TRANSCRIBE, 'text'))).toMatchObject({
      result: { text: '42' },
    });
  });

  it('refuses a json transcription without text', () => {
    expect(speechAnswer(Buffer.from('oops'), 'text/plain', ask(INTENT_TRANSCRIBE, 'json')).ok).toBe(false);
    expect(speechAnswer(json({ segments: [] }), 'application/json', ask(INTENT_TRANSCRIBE, 'verbose_json')).ok).toBe(
      false,
    );
  });

  it("counts the audio's milliseconds from verbose_json or vLLM's usage, never bills them as tokens", () => {
    const verbose = speechAnswer(
      json({ text: 'abcd', duration: 2.5 }),
      'application/json',
      ask(INTENT_TRANSCRIBE, 'verbose_json'),
    );
    expect(verbose).toMatchObject({ ok: true, units: { unit: 'audio_ms', count: 2500 }, tokensUsed: 1 });
    const vllm = speechAnswer(
      json({ text: 'abcd', usage: { type: 'duration', seconds: 3 } }),
      'application/json',
      ask(INTENT_TRANSCRIBE, 'json'),
    );
    expect(vllm).toMatchObject({ ok: true, units: { unit: 'audio_ms', count: 3000 }, tokensUsed: 1 });
    // No header and no duration in the answer: no own unit, rather than a guess.
    const unknown = { ...ask(INTENT_TRANSCRIBE, 'json'), audioMs: null };
    expect(speechAnswer(json({ text: 'abcd' }), 'application/json', unknown)).toMatchObject({ units: null });
  });

  it("takes a usage in tokens, held to the node's estimate with chat's margin", () => {
    const honest = speechAnswer(
      json({ text: 'abcdefgh', usage: { type: 'tokens', total_tokens: 5 } }),
      'application/json',
      ask(INTENT_TRANSCRIBE, 'json'),
    );
    expect(honest).toMatchObject({ tokensUsed: 5 });
    const greedy = speechAnswer(
      json({ text: 'abcdefgh', usage: { type: 'tokens', total_tokens: 1e6 } }),
      'application/json',
      ask(INTENT_TRANSCRIBE, 'json'),
    );
    // 2 tokens estimated: at most 2 × 4 + 64.
    expect(greedy).toMatchObject({ tokensUsed: 72 });
  });

  it('carries speech as base64 with the header verbatim and the format asked for, else a normalised subtype', () => {
    const audio = Buffer.from([0xff, 0xfb, 1, 2, 3]);
    const chars = { unit: 'characters', count: 11 } as const;
    expect(speechAnswer(audio, 'audio/ogg;codec=opus', ask(INTENT_SPEECH, 'opus', 3, chars))).toEqual({
      ok: true,
      result: { audio: audio.toString('base64'), content_type: 'audio/ogg;codec=opus', format: 'opus' },
      tokensUsed: 3,
      units: chars,
    });
    expect(speechAnswer(audio, 'audio/mpeg', ask(INTENT_SPEECH, null))).toMatchObject({ result: { format: 'mp3' } });
    expect(speechAnswer(audio, null, ask(INTENT_SPEECH, null))).toMatchObject({
      result: { content_type: 'audio/mpeg' },
    });
    expect(formatOf('audio/x-flac')).toBe('flac');
    expect(formatOf('audio/pcm;rate=24000')).toBe('pcm');
  });

  it('refuses speech that is JSON, empty or over what a sealed result can carry', () => {
    expect(speechAnswer(json({ error: 'x' }), 'application/json', ask(INTENT_SPEECH, null)).ok).toBe(false);
    expect(speechAnswer(Buffer.alloc(0), 'audio/wav', ask(INTENT_SPEECH, null)).ok).toBe(false);
    expect(speechAnswer(Buffer.alloc(MAX_SPEECH_AUDIO_BYTES + 1), 'audio/wav', ask(INTENT_SPEECH, null)).ok).toBe(
      false,
    );
  });

  it('keeps a moderation verbatim only when every result says flagged as a boolean', () => {
    const verdict = { id: 'modr-1', results: [{ flagged: false, categories: {}, category_scores: {} }] };
    const texts = { unit: 'items', count: 2 } as const;
    expect(speechAnswer(json(verdict), 'application/json', ask(INTENT_MODERATE, null, 7, texts))).toEqual({
      ok: true,
      result: verdict,
      tokensUsed: 7,
      units: texts,
    });
    expect(
      speechAnswer(json({ results: [{ flagged: 'no' }] }), 'application/json', ask(INTENT_MODERATE, null)).ok,
    ).toBe(false);
    expect(speechAnswer(json({ data: [] }), 'application/json', ask(INTENT_MODERATE, null)).ok).toBe(false);
  });
});
