/**
 * What the network asks for, read from a directory that answers with a list over the node's cap (1 MiB): the figures
 * come from what could be read, and the answer says the list was too big to read, with when it was read. An empty
 * list would tell the person that no other node serves anything.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DiscoveryClient } from '@engine/directory/discovery-client';
import { readDemand, TOO_BIG_WORDS, type DemandRead } from '@engine/requests/network-demand';
import { serveOnLoopback } from '../../support/http-server';

const ME = '4d1f2a3b-0000-4000-8000-000000000001';
const NOW = Date.parse('2026-09-01T10:00:00Z');
/** Just over the directory cap of `engine/directory/http.ts`. */
const OVER_CAP = 1024 * 1024 + 1;

/** A discover answer of `bytes` bytes or more: real nodes, then one with a model list padded out. */
function bigDiscover(bytes: number): string {
  const nodes = [{ node_id: 'c0ffee00-0000-4000-8000-00000000000c', models: ['phi4:14b'], pricing: { credit_cost_multiplier: 2 } }];
  const body = JSON.stringify({ nodes, padding: 'x'.repeat(bytes) });
  return body;
}

const REGISTRY = {
  nodes: [
    { node_id_prefix: 'aaaaaaaa', models: ['qwen2.5:7b', 'llama3.1:8b'], credit_cost_multiplier: 1 },
    { node_id_prefix: 'bbbbbbbb', models: ['qwen2.5:7b'], credit_cost_multiplier: 0.5 },
  ],
  total: 2,
};

let close: (() => Promise<void>) | null = null;

afterEach(async () => {
  await close?.();
  close = null;
});

/** A directory whose registry and discover answer with these bodies (a string is sent as it is). */
async function directory(answers: { registry: unknown; discover: unknown }): Promise<string> {
  const server = await serveOnLoopback((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = path === '/api/v1/registry/nodes' ? answers.registry : path === '/api/v1/discover' ? answers.discover : null;
    if (body === null) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found"}}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  close = server.close;
  return `http://127.0.0.1:${server.port}/api`;
}

function input(directoryUrl: string): DemandRead {
  const discovery = new DiscoveryClient({ directoryUrl: () => directoryUrl, now: () => NOW });
  return { directoryUrl, nodeId: ME, membership: null, offered: ['qwen2.5:7b'], price: 1, asked: [], pullTo: [], now: () => NOW, discovery };
}

describe('readDemand', () => {
  it('a /v1/discover answer over 1 MiB is a problem with when it was read, and the registry still counts', async () => {
    const url = await directory({ registry: REGISTRY, discover: bigDiscover(OVER_CAP) });
    const d = await readDemand(input(url));
    expect(d.problem).toBe(TOO_BIG_WORDS);
    expect(d.incomplete).toBe(true);
    expect(d.at).toBe(new Date(NOW).toISOString());
    // The registry's two nodes are read; the node only discover listed (phi4:14b) is left out, not guessed.
    expect(d.nodesSeen).toBe(2);
    expect(d.mine).toEqual([{ model: 'qwen2.5:7b', others: 2 }]);
    expect(d.scarce.map((s) => s.model)).toEqual(['llama3.1:8b', 'qwen2.5:7b']);
  });

  it('a registry page over 1 MiB is the same problem, and what discover listed still counts', async () => {
    const discover = { nodes: [{ node_id: 'c0ffee00-0000-4000-8000-00000000000c', models: ['phi4:14b'], pricing: { credit_cost_multiplier: 2 } }] };
    const url = await directory({ registry: JSON.stringify({ ...REGISTRY, padding: 'x'.repeat(OVER_CAP) }), discover });
    const d = await readDemand(input(url));
    expect(d).toMatchObject({ problem: TOO_BIG_WORDS, incomplete: true, at: new Date(NOW).toISOString(), nodesSeen: 1 });
    expect(d.scarce).toEqual([{ model: 'phi4:14b', nodes: 1, yours: false }]);
  });

  it('answers within the cap are read whole, with no problem', async () => {
    const url = await directory({ registry: REGISTRY, discover: bigDiscover(1000) });
    const d = await readDemand(input(url));
    expect(d).toMatchObject({ problem: null, incomplete: false, nodesSeen: 3 });
  });
});
