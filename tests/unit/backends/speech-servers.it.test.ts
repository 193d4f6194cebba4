import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from '../../support/cleanup';
import { backendRoot, buildCapabilities, ProbeClient } from '@engine/backends';
import { lookAtBackend, newLookMemory, type BackendLook, type LookMemory } from '@engine/backends/probe';
import { SPEECH_LIMITS } from '@engine/backends/speech-limits';
import { INTENT_CHAT, INTENT_MODERATE, INTENT_SPEECH, INTENT_TRANSCRIBE } from '@engine/backends/intents';
import {
  KOKORO_VOICES,
  SPEACHES_VOICES,
  startSpeechServer,
  type SpeechServerKind,
  type SpeechServerOptions,
} from '../../support/backends';

const after = cleanupAfterEach();

async function looked(kind: SpeechServerKind, o: SpeechServerOptions = {}) {
  const server = after.close(await startSpeechServer(kind, o));
  const client = new ProbeClient(backendRoot(server.url), () => null);
  after.defer(() => client.close());
  const memory: LookMemory = newLookMemory();
  const look = (): Promise<BackendLook> => lookAtBackend(client, memory, null, () => 2000, Date.now);
  return { server, memory, look };
}

const kinds = (l: BackendLook) => l.facts.map((f) => [f.name, f.kind]);

describe('speech servers found by what they answer', () => {
  it('whisper.cpp: its Server header, its health and a refused empty upload at /inference give its one model', async () => {
    const { server, look } = await looked('whispercpp');
    const l = await look();
    expect(l).toMatchObject({ status: 'ok', flavour: 'whispercpp' });
    expect(kinds(l)).toEqual([['whisper-1', 'transcribe']]);
    // Served at whisper-server's own path, not the usual one: the task path must know.
    expect(l.facts[0]).toMatchObject({ path: '/inference', modalities: ['audio'] });
    expect(server.said()).toContain('POST /v1/audio/transcriptions');
    expect(server.said()).toContain('POST /inference');
  });

  it('whisper.cpp started with the OpenAI path serves there; the path is asked once, not at every look', async () => {
    const { server, look } = await looked('whispercpp', { inferencePath: '/v1/audio/transcriptions' });
    const first = await look();
    expect(kinds(first)).toEqual([['whisper-1', 'transcribe']]);
    expect(first.facts[0]?.path).toBeUndefined();
    const posts = server.said().filter((c) => c.startsWith('POST')).length;
    await look();
    expect(server.said().filter((c) => c.startsWith('POST')).length).toBe(posts);
  });

  it('whisper.cpp loading its model is loading, not a server without models', async () => {
    const { look } = await looked('whispercpp', { loading: true });
    expect(await look()).toMatchObject({ status: 'loading', flavour: 'whispercpp', facts: [] });
  });

  it('speaches: each model’s task gives its kind; models of no intent of the node are not offered', async () => {
    const { look } = await looked('speaches');
    const l = await look();
    expect(l).toMatchObject({ status: 'ok', flavour: 'speaches' });
    expect(kinds(l)).toEqual([
      ['Systran/faster-whisper-small', 'transcribe'],
      ['speaches-ai/Kokoro-82M-v1.0-ONNX', 'speech'],
    ]);
    // Read from what the server says, not from the names.
    expect(l.facts.every((f) => !f.guessed)).toBe(true);
  });

  it('Kokoro-FastAPI: owned by kokoro, every model speaks, although it says uvicorn like vLLM', async () => {
    const { server, look } = await looked('kokoro');
    const l = await look();
    expect(l).toMatchObject({ status: 'ok', flavour: 'kokoro' });
    expect(kinds(l)).toEqual([
      ['tts-1', 'speech'],
      ['tts-1-hd', 'speech'],
      ['kokoro', 'speech'],
      ['gpt-4o-mini-tts', 'speech'],
    ]);
    expect(server.said().filter((c) => c.startsWith('POST'))).toEqual([]);
  });

  it('speaches and Kokoro-FastAPI: the voices they list go with their speech models, each model its own', async () => {
    const speaches = await (await looked('speaches')).look();
    expect(speaches.facts.map((f) => [f.name, f.voices])).toEqual([
      ['Systran/faster-whisper-small', undefined],
      ['speaches-ai/Kokoro-82M-v1.0-ONNX', [...SPEACHES_VOICES]],
    ]);
    const kokoro = await (await looked('kokoro')).look();
    expect(kokoro.facts.every((f) => JSON.stringify(f.voices) === JSON.stringify(KOKORO_VOICES))).toBe(true);
  });

  it('openedai-speech: tts-1 owned by user and its billing stub', async () => {
    const { server, look } = await looked('openedai_speech');
    const l = await look();
    expect(l).toMatchObject({ status: 'ok', flavour: 'openedai_speech' });
    expect(kinds(l)).toEqual([
      ['tts-1-hd', 'speech'],
      ['tts-1', 'speech'],
    ]);
    expect(server.said()).toContain('GET /v1/billing/usage');
    // Found by reads: nothing is spoken to find out.
    expect(server.said().filter((c) => c.startsWith('POST'))).toEqual([]);
  });

  it('LocalAI: its capabilities route gives each model the one kind it serves; a moderation it refuses is not offered', async () => {
    const { server, look } = await looked('localai');
    const l = await look();
    expect(l).toMatchObject({ status: 'ok', flavour: 'localai' });
    expect(kinds(l)).toEqual([
      ['llama-3.2-1b-instruct', 'chat'],
      ['whisper-base', 'transcribe'],
      ['piper-en', 'speech'],
    ]);
    expect(server.said()).toContain('POST /v1/moderations');
  });

  it('vLLM serving Whisper: owned by vllm, the model a transcription one', async () => {
    const { look } = await looked('vllm_whisper');
    const l = await look();
    expect(l).toMatchObject({ status: 'ok', flavour: 'vllm', version: '0.11.0' });
    expect(kinds(l)).toEqual([['openai/whisper-large-v3', 'transcribe']]);
    // Advertised as what it is, not as a chat model with an output token limit.
    const [cap] = buildCapabilities({ facts: l.facts, defaultModel: null }).capabilities;
    expect(cap).toMatchObject({ intent: INTENT_TRANSCRIBE, input_modalities: ['audio'], output_modalities: ['text'] });
    expect(cap).not.toHaveProperty('max_tokens');
  });

  it('a moderation classifier with no model list: its answer to a moderation probe is its model', async () => {
    const { server, look } = await looked('moderation_shim');
    const l = await look();
    expect(l).toMatchObject({ status: 'ok', flavour: 'custom' });
    expect(kinds(l)).toEqual([['unitary/toxic-bert', 'moderate']]);
    // Asked once, when the server was first found.
    await look();
    expect(server.said().filter((c) => c === 'POST /v1/moderations')).toHaveLength(1);
  });
});

describe('speech capabilities', () => {
  it('each speech model under its intent, with what goes in and out and typed limits, and no max_tokens', async () => {
    const facts = [
      ...(await (await looked('whispercpp', { inferencePath: '/v1/audio/transcriptions' })).look()).facts,
      ...(await (await looked('kokoro')).look()).facts.slice(0, 1),
      ...(await (await looked('moderation_shim')).look()).facts,
    ];
    const built = buildCapabilities({ facts, defaultModel: null });
    expect(built.capabilities.map((c) => c.intent)).toEqual([INTENT_TRANSCRIBE, INTENT_SPEECH, INTENT_MODERATE]);
    const [transcribe, speech, moderate] = built.capabilities;
    expect(transcribe).toMatchObject({
      models: ['whisper-1'],
      input_modalities: ['audio'],
      output_modalities: ['text'],
      limits: {
        max_audio_bytes: { value: SPEECH_LIMITS.transcribe.maxAudioBytes, unit: 'bytes' },
        max_audio_duration: { value: SPEECH_LIMITS.transcribe.maxAudioMs, unit: 'milliseconds' },
      },
    });
    expect(speech).toMatchObject({
      models: ['tts-1'],
      input_modalities: ['text'],
      output_modalities: ['audio'],
      limits: { max_input_bytes: { value: SPEECH_LIMITS.speech.maxInputBytes, unit: 'bytes' } },
    });
    expect(moderate).toMatchObject({
      models: ['unitary/toxic-bert'],
      input_modalities: ['text'],
      output_modalities: ['text'],
      limits: {
        max_input_bytes: { value: SPEECH_LIMITS.moderate.maxInputBytes, unit: 'bytes' },
        max_items: { value: SPEECH_LIMITS.moderate.maxItems, unit: 'items' },
      },
    });
    for (const c of built.capabilities) {
      expect(c).not.toHaveProperty('max_tokens');
      // The directory's typed limit: exactly value and unit, a unit it knows, a name of its pattern.
      for (const [name, limit] of Object.entries(c.limits ?? {})) {
        expect(name).toMatch(/^[a-z][a-z0-9_]{0,63}$/);
        expect(Object.keys(limit).sort()).toEqual(['unit', 'value']);
        expect(['tokens', 'items', 'bytes', 'milliseconds', 'dimensions']).toContain(limit.unit);
      }
    }
    expect(built.capabilities.some((c) => c.intent === INTENT_CHAT)).toBe(false);
  });
});
