/**
 * Backend detection against four fake servers, each on its own port: the real headers decide the flavour
 * (LM Studio also answers Ollama's endpoints), models are sorted into chat / embedding / vision / audio,
 * loaded state is read the way each server reports it, and problems are said in plain words. A hanging
 * server costs its timeout and nothing more: the whole detection stays under 3 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectBackends, type DetectedBackend } from '@engine/backends/detect';
import { startFakeBackend, type FakeBackend } from '../../../support/backends';
import { freePort } from '../../../support/free-port';
import { english } from '@shared/i18n/say';

/** A candidate's problem as the page says it in English (the engine sends it as a sentence id and values). */
const words = (c: DetectedBackend | undefined): string | null => (c?.problem ? english.said(c.problem) : null);

let ollama: FakeBackend;
let lmstudio: FakeBackend;
let vllm: FakeBackend;
let llamacpp: FakeBackend;
let hanging: FakeBackend;
let keyed: FakeBackend;

beforeAll(async () => {
  ollama = await startFakeBackend({
    flavour: 'ollama',
    models: ['qwen2.5:7b', 'nomic-embed-text:latest', 'llava:13b'],
    loaded: ['qwen2.5:7b'],
  });
  // LM Studio answers /api/version and /api/tags like Ollama; only its X-Powered-By header tells it apart.
  lmstudio = await startFakeBackend({
    flavour: 'lmstudio',
    models: ['qwen2.5-7b-instruct', 'text-embedding-nomic-embed-text-v1.5'],
    loaded: ['qwen2.5-7b-instruct'],
  });
  vllm = await startFakeBackend({ flavour: 'vllm', models: ['Qwen/Qwen2.5-VL-7B-Instruct'] });
  llamacpp = await startFakeBackend({ flavour: 'llamacpp', models: ['voxtral-mini-3b'] });
  hanging = await startFakeBackend({ flavour: 'ollama', hang: true });
  keyed = await startFakeBackend({ flavour: 'lmstudio', apiKey: 'lm-secret-key', models: ['qwen2.5-7b-instruct'] });
});

afterAll(async () => {
  for (const b of [ollama, lmstudio, vllm, llamacpp, hanging, keyed]) await b?.close();
});

const wellKnown = () => [
  { url: ollama.url, label: 'ollama' as const },
  { url: lmstudio.url, label: 'lmstudio' as const },
  { url: vllm.url, label: 'vllm' as const },
  { url: llamacpp.url, label: 'llamacpp' as const },
];
const find = (list: DetectedBackend[], url: string) => list.find((c) => c.url === url)!;

describe('backend detection', () => {
  it('tells the four servers apart, lists their models by use, and shows what is loaded', async () => {
    const { candidates } = await detectBackends({ wellKnown: wellKnown() });
    expect(find(candidates, ollama.url)).toMatchObject({
      found: true,
      flavour: 'ollama',
      version: expect.stringMatching(/^\d+\.\d+/),
      needsApiKey: false,
      problem: null,
      models: [
        { name: 'qwen2.5:7b', kind: 'chat', modalities: ['text'], loaded: true },
        { name: 'nomic-embed-text:latest', kind: 'embedding', modalities: ['text'], loaded: false },
        { name: 'llava:13b', kind: 'chat', modalities: ['text', 'image'], loaded: false },
      ],
    });
    expect(find(candidates, lmstudio.url)).toMatchObject({
      found: true,
      flavour: 'lmstudio',
      version: null,
      models: [
        { name: 'qwen2.5-7b-instruct', kind: 'chat', loaded: true },
        { name: 'text-embedding-nomic-embed-text-v1.5', kind: 'embedding', loaded: false },
      ],
    });
    expect(find(candidates, vllm.url)).toMatchObject({
      found: true,
      flavour: 'vllm',
      models: [{ name: 'Qwen/Qwen2.5-VL-7B-Instruct', kind: 'chat', modalities: ['text', 'image'], loaded: true }],
    });
    expect(find(candidates, llamacpp.url)).toMatchObject({
      found: true,
      flavour: 'llamacpp',
      models: [{ name: 'voxtral-mini-3b', kind: 'chat', modalities: ['text', 'audio'], loaded: true }],
    });
  });

  it('finishes although one server accepts connections and never answers, and says so', async () => {
    // The hanging server never answers: only the search's own time limit can end its look.
    const r = await detectBackends({ wellKnown: [...wellKnown(), { url: hanging.url, label: 'ollama' }] });
    expect(find(r.candidates, hanging.url)).toMatchObject({ found: false });
    expect(words(find(r.candidates, hanging.url))).toMatch(/did not answer in time/);
    // The others are unaffected by the hanging one.
    expect(r.candidates.filter((c) => c.found)).toHaveLength(4);
  });

  it('recognises a server that needs an API key, and lists it once the key is given', async () => {
    const without = await detectBackends({ wellKnown: [{ url: keyed.url, label: 'lmstudio' }] });
    expect(without.candidates[0]).toMatchObject({ found: true, flavour: 'lmstudio', needsApiKey: true, models: [] });
    expect(words(without.candidates[0])).toMatch(/needs an API key/);
    const wrong = await detectBackends({
      wellKnown: [{ url: keyed.url, label: 'lmstudio' }],
      apiKeys: { [keyed.url]: 'nope' },
    });
    expect(wrong.candidates[0]).toMatchObject({ needsApiKey: true });
    expect(words(wrong.candidates[0])).toBe('LM Studio refused the API key.');
    const right = await detectBackends({
      wellKnown: [{ url: keyed.url, label: 'lmstudio' }],
      apiKeys: { [keyed.url]: 'lm-secret-key' },
    });
    expect(right.candidates[0]).toMatchObject({
      found: true,
      needsApiKey: false,
      problem: null,
      models: [{ name: 'qwen2.5-7b-instruct' }],
    });
  });

  it('explains an empty server in one line', async () => {
    const empty = await startFakeBackend({ flavour: 'ollama', models: [] });
    try {
      const r = await detectBackends({ wellKnown: [{ url: empty.url, label: 'ollama' }] });
      expect(r.candidates[0]).toMatchObject({ found: true, flavour: 'ollama', models: [] });
      expect(words(r.candidates[0])).toMatch(/ollama pull/);
    } finally {
      await empty.close();
    }
  });

  it('reports a port where nothing listens as not found, quietly for well-known ports and in words for added URLs', async () => {
    const port = await freePort();
    const r = await detectBackends({
      wellKnown: [{ url: `http://127.0.0.1:${port}`, label: 'vllm' }],
      extraUrls: [`http://127.0.0.1:${port + 0}/v1`, `http://localhost:${port}`],
    });
    expect(r.candidates[0]).toMatchObject({ found: false, source: 'well_known', problem: null });
    // The same root given again (with /v1) is not probed twice; localhost is a different spelling, kept.
    expect(r.candidates).toHaveLength(2);
    expect(r.candidates[1]).toMatchObject({ found: false, source: 'added' });
    expect(words(r.candidates[1])).toBe(`Nothing answers at http://localhost:${port}.`);
  });

  it('probes added URLs only when they are on this computer or the local network', async () => {
    const r = await detectBackends({
      wellKnown: [],
      extraUrls: ['http://93.184.216.34:11434', 'http://example.org:1234', ollama.url],
    });
    expect(r.candidates.map((c) => [c.url, c.found, words(c)?.slice(0, 20) ?? null])).toEqual([
      ['http://93.184.216.34:11434', false, 'Only servers on this'],
      ['http://example.org:1234', false, 'Only servers on this'],
      [ollama.url, true, null],
    ]);
  });

  it('calls a link-local address only once the person confirmed it: before, it asks in plain words', async () => {
    // The judge says this name leads to the metadata address, as a hostile name would; the stand-in answers behind it.
    const metadata = ollama.url.replace('127.0.0.1', 'localhost');
    const judged: string[] = [];
    const judge = async (url: string) => (
      judged.push(url),
      { place: url === metadata ? ('link_local' as const) : ('local' as const), byName: true }
    );
    const before = ollama.calls.length;
    const asked = await detectBackends({ wellKnown: [], extraUrls: [metadata], judge });
    expect(asked.candidates).toEqual([
      expect.objectContaining({ url: metadata, found: false, needsConfirmation: true }),
    ]);
    expect(words(asked.candidates[0])).toBe(
      "This name leads to a link-local address, like a cloud provider's metadata service. The node does not call it unless you confirm it.",
    );
    expect(ollama.calls.length).toBe(before);
    // Confirmed (by any spelling of its root), it is called like any other server.
    const confirmed = await detectBackends({
      wellKnown: [],
      extraUrls: [metadata],
      confirmed: [`${metadata}/v1`],
      judge,
    });
    expect(judged).toEqual([metadata, metadata]);
    expect(confirmed.candidates).toEqual([expect.objectContaining({ url: metadata, found: true, flavour: 'ollama' })]);
    expect(confirmed.candidates[0]).not.toHaveProperty('needsConfirmation');
    expect(ollama.calls.length).toBeGreaterThan(before);
  });

  it('never follows a redirect and never calls anything but read-only discovery paths', async () => {
    const before = ollama.calls.length;
    await detectBackends({ wellKnown: [{ url: ollama.url, label: 'ollama' }] });
    const paths = ollama.calls.slice(before).map((c) => `${c.method} ${c.path}`);
    // POST /api/show only reads a model's description (Ollama offers it only as a POST).
    expect(paths.every((p) => p.startsWith('GET ') || p === 'POST /api/show')).toBe(true);
    expect(new Set(paths)).toEqual(
      new Set(['GET /v1/models', 'GET /api/version', 'GET /api/tags', 'POST /api/show', 'GET /api/ps']),
    );
  });
});
