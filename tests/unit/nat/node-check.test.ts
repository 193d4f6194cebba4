/**
 * "Check my node": the report's one sentence is told from what its rows say. The node is a scripted `fetch` that
 * answers its health check and opens the sealed test task with a real CX key pair, like the node's task port does;
 * the directory's registry entry is whatever each case needs.
 */
import { describe, expect, it } from 'vitest';
import { cxPublicKeyAdvert, generateCxKeyPair } from '@engine/cx';
import { decryptRequest } from '@engine/cx/request';
import { encryptResponse } from '@engine/cx/response';
import type { RegistryListing } from '@engine/directory/registry-listing';
import { checkNode, type NodeCheckInput } from '@engine/nat/node-check';
import { english } from '@shared/i18n/say';

const URL_ = 'https://node.example.test';
const CHAT = 'urn:iicp:intent:llm:chat:v1';
const node = generateCxKeyPair();
const advert = cxPublicKeyAdvert(node);

/** A node that answers its health check and the sealed test task (`task: false` makes the task fail with a 502). */
function scriptedNode(o: { task: boolean }): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    if (url.endsWith('/iicp/health'))
      return new Response('{"status":"ok"}', { status: 200, headers: { 'content-type': 'application/json' } });
    if (url.endsWith('/v1/task') && o.task) {
      const body = JSON.parse(String(init?.body)) as { task_id: string; iicp_conf: unknown };
      const opened = decryptRequest(node, body.iicp_conf);
      const answer = encryptResponse(opened.shared, body.task_id, {
        task_id: body.task_id,
        status: 'success',
        result: { content: 'OK' },
      });
      return new Response(JSON.stringify({ task_id: body.task_id, status: 'encrypted', iicp_conf_resp: answer }), {
        status: 200,
      });
    }
    return new Response(JSON.stringify({ error: { code: 'backend_error' } }), { status: 502 });
  }) as typeof fetch;
}

const listing = (over: Partial<RegistryListing>): RegistryListing => ({
  listed: true,
  asOf: 0,
  multiplier: 1,
  attested: null,
  observedReachable: null,
  routeEvidence: null,
  recoveryState: null,
  reputationTier: null,
  ...over,
});

function input(over: Partial<NodeCheckInput> & { registry: RegistryListing | null; task?: boolean }): NodeCheckInput {
  const { registry, task = true, ...rest } = over;
  return {
    endpoint: { url: URL_, method: 'upnp' },
    cx: { key: advert.key, key_id: advert.key_id },
    intent: CHAT,
    model: 'qwen2.5:7b',
    expectTask: () => {},
    readListing: () => Promise.resolve(registry),
    fetchImpl: scriptedNode({ task }),
    now: () => 1_700_000_000_000,
    ...rest,
  };
}

describe('the summary is told from its rows', () => {
  it('a node the directory does not list: the summary says that, not that the directory could not reach it', async () => {
    const r = await checkNode(input({ registry: listing({ listed: false }) }));
    expect(r.items.find((x) => x.id === 'task')!.outcome).toBe('ok');
    expect(english.said(r.items.find((x) => x.id === 'directory')!.words)).toMatch(/does not list this node right now/);
    expect(r.outcome).toBe('partial');
    expect(english.said(r.summary)).toBe(
      "A test task works through the router's port mapping, but the directory does not list the node right now.",
    );
    expect(english.said(r.summary)).not.toMatch(/could not reach/);
  });

  it('a node the directory could not reach: the summary says so, as the row does', async () => {
    const r = await checkNode(input({ registry: listing({ observedReachable: false }) }));
    expect(english.said(r.items.find((x) => x.id === 'directory')!.words)).toMatch(/could not reach this node/);
    expect(english.said(r.summary)).toBe(
      "A test task works through the router's port mapping, but the directory reports that it could not reach the node.",
    );
  });

  it('the directory not probed yet: works, not confirmed', async () => {
    const r = await checkNode(input({ registry: listing({}) }));
    expect(english.said(r.summary)).toBe(
      "Your node works through the router's port mapping; the directory has not confirmed it yet.",
    );
  });

  it('the directory could not be asked: said as such', async () => {
    const r = await checkNode(input({ registry: null }));
    expect(english.said(r.summary)).toBe(
      "A test task works through the router's port mapping, but the directory could not be asked what it observed.",
    );
  });

  it('health answered and no model to send a task with: the summary does not call the node unreachable', async () => {
    const r = await checkNode(input({ registry: listing({ listed: false }), model: null }));
    expect(r.items.find((x) => x.id === 'health')!.outcome).toBe('ok');
    expect(english.said(r.summary)).toBe(
      "Your node answered its health check through the router's port mapping, and no test task was sent; the directory does not list the node right now.",
    );
  });

  it('everything works: one plain yes', async () => {
    const r = await checkNode(
      input({ registry: listing({ observedReachable: true, routeEvidence: 'directory_observed_ipv4' }) }),
    );
    expect(r.outcome).toBe('ok');
    expect(english.said(r.summary)).toBe(
      "Your node works through the router's port mapping: a test task was answered and the directory reached it.",
    );
  });
});
