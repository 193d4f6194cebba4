/**
 * One speech call through the backend client against stand-ins answering as the real servers do (dossier §4): the
 * answer's type read from its header, chunked audio read whole, and each server's error body made the house's
 * upstream error with the consumer's fault told apart.
 */
import { describe, expect, it } from 'vitest';
import { INTENT_SPEECH, INTENT_TRANSCRIBE, OpenAiCompatBackend } from '@engine/backends';
import type { BuildModel } from '@engine/backends/backend-request';
import { sanitizeUpstreamMessage } from '@engine/backends/sanitize';
import { cleanupAfterEach } from '../../support/cleanup';
import { SPEECH_BYTES, SPOKEN_TEXT, startSpeechServer, type SpeechServerKind } from '../../support/backends';
import { wavClip } from '../../support/audio-clips';

const after = cleanupAfterEach();
/** whisper-server started with OpenAI's path, as the node's build options here assume. */
const OPENAI_PATH = { inferencePath: '/v1/audio/transcriptions' };
const AUDIO = wavClip(800).toString('base64');
const TIMEOUT = { timeoutMs: 5000 };

async function backend(style: SpeechServerKind, speechModel = 'tts-1') {
  const fake = after.close(await startSpeechServer(style, OPENAI_PATH));
  const models: Record<string, BuildModel> = {
    'whisper-large-v3': { id: 'Systran/faster-whisper-large-v3', maxTokens: 1, tools: false, kind: 'transcribe' },
    [speechModel]: { id: speechModel, maxTokens: 1, tools: false, kind: 'speech' },
  };
  return {
    fake,
    b: new OpenAiCompatBackend({ url: fake.url, build: () => ({ defaultModel: null, models, flavour: 'vllm' }) }),
  };
}

describe('speech calls against the real servers’ answers', () => {
  it("reads speaches' JSON, whisper.cpp's text/html text and vLLM's usage in seconds as the same {text}", async () => {
    for (const [style, format] of [
      ['speaches', 'json'],
      ['whispercpp', 'text'],
      ['vllm_whisper', 'json'],
    ] as const) {
      const { b } = await backend(style);
      const r = await b.invoke(INTENT_TRANSCRIBE, { audio: AUDIO, response_format: format }, TIMEOUT);
      expect(r, style).toMatchObject({ ok: true, result: { text: SPOKEN_TEXT }, modelUsed: 'whisper-large-v3' });
      expect(r.ok && r.tokensUsed).toBe(Math.ceil(Buffer.byteLength(SPOKEN_TEXT) / 4));
    }
  });

  it("reads Kokoro's chunked audio whole and keeps openedai's own content types", async () => {
    const kokoro = await backend('kokoro');
    expect(await kokoro.b.invoke(INTENT_SPEECH, { input: 'hi' }, TIMEOUT)).toMatchObject({
      ok: true,
      result: { audio: SPEECH_BYTES.toString('base64'), content_type: 'audio/mpeg', format: 'mp3' },
    });
    const openedai = await backend('openedai_speech');
    const r = await openedai.b.invoke(INTENT_SPEECH, { input: 'hi', response_format: 'opus' }, TIMEOUT);
    expect(r).toMatchObject({ ok: true, result: { content_type: 'audio/ogg;codec=opus', format: 'opus' } });
    expect(openedai.fake.calls[0]!.headers.accept).toMatch(/^audio\//);
  });

  it("makes Kokoro's FastAPI detail a refusal of the consumer's, with the server's words", async () => {
    const { b } = await backend('kokoro', 'af-heart');
    const r = await b.invoke(INTENT_SPEECH, { input: 'hi' }, TIMEOUT);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ kind: 'upstream_status', status: 400, consumerFault: true });
    expect(r.error.message).toMatch(/Unsupported model: af-heart/);
  });
});

describe("the speech servers' error bodies", () => {
  it("reads FastAPI's validation list with where it failed", () => {
    const body = Buffer.from(JSON.stringify({ detail: [{ loc: ['body', 'model'], msg: 'Field required' }] }));
    expect(sanitizeUpstreamMessage(body)).toBe('body.model: Field required');
  });
});
