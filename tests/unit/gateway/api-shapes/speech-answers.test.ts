/**
 * A speech intent's result written as OpenAI answers it: each transcript form with its own type (the `openai` package
 * parses only JSON), speech as its bytes with a type a header can carry, OpenAI's events built from the whole audio,
 * a moderation's id and model filled in; a result that is not what the intent promises is the node's failure.
 */
import { describe, expect, it } from 'vitest';
import { renderSpeech, renderSpeechResult, speechEvents } from '@engine/gateway/api-shapes/speech-answers';
import type { SpeechAsk, TranscriptFormat } from '@engine/gateway/api-shapes/speech-asks';

const transcription = (format: TranscriptFormat): SpeechAsk => ({
  route: 'openai.transcription',
  intent: 'urn:iicp:intent:audio:transcribe:v1',
  model: null,
  payload: {},
  reply: { transcriptFormat: format },
  answerBound: 40,
});
const speech = (streamFormat: 'audio' | 'sse', payload: Record<string, unknown> = {}): SpeechAsk => ({
  route: 'openai.speech',
  intent: 'urn:iicp:intent:audio:speech:v1',
  model: null,
  payload: { input: 'hi', ...payload },
  reply: { streamFormat },
  answerBound: 1,
});
const moderation: SpeechAsk = {
  route: 'openai.moderation',
  intent: 'urn:iicp:intent:safety:moderate:v1',
  model: null,
  payload: { input: 'hi' },
  reply: {},
  answerBound: 1,
};
const text = (chunks: (string | Buffer)[]) => chunks.map(String).join('');

describe('speech answers', () => {
  it('writes each transcript form with its own type: JSON for json and verbose_json, the raw text for the rest', () => {
    const result = { text: '1\n00:00:00,000 --> 00:00:01,000\nhi', language: 'en', duration: 1, segments: [] };
    expect(renderSpeechResult(transcription('json'), result, 'w', 5)).toEqual({
      ok: true,
      contentType: 'application/json',
      chunks: [JSON.stringify({ text: result.text })],
      tokens: 5,
    });
    const verbose = renderSpeechResult(transcription('verbose_json'), result, 'w', null);
    expect(verbose.ok && JSON.parse(text(verbose.chunks))).toEqual(result);
    for (const [format, type] of [
      ['text', 'text/plain; charset=utf-8'],
      ['srt', 'application/x-subrip'],
      ['vtt', 'text/vtt'],
    ] as const)
      expect(renderSpeechResult(transcription(format), result, 'w', null)).toMatchObject({
        contentType: type,
        chunks: [result.text],
      });
    expect(renderSpeechResult(transcription('json'), { words: [] }, 'w', null)).toMatchObject({ status: 502 });
  });

  it('writes speech as its bytes with the result’s type, or the format’s when the result’s cannot be a header', () => {
    const audio = Buffer.from([0xff, 0xfb, 0x90, 0x00]);
    const ok = renderSpeechResult(
      speech('audio'),
      { audio: audio.toString('base64'), content_type: 'audio/mpeg' },
      'k',
      2,
    );
    expect(ok).toMatchObject({ ok: true, contentType: 'audio/mpeg' });
    expect(ok.ok && Buffer.concat(ok.chunks.map((c) => Buffer.from(c))).equals(audio)).toBe(true);
    const injected = { audio: audio.toString('base64'), content_type: 'audio/wav\r\nSet-Cookie: x=1', format: 'wav' };
    expect(renderSpeechResult(speech('audio'), injected, 'k', 2)).toMatchObject({ contentType: 'audio/wav' });
    expect(renderSpeechResult(speech('audio', { response_format: 'flac' }), { audio: '' }, 'k', 2)).toMatchObject({
      contentType: 'audio/flac',
    });
    expect(renderSpeechResult(speech('audio'), { audio: 'not base64!' }, 'k', 2)).toMatchObject({ status: 502 });
  });

  it('builds OpenAI’s speech events from the whole audio: deltas that join to it, then done with the usage', () => {
    const audio = Buffer.alloc(100_000, 9);
    const events = speechEvents(audio, 7).map((e) => JSON.parse(e.replace(/^data: /, '')) as Record<string, unknown>);
    expect(events.at(-1)).toEqual({
      type: 'speech.audio.done',
      usage: { input_tokens: 7, output_tokens: 0, total_tokens: 7 },
    });
    const deltas = events.slice(0, -1);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.every((d) => d.type === 'speech.audio.delta')).toBe(true);
    expect(Buffer.concat(deltas.map((d) => Buffer.from(String(d.audio), 'base64'))).equals(audio)).toBe(true);
  });

  it('fills a moderation’s id and model when the server gave none, keeps them when it did, results verbatim', () => {
    const results = [{ flagged: true, categories: { violence: true }, category_scores: { violence: 0.9 }, extra: 1 }];
    const filled = renderSpeechResult(moderation, { results }, 'guard', null);
    const body = filled.ok ? (JSON.parse(text(filled.chunks)) as Record<string, unknown>) : null;
    expect(body).toMatchObject({ model: 'guard', results });
    expect(body?.id).toMatch(/^modr-/);
    const kept = renderSpeechResult(moderation, { id: 'modr-own', model: 'omni', results }, 'guard', null);
    expect(kept.ok && JSON.parse(text(kept.chunks))).toEqual({ id: 'modr-own', model: 'omni', results });
    expect(renderSpeechResult(moderation, { results: 'none' }, 'guard', null)).toMatchObject({ status: 502 });
  });

  it('reads the node’s opened answer: its tokens_used, a failure or a body that is not JSON', () => {
    const opened = (o: unknown) => Buffer.from(JSON.stringify(o));
    expect(
      renderSpeech(moderation, opened({ status: 'success', result: { results: [] }, tokens_used: 4 }), 'g'),
    ).toMatchObject({ ok: true, tokens: 4 });
    expect(renderSpeech(moderation, opened({ status: 'error', error: {} }), 'g')).toMatchObject({
      status: 502,
      code: 'node_error',
    });
    expect(renderSpeech(moderation, Buffer.from('<html>'), 'g')).toMatchObject({ code: 'invalid_node_answer' });
  });
});
