/**
 * The gateway's speech endpoints over the network, on real sockets: node G has no speech server of its own, so its
 * gateway sends sealed tasks of the speech intents to real provider nodes registered at the test directory. P1 is
 * another of the person's machines (free) with whisper.cpp at `/inference` and Kokoro-FastAPI; P2 is another
 * operator's (paid) with speaches. The real `openai` package transcribes and speaks through them; a Kokoro refusal on
 * P1 reaches the app as OpenAI's error JSON; P2's answer is paid for in the directory's books.
 */
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SPEECH_BYTES,
  SPOKEN_TEXT,
  startFakeBackend,
  startSpeechServer,
  speechWork,
  type FakeSpeechServer,
} from '../support/backends';
import { wavClip } from '../support/audio-clips';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import {
  GATEWAY_TEST_TUNING as tuning,
  gatewayRow,
  nodeIdOf,
  openGateway,
  taskBooks,
  shareOperators,
} from '../support/gateway-setup';
import { eventually, startPublicNode, type NodeHarness } from '../support/node-harness';

const PAID_VOICE_MODEL = 'speaches-ai/Kokoro-82M-v1.0-ONNX';

let directory: TestDirectory;
const closers: (() => Promise<void>)[] = [];
let g: NodeHarness;
let p1: NodeHarness;
let p2: NodeHarness;
let whisper: FakeSpeechServer;
let kokoro: FakeSpeechServer;
let speaches: FakeSpeechServer;
let client: OpenAI;
let base: string;
let key: string;

async function node(backend: string, more: { id: string; url: string }[] = []): Promise<NodeHarness> {
  const h = await startPublicNode({ directory: directory.url, backend }, { moreBackends: more }, { tuning });
  closers.push(() => h.stop());
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 20_000);
  return h;
}

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  whisper = await startSpeechServer('whispercpp');
  kokoro = await startSpeechServer('kokoro');
  speaches = await startSpeechServer('speaches');
  const chat = await startFakeBackend({ flavour: 'ollama', models: ['g-own:1b'] });
  closers.push(
    () => whisper.close(),
    () => kokoro.close(),
    () => speaches.close(),
    () => chat.close(),
  );
  g = await startPublicNode({ directory: directory.url, backend: chat.url }, {}, { gatewayPort: 0, tuning });
  closers.push(() => g.stop());
  await eventually(() => expect(g.node.getSnapshot().directory.link).toBe('registered'), 20_000);
  p1 = await node(whisper.url, [{ id: 'kokoro', url: kokoro.url }]);
  p2 = await node(speaches.url);
  // G and P1 share an operator identity; P2 has another.
  await shareOperators([
    { name: 'Ada Rigs', machines: [g, p1] },
    { name: 'Bob Labs', machines: [p2] },
  ]);
  const opened = await openGateway(g, 'speech app');
  key = opened.key;
  base = opened.baseUrl;
  client = new OpenAI({ baseURL: base, apiKey: key, maxRetries: 0 });
  await eventually(async () => {
    const ids = (await client.models.list()).data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['whisper-1', 'kokoro', PAID_VOICE_MODEL]));
  }, 20_000);
}, 120_000);

afterAll(async () => {
  for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
  await directory?.close();
});

const row = (taskId: string | null) => gatewayRow(g, taskId);

describe('the speech lists Open WebUI reads without a key', () => {
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });
  const ids = async (res: Response) => ((await res.json()) as { models: { id: string }[] }).models.map((m) => m.id);

  it('answer a caller without a key with what the person’s own machines run, never a paid node’s models', async () => {
    const keyless = await get('/audio/models');
    expect(keyless.status).toBe(200);
    const free = await ids(keyless);
    expect(free).toEqual(expect.arrayContaining(['tts-1', 'kokoro']));
    expect(free).not.toContain(PAID_VOICE_MODEL);
    // With the app's key, the paid node's speech model too.
    expect(await ids(await get('/audio/models', { Authorization: `Bearer ${key}` }))).toEqual(
      expect.arrayContaining(['kokoro', PAID_VOICE_MODEL]),
    );
    const voices = await get('/audio/voices');
    expect(voices.status).toBe(200);
    expect(((await voices.json()) as { voices: { id: string }[] }).voices.length).toBeGreaterThan(0);
  });

  it('still refuse a wrong key, and every other path still wants one', async () => {
    const wrong = await get('/audio/models', { Authorization: 'Bearer not-a-key' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
    expect((await get('/models')).status).toBe(401);
    const speech = await fetch(`${base}/audio/speech`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'kokoro', voice: 'alloy', input: 'hi' }),
    });
    expect(speech.status).toBe(401);
  });
});

describe('speech over the network', () => {
  it('transcribes on an own machine’s whisper.cpp at /inference, sealed and free', async () => {
    const wav = wavClip(1200);
    const { data, response } = await client.audio.transcriptions
      .create({ file: await toFile(wav, 'note.wav', { type: 'audio/wav' }), model: 'whisper-1', language: 'en' })
      .withResponse();
    expect(data).toEqual({ text: SPOKEN_TEXT });
    expect(response.headers.get('x-iicp-node-id')).toBe(nodeIdOf(p1));
    const [call] = speechWork(whisper);
    expect(call).toMatchObject({ path: '/inference', form: { filename: 'note.wav', fields: { language: 'en' } } });
    expect(call!.form!.file!.equals(wav)).toBe(true);
    expect(await row(response.headers.get('x-iicp-task-id'))).toMatchObject({
      route: 'own',
      own: true,
      credits: 0,
      outcome: 'answered',
      nodeId: nodeIdOf(p1),
    });
  });

  it('speaks on an own machine’s Kokoro for free, and its refusal of a voice arrives as OpenAI’s error JSON', async () => {
    const { data, response } = await client.audio.speech
      .create({ model: 'kokoro', voice: 'af_bella', input: 'Hello from my other machine' })
      .withResponse();
    expect(Buffer.from(await data.arrayBuffer()).equals(SPEECH_BYTES)).toBe(true);
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
    expect(response.headers.get('x-iicp-own-machine')).toBe('yes');
    expect(speechWork(kokoro).at(-1)!.json).toMatchObject({ model: 'kokoro', voice: 'af_bella' });
    const res = await fetch(`${base}/audio/speech`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'kokoro', voice: 'zz_nobody', input: 'hi' }),
    });
    // The node judged the request the app's to fix (Kokoro's 400): the app is told so with OpenAI's 400, as this
    // computer's own server would be, in the gateway's own words, since what another machine's server wrote is not
    // ours to say; the node is not blamed.
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; type: string } };
    expect(body.error).toMatchObject({ type: 'invalid_request_error' });
    expect(body.error.message).not.toMatch(/zz_nobody/);
    expect(speechWork(kokoro).at(-1)!.json).toMatchObject({ voice: 'zz_nobody' });
    expect(await row(res.headers.get('x-iicp-task-id'))).toMatchObject({ outcome: 'refused', nodeId: nodeIdOf(p1) });
  });

  it('speaks on another operator’s speaches, paid: the audio sealed back, the task debited and awarded', async () => {
    const { data, response } = await client.audio.speech
      .create({ model: PAID_VOICE_MODEL, voice: 'af_heart', input: 'A paid sentence', response_format: 'wav' })
      .withResponse();
    expect(Buffer.from(await data.arrayBuffer()).equals(SPEECH_BYTES)).toBe(true);
    expect(response.headers.get('content-type')).toBe('audio/wav');
    expect(response.headers.get('x-iicp-node-id')).toBe(nodeIdOf(p2));
    expect(response.headers.get('x-iicp-own-machine')).toBe('no');
    expect(speechWork(speaches).at(-1)!.json).toEqual({
      model: PAID_VOICE_MODEL,
      input: 'A paid sentence',
      voice: 'af_heart',
      response_format: 'wav',
    });
    const taskId = response.headers.get('x-iicp-task-id')!;
    expect(await row(taskId)).toMatchObject({ route: 'paid', own: false, outcome: 'answered', nodeId: nodeIdOf(p2) });
    const books = taskBooks(directory);
    await eventually(() => expect(books.awards(taskId)).toHaveLength(1), 15_000);
    await eventually(() => expect(books.debits(taskId)).toHaveLength(1), 15_000);
  });
});
