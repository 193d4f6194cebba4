/**
 * What a node tells the directory about streaming, registered with the PHP-faithful directory stand-in (which answers
 * 422 to any field PHP refuses): while its address leads a TCP connection to the task port, its native transport,
 * the service-lifecycle profile on chat and completion (never embeddings) and sealed streams in its CX key, and
 * discover shows them to consumers; once the way in is a tunnel, none of them, and discover no longer offers it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { freePort } from '../support/free-port';
import { eventually, http, startNode, type NodeHarness } from '../support/node-harness';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const COMPLETION = 'urn:iicp:intent:llm:completion:v1';
const EMBEDDING = 'urn:iicp:intent:llm:embedding:v1';
const LIFECYCLE = 'urn:iicp:profile:service-lifecycle:v1';
const SEALED = 'sealed_stream_v2';

let directory: TestDirectory;
let backend: FakeBackend;
let h: NodeHarness;
let nodeId: string;

beforeAll(async () => {
  // The directory's dial of the endpoint is off: the tunnel address below leads nowhere from here.
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false });
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b', 'nomic-embed-text:latest'] });
  // The public URL is set as the person sets it, not fixed by the host, so the test can change it later. No relay.
  const port = await freePort();
  h = await startNode(
    { backendUrl: backend.url, directoryUrl: directory.url, offerCompletion: true, relayFallback: false },
    {
      taskPort: port,
      allowPrivateEndpoint: true,
      tuning: { directoryStartupRetryDelaysMs: [200, 400], directoryBackoffBaseMs: 200 },
    },
  );
  h.node.commands.updateSettings({ publicEndpoint: `http://127.0.0.1:${port}` });
  nodeId = h.node.getSnapshot().node.nodeId!;
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
});

afterAll(async () => {
  await h?.stop();
  await backend?.close();
  await directory?.close();
});

type Cap = { intent: string; supported_profiles?: string[] };
const accepted = () =>
  directory.state.registrations
    .filter((r) => r.status === 201)
    .map((r) => r.body as Record<string, unknown> & { capabilities: Cap[]; cx_public_key: { features: string[] } });
const profilesOf = (caps: Cap[], intent: string) =>
  caps.filter((c) => c.intent === intent).map((c) => c.supported_profiles);

async function discovered(intent: string): Promise<Record<string, unknown> | undefined> {
  const r = await http(`${directory.url}/v1/discover?intent=${encodeURIComponent(intent)}&limit=50`);
  return (r.json as { nodes: Record<string, unknown>[] }).nodes.find((n) => n.node_id === nodeId);
}

describe('streaming in the advert', () => {
  it('a direct way in: the native transport at the task endpoint, the profile on chat and completion, sealed streams', async () => {
    const [reg] = accepted();
    expect(reg!.transport_endpoint).toBe(`iicp://127.0.0.1:${h.port}`);
    expect(reg!.endpoint).toBe(`http://127.0.0.1:${h.port}`);
    expect(profilesOf(reg!.capabilities, CHAT)).toEqual([[LIFECYCLE]]);
    expect(profilesOf(reg!.capabilities, COMPLETION)).toEqual([[LIFECYCLE]]);
    expect(profilesOf(reg!.capabilities, EMBEDDING)).toEqual([undefined]);
    expect(reg!.cx_public_key.features).toEqual(['response_encryption_v1', SEALED]);

    const chat = await discovered(CHAT);
    expect(chat).toMatchObject({
      transport_endpoint: `iicp://127.0.0.1:${h.port}`,
      supported_profiles: [LIFECYCLE],
      cx_public_key: { features: ['response_encryption_v1', SEALED] },
    });
    expect(chat!.transport).toContain('iicp-native');
    expect((await discovered(EMBEDDING))!.supported_profiles).toEqual([]);
  });

  it('the way in becomes a tunnel: registered again without any of them, and discover stops offering it', async () => {
    // What changes is the way in: the registration before it offered streaming.
    expect(accepted().at(-1)).toHaveProperty('transport_endpoint', `iicp://127.0.0.1:${h.port}`);
    const before = accepted().length;
    h.node.commands.updateSettings({ publicEndpoint: 'https://calm-river.trycloudflare.com' });
    await eventually(() => expect(accepted().length).toBe(before + 1), 10_000);
    const reg = accepted().at(-1)!;
    expect(reg).toMatchObject({
      endpoint: 'https://calm-river.trycloudflare.com',
      transport_method: 'external_tunnel',
    });
    expect(reg).not.toHaveProperty('transport_endpoint');
    expect(reg.capabilities.every((c) => c.supported_profiles === undefined)).toBe(true);
    expect(reg.cx_public_key.features).toEqual(['response_encryption_v1']);

    const chat = await discovered(CHAT);
    expect(chat).toMatchObject({ transport_endpoint: null, supported_profiles: [] });
    expect(chat!.transport).not.toContain('iicp-native');
  });
});
