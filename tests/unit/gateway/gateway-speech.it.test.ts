/**
 * The gateway's speech endpoints end to end on loopback, read by the real `openai` package (7.57) and sent as Open
 * WebUI sends them: `/v1/audio/transcriptions` (a File, and an fs stream the package uploads chunked),
 * `/v1/audio/speech` (the bytes, and OpenAI's events), `/v1/moderations` (id and model filled in), answered by this
 * computer's speech server first and by a node of the network, sealed, when this computer has none; the model lists
 * Open WebUI reads.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { composeGateway, type GatewayParts } from '@engine/gateway/compose-gateway';
import type { LocalServer } from '@engine/gateway/routing/local-server';
import { fakeClock } from '../../support/fake-clock';
import { fakeNode, nodesFetch, type FakeNode } from './fake-cx-node';
import { testGatewayOptions } from './gateway-test-options';
import { memoryBook } from './memory-book';

const TRANSCRIBE = 'urn:iicp:intent:audio:transcribe:v1';
const SPEECH = 'urn:iicp:intent:audio:speech:v1';
const MODERATE = 'urn:iicp:intent:safety:moderate:v1';

/** A short WAV: a RIFF header and a few samples. */
const WAV = (() => {
  const samples = Buffer.alloc(3200, 0x11);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + samples.length, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(16_000, 24);
  h.writeUInt32LE(32_000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(samples.length, 40);
  return Buffer.concat([h, samples]);
})();
const SPOKEN = Buffer.from('ID3 not really mp3 but bytes all the same \x00\x01\x02\xff', 'latin1');
const VERDICT = { flagged: false, categories: { hate: false }, category_scores: { hate: 0.01 } };

/** This computer's speech server: what it was asked, and the results a node's would give. */
function thisComputer(): LocalServer & { asked: { intent: string; payload: Record<string, unknown> }[] } {
  const asked: { intent: string; payload: Record<string, unknown> }[] = [];
  const models: Record<string, string[]> = {
    [TRANSCRIBE]: ['whisper-local'],
    [SPEECH]: ['kokoro-local'],
    [MODERATE]: ['guard-local'],
  };
  return {
    asked,
    models: (intent) => models[intent] ?? [],
    buildOptions: () => ({ defaultModel: null, models: {}, flavour: null }),
    call: () => Promise.reject(new Error('no chat here')),
    stream: () => Promise.reject(new Error('no chat here')),
    serveSpeech: (intent, payload) => {
      asked.push({ intent, payload: { ...payload } });
      if (intent === TRANSCRIBE) return Promise.resolve({ ok: true, result: { text: 'hello world' } });
      if (intent === SPEECH)
        return Promise.resolve({
          ok: true,
          result: { audio: SPOKEN.toString('base64'), content_type: 'audio/mpeg', format: 'mp3', tokens_used: 3 },
        });
      return Promise.resolve({ ok: true, result: { results: [VERDICT] } });
    },
  };
}

/** A directory that lists each node for the intents it serves. */
function directory(nodes: readonly { n: FakeNode; intent: string }[]): typeof fetch {
  const impl = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(String(input));
    if (!url.pathname.endsWith('/v1/discover')) return new Response('{}', { status: 404 });
    const intent = url.searchParams.get('intent');
    const listed = nodes.filter((x) => x.intent === intent).map((x) => x.n);
    const body = {
      nodes: listed.map((n) => ({
        node_id: n.node.nodeId,
        endpoint: n.node.endpoint,
        cx_public_key: {
          algorithm: 'X25519',
          encoding: 'base64url',
          key: n.node.cx.key,
          key_id: n.node.cx.keyId,
          features: ['response_encryption_v1'],
        },
        models: n.node.models,
        capabilities: [{ intent, models: n.node.models }],
        pricing: { credit_cost_multiplier: 1 },
      })),
    };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return impl as typeof fetch;
}

const services: GatewayParts[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.listener.stop();
});
const dir = await mkdtemp(join(tmpdir(), 'gateway-speech-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function rig(o: { local?: LocalServer; nodes?: { n: FakeNode; intent: string }[] } = {}) {
  const nodes = o.nodes ?? [];
  const reach = nodesFetch(nodes.map((x) => x.n));
  const book = memoryBook();
  const gateway = composeGateway(
    testGatewayOptions({
      directoryFetch: directory(nodes),
      nodeFetch: reach.fetch,
      now: fakeClock().now,
      balance: () => 100,
      book,
      local: o.local,
    }),
  );
  services.push(gateway);
  await gateway.listener.start();
  const key = gateway.keys.createKey('speech app').secret;
  const base = `http://127.0.0.1:${gateway.listener.port!}/v1`;
  const client = new OpenAI({ baseURL: base, apiKey: key, maxRetries: 0 });
  return { client, base, key, calls: reach.calls, book };
}

describe('this computer’s speech server through the openai package', () => {
  it('transcribes a File: the audio reaches the server whole, OpenAI’s default name asks for its model', async () => {
    const local = thisComputer();
    const r = await rig({ local });
    const t = await r.client.audio.transcriptions.create({
      file: await toFile(WAV, 'a.wav', { type: 'audio/wav' }),
      model: 'whisper-1',
      temperature: 0,
    });
    expect(t).toEqual({ text: 'hello world' });
    expect(local.asked).toEqual([
      {
        intent: TRANSCRIBE,
        payload: {
          audio: WAV.toString('base64'),
          filename: 'a.wav',
          model: 'whisper-local',
          response_format: 'json',
          temperature: 0,
        },
      },
    ]);
    expect(r.book.entries).toMatchObject([
      { intent: TRANSCRIBE, model: 'whisper-local', outcome: 'answered', route: 'this_computer', own: true },
    ]);
  });

  it('transcribes an fs stream (uploaded chunked, no length) and answers text as text, not JSON', async () => {
    const local = thisComputer();
    const r = await rig({ local });
    const path = join(dir, 'voice.wav');
    await writeFile(path, WAV);
    // What the package sends: a streamed body without a length (so the listener reads it chunked).
    const sent: { length: string | null; streamed: boolean }[] = [];
    const client = new OpenAI({
      baseURL: r.base,
      apiKey: r.key,
      maxRetries: 0,
      fetch: (url, init) => {
        sent.push({
          length: new Headers(init?.headers).get('content-length'),
          streamed: init?.body instanceof ReadableStream,
        });
        return fetch(url, init);
      },
    });
    const t = await client.audio.transcriptions.create({
      file: createReadStream(path),
      model: 'whisper-local',
      response_format: 'text',
    });
    expect(t).toBe('hello world');
    expect(sent).toEqual([{ length: null, streamed: true }]);
    expect(local.asked[0]!.payload).toMatchObject({ audio: WAV.toString('base64'), filename: 'voice.wav' });
    for (const [format, type] of [
      ['srt', 'application/x-subrip'],
      ['vtt', 'text/vtt'],
      ['verbose_json', 'application/json'],
    ] as const) {
      const form = new FormData();
      form.append('file', new Blob([WAV]), 'a.wav');
      form.append('response_format', format);
      const res = await fetch(`${r.base}/audio/transcriptions`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${r.key}` },
        body: form,
      });
      expect(res.headers.get('content-type')).toBe(type);
    }
  });

  it('speaks: the bytes as the server made them, with their type; or OpenAI’s events built from them', async () => {
    const local = thisComputer();
    const r = await rig({ local });
    const res = await r.client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hello there' });
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await res.arrayBuffer()).equals(SPOKEN)).toBe(true);
    expect(local.asked[0]).toEqual({
      intent: SPEECH,
      payload: { input: 'Hello there', voice: 'alloy', model: 'kokoro-local' },
    });
    const sse = await fetch(`${r.base}/audio/speech`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${r.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'kokoro-local', voice: 'alloy', input: 'Hi', stream_format: 'sse' }),
    });
    expect(sse.headers.get('content-type')).toBe('text/event-stream');
    const events = (await sse.text())
      .split('\n\n')
      .filter((e) => e.startsWith('data: '))
      .map((e) => JSON.parse(e.slice(6)) as { type: string; audio?: string; usage?: unknown });
    expect(events.map((e) => e.type)).toEqual(['speech.audio.delta', 'speech.audio.done']);
    expect(Buffer.from(events[0]!.audio!, 'base64').equals(SPOKEN)).toBe(true);
    expect(events[1]!.usage).toEqual({ input_tokens: 3, output_tokens: 0, total_tokens: 3 });
  });

  it('moderates: the server’s results verbatim, an id and the model filled in', async () => {
    const r = await rig({ local: thisComputer() });
    const m = await r.client.moderations.create({ input: ['one', 'two'] });
    expect(m.id).toMatch(/^modr-[0-9a-f]{32}$/);
    expect(m).toMatchObject({ model: 'guard-local', results: [VERDICT] });
  });

  it('takes Open WebUI’s bodies: a form with an empty model and a language, the TTS JSON with tts-1', async () => {
    const local = thisComputer();
    const r = await rig({ local });
    const form = new FormData();
    form.append('model', '');
    form.append('language', 'en');
    form.append('file', new Blob([WAV], { type: 'audio/wav' }), '3f2a9c1e.wav');
    const stt = await fetch(`${r.base}/audio/transcriptions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${r.key}` },
      body: form,
    });
    expect(stt.status).toBe(200);
    expect(stt.headers.get('content-type')).toBe('application/json');
    expect(await stt.json()).toEqual({ text: 'hello world' });
    expect(local.asked[0]!.payload).toMatchObject({ model: 'whisper-local', language: 'en', filename: '3f2a9c1e.wav' });
    const tts = await fetch(`${r.base}/audio/speech`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${r.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ input: 'Read this aloud', voice: 'alloy', model: 'tts-1' }),
    });
    expect(tts.status).toBe(200);
    expect(Buffer.from(await tts.arrayBuffer()).equals(SPOKEN)).toBe(true);
  });

  it('refuses what the intents cannot carry in OpenAI’s error JSON, naming the field', async () => {
    const r = await rig({ local: thisComputer() });
    await expect(
      r.client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hi', instructions: 'whisper it' }),
    ).rejects.toMatchObject({ status: 400, param: 'instructions', code: 'unsupported_field' });
    await expect(r.client.moderations.create({ input: [{ type: 'text', text: 'hi' }] })).rejects.toMatchObject({
      status: 400,
      param: 'input',
    });
    const big = new FormData();
    big.append('file', new Blob([Buffer.alloc(5 * 1024 * 1024)]), 'big.wav');
    const res = await fetch(`${r.base}/audio/transcriptions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${r.key}` },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({
      error: { type: 'invalid_request_error', param: 'file', code: 'payload_too_large' },
    });
  });

  it('lists the speech models with what they do, and the models and voices Open WebUI reads', async () => {
    const r = await rig({ local: thisComputer() });
    const models = await r.client.models.list();
    expect(models.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'whisper-local', iicp_kind: 'transcribe' }),
        expect.objectContaining({ id: 'kokoro-local', iicp_kind: 'speech' }),
        expect.objectContaining({ id: 'guard-local', iicp_kind: 'moderate' }),
      ]),
    );
    const get = (p: string) => fetch(`${r.base}${p}`, { headers: { Authorization: `Bearer ${r.key}` } });
    expect(await (await get('/audio/models')).json()).toEqual({ models: [{ id: 'kokoro-local' }] });
    const voices = (await (await get('/audio/voices')).json()) as { voices: { id: string; name: string }[] };
    expect(voices.voices.map((v) => v.id)).toEqual(['alloy', 'echo', 'fable', 'onyx', 'nova', 'shimmer']);
  });
});

describe('the network, when this computer has no speech server', () => {
  it('sends a sealed transcribe task to a node that offers it, without max_tokens, and books its row', async () => {
    const node = fakeNode('30000000-0000-4000-8000-000000000003', {
      models: ['whisper-net'],
      behaviour: { kind: 'answer', result: () => ({ text: 'from the network' }) },
    });
    const r = await rig({ nodes: [{ n: node, intent: TRANSCRIBE }] });
    const t = await r.client.audio.transcriptions.create({
      file: await toFile(WAV, 'a.wav'),
      model: 'whisper-1',
    });
    expect(t.text).toBe('from the network');
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]!.body.intent).toBe(TRANSCRIBE);
    expect(r.calls[0]!.payload).toEqual({
      audio: WAV.toString('base64'),
      filename: 'a.wav',
      model: 'whisper-net',
      response_format: 'json',
    });
    expect(r.book.entries).toMatchObject([
      { intent: TRANSCRIBE, model: 'whisper-net', outcome: 'answered', route: 'paid', own: false },
    ]);
  });

  it('counts a transcription’s tokens on its text, not its audio: a minute of audio fits a small balance', async () => {
    const node = fakeNode('30000000-0000-4000-8000-000000000005', {
      models: ['whisper-net'],
      behaviour: { kind: 'answer', result: () => ({ text: 'a long recording' }) },
    });
    const r = await rig({ nodes: [{ n: node, intent: TRANSCRIBE }] });
    // A minute of 16 kHz mono WAV: its base64 alone would be reckoned at some 850 credits, its bytes at 13 (the
    // limit allows 5 a request); its header says a minute, some 330 tokens of text at most.
    const minute = Buffer.concat([WAV.subarray(0, 40), Buffer.alloc(4), Buffer.alloc(60 * 32_000, 0x22)]);
    minute.writeUInt32LE(60 * 32_000, 40);
    const t = await r.client.audio.transcriptions.create({ file: await toFile(minute, 'm.wav'), model: 'whisper-net' });
    expect(t.text).toBe('a long recording');
    const [row] = r.book.entries;
    expect(row).toMatchObject({ outcome: 'answered', route: 'paid' });
    // Held for the transcript's planned bound and the text fields, not for the audio.
    expect(row!.worstU).toBeLessThanOrEqual(2_000_000);
  });

  it('moderates on a node, its model named in the answer', async () => {
    const node = fakeNode('30000000-0000-4000-8000-000000000004', {
      models: ['guard-net'],
      behaviour: { kind: 'answer', result: () => ({ results: [VERDICT] }) },
    });
    const r = await rig({ nodes: [{ n: node, intent: MODERATE }] });
    const m = await r.client.moderations.create({ model: 'guard-net', input: 'hello' });
    expect(m).toMatchObject({ model: 'guard-net', results: [VERDICT] });
    expect(r.calls[0]!.payload).toEqual({ input: 'hello', model: 'guard-net' });
  });
});
