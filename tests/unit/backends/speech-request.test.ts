import { describe, expect, it } from 'vitest';
import { INTENT_MODERATE, INTENT_SPEECH, INTENT_TRANSCRIBE, buildBackendRequest } from '@engine/backends';
import type { BuildOptions } from '@engine/backends/backend-request';
import { SPEECH_LIMITS } from '@engine/backends/speech-limits';
import { wavClip } from '../../support/audio-clips';

const OFFER: BuildOptions = {
  defaultModel: 'llama3.2:3b',
  flavour: 'vllm',
  models: {
    'llama3.2:3b': { id: 'llama3.2:3b', maxTokens: 4096, tools: false, kind: 'chat' },
    'whisper-large-v3': { id: '/models/whisper-large-v3', maxTokens: 4096, tools: false, kind: 'transcribe' },
    kokoro: { id: 'kokoro', maxTokens: 4096, tools: false, kind: 'speech' },
    'toxic-bert': { id: 'toxic-bert', maxTokens: 4096, tools: false, kind: 'moderate' },
  },
};
const AUDIO = wavClip(500).toString('base64');

const build = (intent: string, payload: unknown, o = OFFER) => buildBackendRequest(intent, payload, o);
const errorOf = (r: ReturnType<typeof build>) => (r.ok ? null : r.error);

/** The undici parser reads the node's multipart body as a speech server would. */
async function formOf(body: string | Buffer, type: string) {
  return new Response(body, { headers: { 'content-type': type } }).formData();
}

describe('speech requests', () => {
  it('uploads a transcription as multipart: the file part first, then model and the fields, response_format always', async () => {
    const r = build(INTENT_TRANSCRIBE, {
      audio: AUDIO,
      filename: '../../etc/clip.wav',
      language: 'en',
      prompt: 'names',
      temperature: 0.2,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.request.path).toBe('/audio/transcriptions');
    expect(r.request.model).toBe('whisper-large-v3');
    const type = r.request.headers!['content-type']!;
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    const form = await formOf(r.request.body, type);
    expect([...form.keys()]).toEqual(['file', 'model', 'language', 'prompt', 'response_format', 'temperature']);
    const file = form.get('file') as File;
    expect(file.name).toBe('clip.wav');
    expect(file.type).toBe('application/octet-stream');
    expect(Buffer.from(await file.arrayBuffer()).equals(wavClip(500))).toBe(true);
    expect(form.get('model')).toBe('/models/whisper-large-v3');
    expect(form.get('response_format')).toBe('json');
    expect(form.get('temperature')).toBe('0.2');
    expect(r.request.speech).toEqual({
      intent: INTENT_TRANSCRIBE,
      format: 'json',
      inputTokens: 0,
      audioMs: 500,
      units: null,
    });
  });

  it('sends speech as JSON with the default voice and an Accept for audio', () => {
    const r = build(INTENT_SPEECH, { input: 'hello there', response_format: 'wav', speed: 1.5 });
    expect(r.ok && JSON.parse(r.request.body as string)).toEqual({
      model: 'kokoro',
      input: 'hello there',
      voice: 'alloy',
      response_format: 'wav',
      speed: 1.5,
    });
    expect(r.ok && r.request.headers?.accept).toMatch(/^audio\//);
    expect(r.ok && r.request.speech).toMatchObject({ format: 'wav', inputTokens: 3 });
    // Its own unit is the characters a person counts: an emoji is one, though it is four bytes.
    const spoken = build(INTENT_SPEECH, { input: 'héllo 👋' });
    expect(spoken.ok && spoken.request.speech?.units).toEqual({ unit: 'characters', count: 7 });
  });

  it('sends moderation as JSON with the moderation model only', () => {
    const r = build(INTENT_MODERATE, { input: ['one', 'two'] });
    expect(r.ok && JSON.parse(r.request.body as string)).toEqual({ model: 'toxic-bert', input: ['one', 'two'] });
    expect(r.ok && r.request.path).toBe('/moderations');
    expect(r.ok && r.request.speech?.units).toEqual({ unit: 'items', count: 2 });
    const one = build(INTENT_MODERATE, { input: 'one text' });
    expect(one.ok && one.request.speech?.units).toEqual({ unit: 'items', count: 1 });
  });

  it("maps OpenAI's aliases to the node's model and refuses a model of another kind or not offered", () => {
    expect(build(INTENT_TRANSCRIBE, { audio: AUDIO, model: 'whisper-1' })).toMatchObject({
      ok: true,
      request: { model: 'whisper-large-v3' },
    });
    expect(build(INTENT_SPEECH, { input: 'hi', model: 'tts-1' })).toMatchObject({
      ok: true,
      request: { model: 'kokoro' },
    });
    expect(errorOf(build(INTENT_SPEECH, { input: 'hi', model: 'llama3.2:3b' }))?.kind).toBe('model_not_advertised');
    expect(errorOf(build(INTENT_TRANSCRIBE, { audio: AUDIO, model: 'nope' }))?.kind).toBe('model_not_advertised');
    const noSpeech = { ...OFFER, models: { 'llama3.2:3b': OFFER.models['llama3.2:3b']! } };
    expect(errorOf(build(INTENT_SPEECH, { input: 'hi' }, noSpeech))?.kind).toBe('no_model');
  });

  it('refuses what the registry schemas refuse, and unknown fields by name', () => {
    const cases: [string, unknown, RegExp][] = [
      [INTENT_TRANSCRIBE, {}, /audio/],
      [INTENT_TRANSCRIBE, { audio: AUDIO, language: 'en_US!' }, /language/],
      [INTENT_TRANSCRIBE, { audio: AUDIO, response_format: 'diarized_json' }, /response_format/],
      [INTENT_TRANSCRIBE, { audio: AUDIO, temperature: 1.5 }, /temperature/],
      [INTENT_TRANSCRIBE, { audio: AUDIO, duration: 1000 }, /duration is not a field/],
      [INTENT_SPEECH, {}, /input/],
      [INTENT_SPEECH, { input: 'test', speed: 9 }, /speed/],
      [INTENT_SPEECH, { input: 'test', response_format: 'ogg' }, /response_format/],
      [INTENT_SPEECH, { input: 'test', instructions: 'whisper' }, /instructions is not a field/],
      [INTENT_MODERATE, {}, /input/],
      [INTENT_MODERATE, { input: [] }, /input/],
      [INTENT_MODERATE, { input: [{ type: 'image_url' }] }, /input/],
      [INTENT_MODERATE, { input: 'x', stream: true }, /stream/],
    ];
    for (const [intent, payload, why] of cases) {
      const e = errorOf(build(intent, payload));
      expect(e?.kind, JSON.stringify(payload)).toBe('invalid_payload');
      expect(e?.message).toMatch(why);
    }
  });

  it("refuses text over the node's caps as too large", () => {
    const { maxInputBytes } = SPEECH_LIMITS.speech;
    expect(errorOf(build(INTENT_SPEECH, { input: 'a'.repeat(maxInputBytes + 1) }))?.kind).toBe('too_large');
    expect(build(INTENT_SPEECH, { input: 'a'.repeat(maxInputBytes) }).ok).toBe(true);
    const items = Array.from({ length: SPEECH_LIMITS.moderate.maxItems + 1 }, () => 'x');
    expect(errorOf(build(INTENT_MODERATE, { input: items }))?.kind).toBe('too_large');
    expect(errorOf(build(INTENT_MODERATE, { input: 'a'.repeat(SPEECH_LIMITS.moderate.maxInputBytes + 1) }))?.kind).toBe(
      'too_large',
    );
  });

  it('never streams a speech intent, which it builds whole', () => {
    expect(build(INTENT_SPEECH, { input: 'hi' }).ok).toBe(true);
    const r = buildBackendRequest(INTENT_SPEECH, { input: 'hi' }, OFFER, { stream: true });
    expect(errorOf(r)).toMatchObject({ kind: 'unsupported_intent', message: expect.stringMatching(/never streamed/) });
  });
});
