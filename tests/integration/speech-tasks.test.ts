/**
 * Speech tasks through a whole node's task port, HTTP and native, against a stand-in speech server that lists
 * `whisper-large-v3` and `tts-1` as vLLM does: a transcription uploaded as multipart and answered as `{text}`, speech
 * carried back as base64 (sealed with IICP-CX), and the refusals made before the server is called.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { NativeClient } from '@engine/native';
import { SPEECH_BYTES, SPOKEN_TEXT, startSpeechServer, type FakeSpeechServer } from '../support/backends';
import { SPEECH_LIMITS } from '@engine/backends/speech-limits';
import { wavClip } from '../support/audio-clips';
import { openResponse, sealRequest } from '../support/cx-consumer';
import { eventually, http, startNode, type NodeHarness } from '../support/node-harness';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const TRANSCRIBE = 'urn:iicp:intent:audio:transcribe:v1';
const SPEECH = 'urn:iicp:intent:audio:speech:v1';

async function setup(): Promise<{ speech: FakeSpeechServer; h: NodeHarness }> {
  const speech = await startSpeechServer('vllm_whisper', { models: ['whisper-large-v3', 'tts-1'] });
  cleanups.push(() => speech.close());
  const h = await startNode({ backendUrl: speech.url, maxConcurrent: 2 });
  cleanups.push(() => h.stop());
  await eventually(() => expect(h.node.getSnapshot().backend.status).toBe('healthy'));
  return { speech, h };
}

const task = (h: NodeHarness, intent: string, payload: unknown, extra: Record<string, unknown> = {}) =>
  http(`${h.base}/v1/task`, { body: { task_id: randomUUID(), intent, payload, ...extra } });
const served = (s: FakeSpeechServer) => s.calls.filter((c) => c.path.startsWith('/v1/audio/'));

describe('speech tasks on the task port', () => {
  it('transcribes over HTTP: the audio uploaded as multipart, the answer as {text}, its tokens counted', async () => {
    const { speech, h } = await setup();
    const audio = wavClip(1200);
    const r = await task(h, TRANSCRIBE, { audio: audio.toString('base64'), filename: 'clip.wav', language: 'en' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'success', model_used: 'whisper-large-v3', result: { text: SPOKEN_TEXT } });
    expect(r.json.metrics.tokens_used).toBe(Math.ceil(Buffer.byteLength(SPOKEN_TEXT) / 4));
    const form = served(speech)[0]!.form!;
    expect(form.file!.equals(audio)).toBe(true);
    expect(form).toMatchObject({ filename: 'clip.wav', fileType: 'application/octet-stream' });
    expect(form.fields).toEqual({ model: 'whisper-large-v3', language: 'en', response_format: 'json' });
  });

  it('speaks over HTTP sealed with IICP-CX: the audio base64 in the sealed result, its type and format', async () => {
    const { speech, h } = await setup();
    const identity = h.node.runtime!.identity;
    const id = randomUUID();
    const sealed = await sealRequest({
      nodePublicRaw: new Uint8Array(identity.cx.publicKeyRaw),
      nodeKeyId: identity.cx.keyId,
      taskId: id,
      intent: SPEECH,
      payload: { input: 'say this', response_format: 'wav' },
    });
    const r = await http(`${h.base}/v1/task`, {
      body: { task_id: id, intent: SPEECH, iicp_conf: sealed.envelope, cx_response_encryption: 'required' },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'encrypted' });
    const inner = (await openResponse(sealed.shared, id, r.json.iicp_conf_resp)) as Record<string, unknown>;
    expect(inner).toMatchObject({
      status: 'success',
      result: { audio: SPEECH_BYTES.toString('base64'), content_type: 'audio/mpeg', format: 'wav' },
    });
    expect(served(speech)[0]!.json).toEqual({
      model: 'tts-1',
      input: 'say this',
      voice: 'alloy',
      response_format: 'wav',
    });
  });

  it('serves both intents on the native port, whole', async () => {
    const { h } = await setup();
    const c = await NativeClient.open({ host: '127.0.0.1', port: h.port });
    cleanups.push(() => c.destroy());
    const wav = wavClip(300).toString('base64');
    const heard = await c.call({ intent: TRANSCRIBE, payload: Buffer.from(JSON.stringify({ audio: wav })) });
    expect(heard.error).toBeNull();
    expect(heard.result).toMatchObject({ status: 'success', result: { text: SPOKEN_TEXT } });
    const spoken = await c.call({ intent: SPEECH, payload: Buffer.from(JSON.stringify({ input: 'hi' })) });
    expect(spoken.result).toMatchObject({ status: 'success', result: { audio: SPEECH_BYTES.toString('base64') } });
  });

  it('refuses bad base64, audio over the size or duration cap and a stream ask, the server never called', async () => {
    const { speech, h } = await setup();
    const bad = await task(h, TRANSCRIBE, { audio: 'not base64 at all!' });
    expect(bad.status).toBe(422);
    expect(bad.json.error.message).toMatch(/base64/);
    // One byte over the cap, as base64 of garbage: judged by its length before any decoding.
    const overSize = 'A'.repeat((Math.ceil(SPEECH_LIMITS.transcribe.maxAudioBytes / 3) + 1) * 4);
    const big = await task(h, TRANSCRIBE, { audio: overSize });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('payload_too_large');
    const long = wavClip(SPEECH_LIMITS.transcribe.maxAudioMs + 1000, 1000).toString('base64');
    const tooLong = await task(h, TRANSCRIBE, { audio: long });
    expect(tooLong.status).toBe(413);
    expect(tooLong.json.error.message).toMatch(/ ms/);
    const stream = await task(h, SPEECH, { input: 'hi', stream: true });
    expect(stream.status).toBe(422);
    expect(stream.json.error.message).toMatch(/stream/);
    expect(served(speech)).toEqual([]);
  });

  it('moderates through a whole node: a classifier found by its answer serves the task, results as it wrote them', async () => {
    const shim = await startSpeechServer('moderation_shim');
    cleanups.push(() => shim.close());
    const h = await startNode({ backendUrl: shim.url, maxConcurrent: 2 });
    cleanups.push(() => h.stop());
    await eventually(() => expect(h.node.getSnapshot().backend.status).toBe('healthy'));
    const before = shim.said().filter((c) => c === 'POST /v1/moderations').length;
    const r = await task(h, 'urn:iicp:intent:safety:moderate:v1', { input: ['hello', 'there'] });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      status: 'success',
      result: { results: [{ flagged: false, categories: { toxic: false }, category_scores: { toxic: 0.0007 } }] },
    });
    expect(r.json.metrics.tokens_used).toBe(Math.ceil(Buffer.byteLength('hellothere') / 4));
    expect(shim.said().filter((c) => c === 'POST /v1/moderations').length).toBe(before + 1);
  });
});
