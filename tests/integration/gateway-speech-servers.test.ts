/**
 * The gateway's speech endpoints against a real node whose servers are the speech stand-ins, read by the real `openai`
 * package (7.57) and sent as Open WebUI sends them: this computer's own servers answer first (`localServer()` and its
 * `serveSpeech`), each found by what it answers — whisper.cpp at its own `/inference`, speaches, vLLM serving Whisper
 * (usage in seconds), Kokoro-FastAPI (chunked audio) and a toxic-bert moderation shim — and each one's refusal, in its
 * own shape, reaches the app as OpenAI's error JSON.
 */
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KOKORO_VOICES,
  SPEACHES_VOICES,
  SPEECH_BYTES,
  SPOKEN_TEXT,
  startSpeechServer,
  speechWork,
  type FakeSpeechServer,
} from '../support/backends';
import { wavClip } from '../support/audio-clips';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { GATEWAY_TEST_TUNING as tuning, gatewayRow, nodeIdOf, openGateway } from '../support/gateway-setup';
import { eventually, startPublicNode, type NodeHarness } from '../support/node-harness';

const WAV = wavClip(1500);

let directory: TestDirectory;
const servers: Record<'whisper' | 'speaches' | 'vllm' | 'kokoro' | 'moderation', FakeSpeechServer> = {} as never;
let g: NodeHarness;
let client: OpenAI;
let base: string;
let key: string;

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  servers.whisper = await startSpeechServer('whispercpp');
  servers.speaches = await startSpeechServer('speaches');
  servers.vllm = await startSpeechServer('vllm_whisper');
  servers.kokoro = await startSpeechServer('kokoro');
  servers.moderation = await startSpeechServer('moderation_shim');
  const more = (['whisper', 'vllm', 'kokoro', 'moderation'] as const).map((id) => ({ id, url: servers[id].url }));
  g = await startPublicNode(
    { directory: directory.url, backend: servers.speaches.url },
    { moreBackends: more },
    { gatewayPort: 0, tuning },
  );
  await eventually(() => expect(g.node.getSnapshot().directory.link).toBe('registered'), 20_000);
  const opened = await openGateway(g, 'speech app');
  key = opened.key;
  base = opened.baseUrl;
  client = new OpenAI({ baseURL: base, apiKey: key, maxRetries: 0 });
  // Every server found, its models offered, before the gateway is asked.
  await eventually(async () => {
    const ids = (await client.models.list()).data.map((m) => m.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'whisper-1',
        'Systran/faster-whisper-small',
        'openai/whisper-large-v3',
        'kokoro',
        'speaches-ai/Kokoro-82M-v1.0-ONNX',
        'unitary/toxic-bert',
      ]),
    );
  }, 20_000);
}, 60_000);

afterAll(async () => {
  await g?.stop();
  for (const s of Object.values(servers)) await s.close();
  await directory?.close();
});

const row = (taskId: string | null) => gatewayRow(g, taskId);

const post = (path: string, body: string | FormData, type?: string) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, ...(type ? { 'Content-Type': type } : {}) },
    body,
  });

describe('this computer’s speech servers through the gateway', () => {
  it('transcribes on whisper.cpp at its own /inference: the WAV uploaded whole, free, booked as this computer', async () => {
    const { data, response } = await client.audio.transcriptions
      .create({ file: await toFile(WAV, 'clip.wav', { type: 'audio/wav' }), model: 'whisper-1' })
      .withResponse();
    expect(data).toEqual({ text: SPOKEN_TEXT });
    const [call] = speechWork(servers.whisper);
    expect(call).toMatchObject({ path: '/inference', form: { filename: 'clip.wav' } });
    expect(call!.form!.file!.equals(WAV)).toBe(true);
    expect(response.headers.get('x-iicp-own-machine')).toBe('yes');
    expect(await row(response.headers.get('x-iicp-task-id'))).toMatchObject({
      route: 'this_computer',
      own: true,
      credits: 0,
      outcome: 'answered',
      nodeId: nodeIdOf(g),
      model: 'whisper-1',
    });
  });

  it('transcribes on speaches (its model named) and on vLLM (usage in seconds): text as text, JSON as JSON', async () => {
    const text = await client.audio.transcriptions.create({
      file: await toFile(WAV, 'a.wav'),
      model: 'Systran/faster-whisper-small',
      response_format: 'text',
    });
    expect(text).toBe(SPOKEN_TEXT);
    expect(speechWork(servers.speaches)[0]!.form!.fields).toMatchObject({
      model: 'Systran/faster-whisper-small',
      response_format: 'text',
    });
    const json = await client.audio.transcriptions.create({
      file: await toFile(WAV, 'b.wav'),
      model: 'openai/whisper-large-v3',
    });
    expect(json.text).toBe(SPOKEN_TEXT);
    expect(speechWork(servers.vllm)).toHaveLength(1);
  });

  it('takes Open WebUI’s transcription form (an empty model, a language): a transcribing server answers JSON', async () => {
    const before =
      speechWork(servers.whisper).length + speechWork(servers.speaches).length + speechWork(servers.vllm).length;
    const form = new FormData();
    form.append('model', '');
    form.append('language', 'en');
    form.append('file', new Blob([WAV], { type: 'audio/wav' }), '3f2a9c1e.wav');
    const res = await post('/audio/transcriptions', form);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ text: SPOKEN_TEXT });
    const after =
      speechWork(servers.whisper).length + speechWork(servers.speaches).length + speechWork(servers.vllm).length;
    expect(after).toBe(before + 1);
  });

  it('speaks on Kokoro: its chunked audio whole, with its type; Open WebUI’s tts-1 body and a voice of its own', async () => {
    const res = await client.audio.speech.create({ model: 'kokoro', voice: 'af_bella', input: 'Hello there' });
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await res.arrayBuffer()).equals(SPEECH_BYTES)).toBe(true);
    expect(speechWork(servers.kokoro).at(-1)!.json).toMatchObject({
      model: 'kokoro',
      voice: 'af_bella',
      input: 'Hello there',
    });
    const webui = await post(
      '/audio/speech',
      JSON.stringify({ input: 'Read this', voice: 'alloy', model: 'tts-1' }),
      'application/json',
    );
    expect(webui.status).toBe(200);
    expect(Buffer.from(await webui.arrayBuffer()).equals(SPEECH_BYTES)).toBe(true);
    expect(speechWork(servers.kokoro).at(-1)!.json).toMatchObject({
      model: 'tts-1',
      voice: 'alloy',
      input: 'Read this',
    });
  });

  it('speaks on speaches as a WAV, and moderates on the shim: id filled in, its model and results as it wrote them', async () => {
    const wav = await client.audio.speech.create({
      model: 'speaches-ai/Kokoro-82M-v1.0-ONNX',
      voice: 'af_heart',
      input: 'Say it',
      response_format: 'wav',
    });
    expect(wav.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await wav.arrayBuffer()).equals(SPEECH_BYTES)).toBe(true);
    const m = await client.moderations.create({ input: ['hello', 'there'] });
    expect(m.id).toMatch(/^modr-/);
    expect(m).toMatchObject({
      model: 'unitary/toxic-bert',
      results: [{ flagged: false, categories: { toxic: false }, category_scores: { toxic: 0.0007 } }],
    });
    expect(speechWork(servers.moderation).at(-1)!.json).toEqual({
      model: 'unitary/toxic-bert',
      input: ['hello', 'there'],
    });
  });

  it('gives each server’s refusal, in its own shape, to the app as OpenAI’s error JSON with the server’s words', async () => {
    // Bytes no decoder reads: each transcribing server refuses them its own way.
    const noise = Buffer.from('this is not any kind of audio at all, only words');
    const refusals: [string, RegExp][] = [
      ['whisper-1', /failed to read audio data/],
      ['Systran/faster-whisper-small', /Failed to decode audio/],
      ['openai/whisper-large-v3', /Invalid or unsupported audio file/],
    ];
    for (const [model, words] of refusals) {
      const err = await client.audio.transcriptions.create({ file: await toFile(noise, 'noise.wav'), model }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, model).toBeInstanceOf(OpenAI.APIError);
      const e = err as InstanceType<typeof OpenAI.APIError>;
      expect(e.status, model).toBeGreaterThanOrEqual(400);
      expect(e.status, model).toBeLessThan(500);
      expect(e.error, model).toMatchObject({ type: 'invalid_request_error', message: expect.stringMatching(words) });
    }
    const voice = await post(
      '/audio/speech',
      JSON.stringify({ model: 'kokoro', voice: 'zz_nobody', input: 'hi' }),
      'application/json',
    );
    expect(voice.status).toBe(400);
    const body = (await voice.json()) as { error: { message: string; type: string } };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringMatching(/zz_nobody/) });
  });

  it('lists, without a key as Open WebUI asks, this computer’s speech models and the voices its servers list', async () => {
    const models = (await (await fetch(`${base}/audio/models`)).json()) as { models: { id: string }[] };
    expect(models.models.map((m) => m.id)).toEqual(
      expect.arrayContaining(['kokoro', 'tts-1', 'speaches-ai/Kokoro-82M-v1.0-ONNX']),
    );
    expect(models.models.map((m) => m.id)).not.toContain('whisper-1');
    const res = await fetch(`${base}/audio/voices`);
    expect(res.status).toBe(200);
    const voices = ((await res.json()) as { voices: { id: string; name: string }[] }).voices.map((v) => v.id);
    // The servers' own voices first, each once, then OpenAI's six.
    expect(voices).toEqual([
      ...new Set([...SPEACHES_VOICES, ...KOKORO_VOICES, 'alloy', 'echo', 'fable', 'onyx', 'nova', 'shimmer']),
    ]);
  });
});
