/**
 * This computer's speech server as the gateway reaches it (`localServer().serveSpeech`): the task's own request builder
 * and answer conversion, no seal, the owner's use counted while it runs, failures worded as the gateway words them.
 */
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '@shared/contract';
import { OpenAiCompatBackend, type CombinedObservation, type ServerRoute } from '@engine/backends';
import type { ModelFacts } from '@engine/backends/model-facts';
import { localServer } from '@engine/gateway/routing/local-server';
import { cleanupAfterEach } from '../../../support/cleanup';
import { SPEECH_BYTES, SPOKEN_TEXT, startSpeechServer, type SpeechServerKind } from '../../../support/backends';
import { wavClip } from '../../../support/audio-clips';

const TRANSCRIBE = 'urn:iicp:intent:audio:transcribe:v1';
const SPEECH = 'urn:iicp:intent:audio:speech:v1';
const after = cleanupAfterEach();
/** whisper-server started with OpenAI's path, as the node's build options here assume. */
const OPENAI_PATH = { inferencePath: '/v1/audio/transcriptions' };

const facts = (name: string, kind: ModelFacts['kind']): ModelFacts => ({
  id: name,
  name,
  kind,
  modalities: ['text'],
  contextLength: null,
  parameterCount: null,
  tools: false,
  fim: false,
  quantization: null,
  guessed: true,
});

/** One stand-in server holding a transcription and a speech model, routed to as the node's ServingOffer would. */
async function setup(style: SpeechServerKind) {
  const fake = after.close(await startSpeechServer(style, OPENAI_PATH));
  const all = [facts('whisper-large-v3', 'transcribe'), facts('tts-1', 'speech')];
  const server = { id: 'main', observation: { flavour: 'vllm', facts: all } };
  const observation = {
    flavour: 'vllm',
    facts: all,
    holders: new Map(all.map((f) => [f.name, [server]])),
    crowded: new Map(),
  } as unknown as CombinedObservation;
  const backend = new OpenAiCompatBackend({
    url: fake.url,
    build: () => ({ defaultModel: null, models: {}, flavour: 'vllm' }),
  });
  const route = { server, backend, answered: vi.fn(), failed: vi.fn(), refused: vi.fn(), done: vi.fn() };
  const ownerDone = vi.fn();
  const ownerUse = vi.fn(() => ownerDone);
  const local = localServer({
    settings: () => DEFAULT_SETTINGS,
    observation: () => observation,
    route: () => route as unknown as ServerRoute,
    ownerUse,
  });
  return { fake, local, route, ownerUse, ownerDone };
}

describe("this computer's speech server for the gateway", () => {
  it('transcribes with the task builder and gives the IICP result, as owner use', async () => {
    const { fake, local, route, ownerUse, ownerDone } = await setup('whispercpp');
    const audio = wavClip(400).toString('base64');
    const r = await local.serveSpeech!(TRANSCRIBE, { audio, response_format: 'text' }, { timeoutMs: 5000 });
    expect(r).toEqual({ ok: true, result: { text: SPOKEN_TEXT } });
    expect(fake.calls[0]!.form!.fields).toMatchObject({ model: 'whisper-large-v3', response_format: 'text' });
    expect(ownerUse).toHaveBeenCalledTimes(1);
    expect(ownerDone).toHaveBeenCalledTimes(1);
    expect(route.answered).toHaveBeenCalledTimes(1);
  });

  it('speaks: audio base64 with the type the server sent', async () => {
    const { local } = await setup('openedai_speech');
    const r = await local.serveSpeech!(SPEECH, { input: 'hi', response_format: 'flac' }, { timeoutMs: 5000 });
    expect(r).toEqual({
      ok: true,
      result: { audio: SPEECH_BYTES.toString('base64'), content_type: 'audio/x-flac', format: 'flac' },
    });
  });

  it("words failures as the gateway does: the request's fault told apart from the server's", async () => {
    const { fake, local } = await setup('kokoro');
    const tooBig = await local.serveSpeech!(TRANSCRIBE, { audio: 'A'.repeat(8 * 1024 * 1024) }, { timeoutMs: 5000 });
    expect(tooBig).toMatchObject({ ok: false, blame: 'request', status: 413, code: 'payload_too_large' });
    const bad = await local.serveSpeech!(SPEECH, { input: 'hi', speed: 9 }, { timeoutMs: 5000 });
    expect(bad).toMatchObject({ ok: false, blame: 'request', status: 400, code: 'invalid_request' });
    const other = await local.serveSpeech!(SPEECH, { input: 'hi', model: 'llama3' }, { timeoutMs: 5000 });
    expect(other).toMatchObject({ ok: false, status: 503, code: 'local_unavailable' });
    // The app is told which server failed: a speech server, never "the LLM server".
    for (const f of [tooBig, bad, other]) expect(f.ok ? '' : f.message).toMatch(/^This computer’s speech server /);
    expect(fake.calls.filter((c) => c.path.startsWith('/v1/audio/'))).toEqual([]);
  });
});
