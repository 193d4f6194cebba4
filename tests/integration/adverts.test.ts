/**
 * What a node advertises is what its servers report of their models, in the fields the production directory keeps,
 * and nothing it would refuse: a llama-server build that says what its template takes and an Ollama that describes
 * its models, behind one node, registered with the PHP-faithful directory stand-in (which answers 422 to any field
 * PHP refuses).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { eventually, startPublicNode, type NodeHarness } from '../support/node-harness';

const CHAT = 'urn:iicp:intent:llm:chat:v1';

let directory: TestDirectory;
let llama: FakeBackend;
let ollama: FakeBackend;
let h: NodeHarness;

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: true });
  llama = await startFakeBackend({
    flavour: 'llamacpp',
    buildInfo: 'b6500-1a2b3c4d',
    contextLength: 16384,
    models: ['/home/alice/models/Qwen2.5-7B-Instruct-Q4_K_M.gguf'],
    modelFacts: { '/home/alice/models/Qwen2.5-7B-Instruct-Q4_K_M.gguf': { tools: true } },
  });
  ollama = await startFakeBackend({
    flavour: 'ollama',
    models: ['llama3.1:8b', 'odd:1b'],
    modelFacts: {
      'llama3.1:8b': { tools: true, contextLength: 131072 },
      // A quantization the directory would refuse (over 32 characters) or should not show (a bidi control).
      'odd:1b': { quantization: `Q4_${'K'.repeat(40)}\u202e` },
    },
  });
  h = await startPublicNode(
    { directory: directory.url, backend: llama.url },
    { moreBackends: [{ id: 'ollama1', url: ollama.url }] },
  );
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
});

afterAll(async () => {
  await h?.stop();
  await llama?.close();
  await ollama?.close();
  await directory?.close();
});

type Cap = Record<string, unknown> & { intent: string; models: string[] };
const lastRegistration = (): { status: number; capabilities: Cap[] } => {
  const r = directory.state.registrations.at(-1)!;
  return { status: r.status, capabilities: (r.body as { capabilities: Cap[] }).capabilities };
};
const chatCap = (model: string): Cap =>
  lastRegistration().capabilities.find((c) => c.intent === CHAT && c.models.includes(model))!;

describe('adverts that say what the servers know', () => {
  it('are accepted by the directory', () => {
    expect(lastRegistration().status).toBe(201);
  });

  it('carry llama.cpp’s slot context, tool support and sampling settings, and no quantization it did not report', () => {
    const cap = chatCap('Qwen2.5-7B-Instruct-Q4_K_M');
    expect(cap).toMatchObject({
      limits: { context_tokens: { value: 16384, unit: 'tokens' } },
      // Its chat template neither writes a think tag nor reads a thinking argument: a request may ask it not to think.
      features: [
        'tool_calling',
        'thinking:off',
        'sampling:top_k',
        'sampling:min_p',
        'sampling:repeat_penalty',
        'sampling:typical_p',
      ],
      inference_engine: 'llama.cpp',
      claim_provenance: { source: 'runtime_introspection' },
    });
    // "Q4_K_M" in the file name is a name, not what the server said.
    expect(cap.quantization).toBeUndefined();
  });

  it('carry Ollama’s context, quantization and tool support per model', () => {
    expect(chatCap('llama3.1:8b')).toMatchObject({
      limits: { context_tokens: { value: 131072, unit: 'tokens' } },
      quantization: 'Q4_K_M',
      features: ['tool_calling', 'thinking:off'],
      inference_engine: 'ollama',
    });
    const odd = chatCap('odd:1b');
    expect(odd.features).toEqual(['thinking:off']);
    expect(odd.quantization).toBeUndefined();
  });

  it('are kept by the directory as sent, and discover shows them to consumers', async () => {
    const nodeId = h.node.getSnapshot().node.nodeId!;
    const res = await fetch(`${directory.url}/v1/discover?intent=${encodeURIComponent(CHAT)}&limit=50`);
    const found = ((await res.json()) as { nodes: { node_id: string; capabilities: Cap[] }[] }).nodes.find(
      (n) => n.node_id === nodeId,
    );
    expect(found?.capabilities.find((c) => c.models.includes('llama3.1:8b'))).toMatchObject({
      quantization: 'Q4_K_M',
      features: ['tool_calling', 'thinking:off'],
    });
  });
});
