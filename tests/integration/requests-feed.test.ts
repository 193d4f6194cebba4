/**
 * The requests feed of a real node: a slow LLM server, two slots, and a burst of concurrent tasks. Some are served and
 * the rest turned away with 429; the feed, its counters and the advice say exactly what the clients saw, and a task
 * for a model the node does not offer is listed with its name.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRow } from '@shared/contract';
import { english } from '@shared/i18n/say';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { chatTask, eventually, http, startNode, type NodeHarness } from '../support/node-harness';

const MODEL = 'qwen2.5:7b';
const BURST = 12;

let backend: FakeBackend;
let h: NodeHarness;

beforeAll(async () => {
  backend = await startFakeBackend({ flavour: 'ollama', models: [MODEL], latencyMs: 1_500 });
  h = await startNode({ backendUrl: backend.url });
  // A stored setting, not one fixed for the run: the advice then points to Settings.
  h.node.commands.updateSettings({ maxConcurrent: 2 });
  await eventually(() => expect(h.node.getSnapshot().backend.status).toBe('healthy'));
});

afterAll(async () => {
  await h?.stop();
  await backend?.close();
});

const listRequests = async (
  request: { limit?: number; beforeId?: number; outcome?: 'served' | 'refused' | 'failed' } = {},
): Promise<RequestRow[]> => (await h.node.commandHandlers().listRequests({ limit: 50, ...request })).rows;

describe('a burst against two slots', () => {
  it('serves some, turns the rest away, and the feed and counters match what every client saw', async () => {
    const ids = Array.from({ length: BURST }, () => randomUUID());
    // Two consumers (one alone holds at most one of the two slots): each starts a task, then both send the rest of the
    // burst while those run.
    const send = (id: string, i: number) =>
      http(`${h.base}/v1/task`, { body: chatTask(id), localAddress: `127.0.0.${2 + (i % 2)}` });
    const first = ids.slice(0, 2).map(send);
    await eventually(() => expect(backend.inFlight).toBe(2));
    const answers = await Promise.all([...first, ...ids.slice(2).map((id, i) => send(id, i))]);
    const served = ids.filter((_, i) => answers[i]!.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect(served.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(served.length + refused.length).toBe(BURST);
    for (const a of refused) expect(a.json.error.code).toBe('IICP-E021');

    // Counted at once, in memory.
    const requests = h.node.getSnapshot().requests;
    expect([requests.served, requests.refused, requests.failed, requests.unlisted]).toEqual([
      served.length,
      refused.length,
      0,
      0,
    ]);
    expect(requests.reasons.map((r) => ({ ...r, words: english.said(r.words) }))).toEqual([
      { code: 'IICP-E021', words: 'All slots were busy', count: refused.length },
    ]);
    expect(requests.advice.map((a) => ({ ...a, words: english.said(a.words) }))).toContainEqual({
      id: 'capacity',
      words: `${refused.length} turned away because all 2 slots were busy — raise Tasks at once in Settings.`,
      action: { label: 'Open Settings', route: 'settings' },
    });
    expect(requests.recent).toHaveLength(10);

    // Listed, one row per answer, the served ones with their task ids.
    const rows = await listRequests();
    expect(rows).toHaveLength(BURST);
    expect(
      rows
        .filter((r) => r.outcome === 'served')
        .map((r) => r.taskId)
        .sort(),
    ).toEqual([...served].sort());
    expect(rows.filter((r) => r.outcome === 'refused')).toHaveLength(refused.length);
    for (const r of rows.filter((x) => x.outcome === 'refused'))
      expect({ ...r, words: english.said(r.words) }).toMatchObject({
        status: 429,
        code: 'IICP-E021',
        taskId: null,
        words: 'All slots were busy',
      });
    for (const r of rows.filter((x) => x.outcome === 'served')) {
      expect(r).toMatchObject({ status: 200, code: 'ok', model: MODEL, intent: 'urn:iicp:intent:llm:chat:v1' });
      expect(r.durationMs).toBeGreaterThanOrEqual(1_400);
      expect(r.tokensPerSecond).toBeGreaterThan(0);
    }
    // The snapshot's newest ten are the newest ten of the feed.
    expect(h.node.getSnapshot().requests.recent.map((r) => r.id)).toEqual(rows.slice(0, 10).map((r) => r.id));
    // Paging and the outcome filter.
    const page = await listRequests({ limit: 5 });
    const next = await listRequests({ limit: 50, beforeId: page[4]!.id });
    expect([...page, ...next].map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect((await listRequests({ outcome: 'served' })).map((r) => r.taskId).sort()).toEqual([...served].sort());
  });

  it('lists a task for a model the node does not offer with the model asked for, and names it in the advice', async () => {
    const res = await http(`${h.base}/v1/task`, {
      body: chatTask(randomUUID(), { payload: { model: 'llama3:70b', messages: [{ role: 'user', content: 'hi' }] } }),
    });
    expect([res.status, res.json.error.code]).toEqual([404, 'IICP-E029']);
    const [row] = await listRequests({ limit: 1 });
    expect({ ...row, words: english.said(row!.words) }).toMatchObject({
      outcome: 'refused',
      status: 404,
      code: 'IICP-E029',
      model: 'llama3:70b',
      words: "Asked for a model you don't offer",
    });
    expect(h.node.getSnapshot().requests.advice.map((a) => ({ ...a, words: english.said(a.words) }))).toContainEqual({
      id: 'unknown_model',
      words: "1 asked for a model you don't offer. Models asked for:",
      action: null,
      quoted: ['llama3:70b'],
    });
  });

  it('keeps the day across a restart of the node', async () => {
    const before = h.node.getSnapshot().requests;
    await h.node.stop();
    await h.node.start();
    const after = h.node.getSnapshot().requests;
    expect([after.served, after.refused, after.failed]).toEqual([before.served, before.refused, before.failed]);
    expect(after.recent.map((r) => r.id)).toEqual(before.recent.map((r) => r.id));
  });
});
