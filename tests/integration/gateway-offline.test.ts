/**
 * Own machines without the directory: node G's gateway and P1, a machine of the same operator, both registered at the
 * test directory. Once G's fleet has looked at P1, the directory is stopped; G is restarted on its data folder with the
 * directory still down, and a request for P1's model is answered by P1, free, and booked as G's own machine's answer.
 */
import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { GATEWAY_TEST_TUNING as tuning, nodeIdOf, openGateway, shareOperators } from '../support/gateway-setup';
import { eventually, startNode, startPublicNode, type NodeHarness } from '../support/node-harness';

const MINE = 'mine-offline:7b';

let directory: TestDirectory;
const backends: FakeBackend[] = [];
const nodes: NodeHarness[] = [];
let g: NodeHarness;
let p1: NodeHarness;
let key: string;

/** What G's store keeps of its other machines' reach (read beside the running node: the WAL lets a reader in). */
function keptReach(dir: string): Record<string, unknown> {
  const db = new Database(join(dir, 'provider.db'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT value FROM engine_state WHERE key = 'fleet.reach'").get() as
      { value: string } | undefined;
    return row ? (JSON.parse(row.value) as Record<string, unknown>) : {};
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  const gBackend = await startFakeBackend({ flavour: 'ollama', models: ['g-own:1b'] });
  const pBackend = await startFakeBackend({ flavour: 'ollama', models: [MINE] });
  backends.push(gBackend, pBackend);
  g = await startPublicNode({ directory: directory.url, backend: gBackend.url }, {}, { gatewayPort: 0, tuning });
  p1 = await startPublicNode({ directory: directory.url, backend: pBackend.url }, {}, { tuning });
  nodes.push(g, p1);
  for (const h of [g, p1])
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 20_000);
  await shareOperators([{ name: 'Ada Rigs', machines: [g, p1] }]);
  key = (await openGateway(g, 'offline app')).key;
}, 120_000);

afterAll(async () => {
  for (const n of nodes.splice(0).reverse()) await n.stop().catch(() => undefined);
  for (const b of backends.splice(0)) await b.close();
  await directory?.close().catch(() => undefined);
});

const clientOf = (h: NodeHarness): OpenAI =>
  new OpenAI({ baseURL: h.node.getSnapshot().gateway.baseUrl!, apiKey: key, maxRetries: 0 });

describe('own machines without the directory', () => {
  it('after a restart with the directory stopped, a request for an own machine’s model is answered there and booked as own', async () => {
    // G's fleet has met P1 and kept how to reach it, its key and its model.
    await eventually(async () => {
      const models = await clientOf(g).models.list();
      expect(models.data.map((m) => m.id)).toContain(MINE);
      expect(keptReach(g.dir)[nodeIdOf(p1)]).toMatchObject({
        intents: { 'urn:iicp:intent:llm:chat:v1': { models: [MINE] } },
      });
    }, 30_000);
    await directory.close();
    // G restarts on its data folder: nothing of the directory's answers is in memory any more.
    const dir = g.dir;
    await g.node.stop();
    nodes.splice(nodes.indexOf(g), 1);
    g = await startNode({}, { secretStore: g.secrets, gatewayPort: 0, allowPrivateEndpoint: true, tuning }, dir);
    nodes.push(g);
    await eventually(
      () => expect(g.node.getSnapshot().gateway.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/),
      15_000,
    );
    // The header says what is true: only the person's own machines can answer now.
    await eventually(
      async () => expect((await g.node.commandHandlers().getGateway({})).header.kind).toBe('directory_down'),
      15_000,
    );
    const client = clientOf(g);
    const models = await client.models.list();
    expect(models.data.find((m) => m.id === MINE)).toMatchObject({ owned_by: 'my-machines' });
    const marker = `offline-${randomUUID()}`;
    const { data, response } = await client.chat.completions
      .create({ model: MINE, messages: [{ role: 'user', content: `Say hello. ${marker}` }], max_tokens: 24 })
      .withResponse();
    expect(data.choices[0]!.message.content).toContain(marker);
    expect(response.headers.get('x-iicp-node-id')).toBe(nodeIdOf(p1));
    const taskId = response.headers.get('x-iicp-task-id');
    await eventually(async () => {
      const info = await g.node.commandHandlers().getGateway({});
      expect(info.recent.find((r) => r.taskId === taskId)).toMatchObject({
        nodeId: nodeIdOf(p1),
        own: true,
        outcome: 'answered',
        credits: 0,
        route: 'own',
      });
    }, 10_000);
    // A model none of the person's machines offers: refused, and the row says the directory was the trouble, not that
    // no machine offers it.
    const gone = await fetch(`${g.node.getSnapshot().gateway.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${(await g.node.commandHandlers().createGatewayKey({ name: 'probe' })).secret}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ model: 'not-mine:1b', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(gone.status).toBe(503);
    const refusedId = gone.headers.get('x-iicp-task-id');
    await eventually(async () => {
      const info = await g.node.commandHandlers().getGateway({});
      expect(info.recent.find((r) => r.taskId === refusedId)).toMatchObject({
        outcome: 'refused',
        code: 'directory_unreachable',
        nodeId: null,
      });
    }, 10_000);
  }, 90_000);
});
