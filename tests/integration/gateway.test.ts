/**
 * "Use the network" end to end on real sockets: an unmodified OpenAI client and an Ollama-style client talk to the
 * local gateway of node G; the gateway sends sealed IICP tasks to real provider nodes registered at the PHP-faithful
 * test directory, each behind a recording front door. P1 belongs to G's operator (free, `self_operator`), P2, P3 and
 * P4 to another operator (paid from G's side, `task_spend`). What the front doors saw is checked for plaintext, the
 * directory's books for who paid what, and failing or hanging nodes for the fallback.
 */
import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { freePort } from '../support/free-port';
import {
  awardBody,
  GATEWAY_TEST_TUNING as tuning,
  nodeIdOf,
  openGateway,
  setGateway,
  taskBooks,
  type TaskBooks,
  shareOperators,
} from '../support/gateway-setup';
import { eventually, startNode, startPublicNode, type NodeHarness } from '../support/node-harness';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';

const MINE = 'mine-model:7b';
const THEIRS = 'theirs-model:7b';

let directory: TestDirectory;
const backends: FakeBackend[] = [];
const nodes: NodeHarness[] = [];
const proxies: RecordingProxy[] = [];
let g: NodeHarness;
let p1: { h: NodeHarness; proxy: RecordingProxy };
let p2: { h: NodeHarness; proxy: RecordingProxy };
let p3: { h: NodeHarness; proxy: RecordingProxy };
let p4: { h: NodeHarness; proxy: RecordingProxy };
let key: string;
let client: OpenAI;
let books: TaskBooks;

/** A provider whose registered endpoint is a recording front door to its task port. */
async function provider(models: string[]): Promise<{ h: NodeHarness; proxy: RecordingProxy }> {
  const backend = await startFakeBackend({ flavour: 'ollama', models });
  backends.push(backend);
  const port = await freePort();
  const proxy = await startRecordingProxy(port);
  proxies.push(proxy);
  const h = await startNode(
    { backendUrl: backend.url, directoryUrl: directory.url, publicEndpoint: proxy.url },
    { taskPort: port, allowPrivateEndpoint: true, tuning },
  );
  nodes.push(h);
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 20_000);
  return { h, proxy };
}

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  books = taskBooks(directory);
  const gBackend = await startFakeBackend({ flavour: 'ollama', models: ['g-own:1b'] });
  backends.push(gBackend);
  g = await startPublicNode(
    { directory: directory.url, backend: gBackend.url },
    {},
    { gatewayPort: 0, tuning: { ...tuning, gatewayBreaker: { firstMs: 60_000, longestMs: 60_000 } } },
  );
  nodes.push(g);
  await eventually(() => expect(g.node.getSnapshot().directory.link).toBe('registered'), 20_000);
  p1 = await provider([MINE]);
  p2 = await provider([THEIRS]);
  p3 = await provider([THEIRS]);
  p4 = await provider([THEIRS]);
  // G and P1 share an operator identity; P2 and P3 have another.
  await shareOperators([
    { name: 'Ada Rigs', machines: [g, p1.h] },
    { name: 'Bob Labs', machines: [p2.h, p3.h, p4.h] },
  ]);
  // Generous limits here; the budget case sets its own.
  const opened = await openGateway(g, 'test app');
  key = opened.key;
  client = new OpenAI({ baseURL: opened.baseUrl, apiKey: key, maxRetries: 0 });
  // Every provider is listed with its live models before the gateway is asked.
  await eventually(async () => {
    const models = await client.models.list();
    // This computer's own model is listed too: it answers first.
    expect(models.data.map((m) => m.id).sort()).toEqual([MINE, THEIRS, 'g-own:1b'].sort());
  }, 20_000);
}, 120_000);

afterAll(async () => {
  for (const n of nodes.splice(0).reverse()) await n.stop().catch(() => undefined);
  for (const p of proxies.splice(0)) await p.close();
  for (const b of backends.splice(0)) await b.close();
  await directory?.close();
});

async function chat(
  model: string,
  stream: boolean,
  marker: string,
): Promise<{ text: string; nodeId: string | null; taskId: string | null }> {
  const messages = [{ role: 'user' as const, content: `Say hello. ${marker}` }];
  if (!stream) {
    const { data, response } = await client.chat.completions.create({ model, messages, max_tokens: 24 }).withResponse();
    return {
      text: data.choices[0]!.message.content ?? '',
      nodeId: response.headers.get('x-iicp-node-id'),
      taskId: response.headers.get('x-iicp-task-id'),
    };
  }
  const { data, response } = await client.chat.completions
    .create({ model, messages, max_tokens: 24, stream: true })
    .withResponse();
  let text = '';
  for await (const chunk of data) text += chunk.choices[0]?.delta?.content ?? '';
  return { text, nodeId: response.headers.get('x-iicp-node-id'), taskId: response.headers.get('x-iicp-task-id') };
}

async function ollamaChat(
  model: string,
  stream: boolean,
  marker: string,
): Promise<{ text: string; nodeId: string | null; taskId: string | null }> {
  const res = await fetch(
    `http://127.0.0.1:${g.node.getSnapshot().gateway.baseUrl!.split(':')[2]!.split('/')[0]}/api/chat`,
    {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        model,
        stream,
        messages: [{ role: 'user', content: `Say hello. ${marker}` }],
        options: { num_predict: 24 },
      }),
    },
  );
  expect(res.status).toBe(200);
  const body = await res.text();
  const lines = stream
    ? body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : [JSON.parse(body) as Record<string, unknown>];
  expect(lines.at(-1)).toMatchObject({ done: true, model });
  const text = lines.map((l) => (l.message as { content?: string } | undefined)?.content ?? '').join('');
  return { text, nodeId: res.headers.get('x-iicp-node-id'), taskId: res.headers.get('x-iicp-task-id') };
}

describe('the gateway answers OpenAI and Ollama clients from the network', () => {
  it.each([
    ['openai', false],
    ['openai', true],
    ['ollama', false],
    ['ollama', true],
  ] as const)(
    '%s stream=%s: the own machine serves its model for free (self_operator, no debit)',
    async (api, stream) => {
      const marker = `secret-${randomUUID()}`;
      const r = api === 'openai' ? await chat(MINE, stream, marker) : await ollamaChat(MINE, stream, marker);
      expect(r.text).toContain(marker);
      expect(r.nodeId).toBe(nodeIdOf(p1.h));
      await eventually(() => expect(books.awards(r.taskId!).length).toBe(1), 15_000);
      const award = books.awards(r.taskId!)[0]!;
      expect(awardBody(award)).toMatchObject({ querying_node_id: nodeIdOf(g) });
      // Excluded: a task between two nodes of one operator is net zero (PHP `self_operator`).
      expect(award.outcome).toBe('excluded');
      expect(books.debits(r.taskId!)).toEqual([]);
    },
  );

  it.each([
    ['openai', false],
    ['openai', true],
    ['ollama', false],
    ['ollama', true],
  ] as const)("%s stream=%s: another operator's node serves, the directory debits G's side", async (api, stream) => {
    const marker = `secret-${randomUUID()}`;
    const r = api === 'openai' ? await chat(THEIRS, stream, marker) : await ollamaChat(THEIRS, stream, marker);
    expect(r.text).toContain(marker);
    expect([nodeIdOf(p2.h), nodeIdOf(p3.h), nodeIdOf(p4.h)]).toContain(r.nodeId);
    await eventually(
      () => expect(books.awards(r.taskId!).filter((a) => a.outcome === 'accepted').length).toBe(1),
      15_000,
    );
    expect(awardBody(books.awards(r.taskId!)[0]!)).toMatchObject({ querying_node_id: nodeIdOf(g) });
    await eventually(() => expect(books.debits(r.taskId!).length).toBeGreaterThanOrEqual(1), 15_000);
    expect(books.debits(r.taskId!).every((t) => t.reason?.startsWith('task_spend'))).toBe(true);
  });

  it('a large request and its large answer are read and rewritten off the event loop, and still answered', async () => {
    // 300 KB of prompt: over the inline size, so the request is read on the gateway's codec thread; the fake server
    // echoes it, so the answer is rendered there too.
    const marker = `secret-${randomUUID()}`;
    const long = `${marker} ${'lorem ipsum '.repeat(25_000)}`;
    const r = await client.chat.completions.create({
      model: MINE,
      messages: [{ role: 'user', content: long }],
      max_tokens: 64,
    });
    expect(r.choices[0]!.message.content).toContain(marker);
  });

  it('the providers saw only sealed envelopes, never a prompt or an answer in the clear', () => {
    const tasks = [p1, p2, p3, p4].flatMap((p) => p.proxy.requests.filter((r) => r.path === '/v1/task'));
    expect(tasks.length).toBeGreaterThan(4);
    for (const t of tasks) {
      const body = JSON.parse(t.body) as Record<string, unknown>;
      expect(body.iicp_conf).toBeTypeOf('object');
      expect(body.payload).toBeUndefined();
      expect(body.cx_response_encryption).toBe('required');
      expect(t.body).not.toMatch(/secret-|Say hello/);
    }
    for (const a of [p1, p2, p3, p4].flatMap((p) => p.proxy.answers)) expect(a).not.toMatch(/secret-|Say hello/);
  });
});

/** The tasks a proxy passed: the operator's machines also read each other's status through the same addresses. */
const tasksThrough = (p: RecordingProxy) => p.requests.filter((r) => r.path === '/v1/task');

describe('a node that fails or hangs', () => {
  it('the next node answers within the request time, with the same task id; the failed nodes are skipped afterwards', async () => {
    // The directory's first choice hangs, its second fails, its third answers.
    const order = (await (
      await fetch(`${directory.url}/v1/discover?intent=urn:iicp:intent:llm:chat:v1&model=${encodeURIComponent(THEIRS)}`)
    ).json()) as { nodes: { node_id: string }[] };
    const byId = new Map([p2, p3, p4].map((p) => [nodeIdOf(p.h), p]));
    const [hangs, fails, answers] = order.nodes.map((n) => byId.get(n.node_id)!);
    hangs!.proxy.mode = 'hang';
    fails!.proxy.mode = 'fail';
    const sent = (p: RecordingProxy) => tasksThrough(p).map((r) => (JSON.parse(r.body) as { task_id: string }).task_id);
    const before = { hangs: sent(hangs!.proxy).length, fails: sent(fails!.proxy).length };
    const started = Date.now();
    const { data, response } = await client.chat.completions
      .create(
        { model: THEIRS, messages: [{ role: 'user', content: 'hello' }], max_tokens: 8 },
        { headers: { 'X-IICP-Timeout-Ms': '8000' } },
      )
      .withResponse();
    expect(Date.now() - started).toBeLessThan(8000);
    expect(data.choices[0]!.message.content).toBeTruthy();
    const taskId = response.headers.get('x-iicp-task-id')!;
    expect(response.headers.get('x-iicp-node-id')).toBe(nodeIdOf(answers!.h));
    // The same task id went to every node tried.
    expect(sent(hangs!.proxy).slice(before.hangs)).toEqual([taskId]);
    expect(sent(fails!.proxy).slice(before.fails)).toEqual([taskId]);
    expect(sent(answers!.proxy)).toContain(taskId);
    // One award for the task: no node is paid twice, and G's side is charged once, for that award's amount.
    await eventually(
      () => expect(books.awards(taskId).filter((a) => a.outcome === 'accepted')).toHaveLength(1),
      15_000,
    );
    expect(books.awards(taskId)).toHaveLength(1);
    await eventually(() => expect(books.debits(taskId).length).toBeGreaterThanOrEqual(1), 15_000);
    const debitTotal = books.debits(taskId).reduce((n, t) => n + t.amountUnits, 0);
    // Units of 1/10 000 credit, as the directory's DECIMAL(…,4) column keeps them.
    expect(debitTotal).toBe(Math.round(Number(awardBody(books.awards(taskId)[0]!).amount) * 10_000));
    // The failed and the hung node are skipped for a while: the next request goes straight to the one that answered.
    const again = await client.chat.completions
      .create({ model: THEIRS, messages: [{ role: 'user', content: 'again' }], max_tokens: 8 })
      .withResponse();
    expect(again.response.headers.get('x-iicp-node-id')).toBe(nodeIdOf(answers!.h));
    expect(sent(hangs!.proxy)).toHaveLength(before.hangs + 1);
    expect(sent(fails!.proxy)).toHaveLength(before.fails + 1);
    for (const p of [p2, p3, p4]) p.proxy.mode = 'pass';
  });
});

describe('the budget', () => {
  it('with a 0.01-credit daily cap, a paid request gets the quota error and nothing is sent or charged', async () => {
    await setGateway(g, { dailyCap: 0.01, onlyMine: false });
    const sent = [p2, p3, p4].map((p) => tasksThrough(p.proxy).length);
    const debits = directory.state.transactions.filter((t) => t.type === 'debit').length;
    const err = await client.chat.completions
      .create({ model: THEIRS, messages: [{ role: 'user', content: 'hello' }], max_tokens: 8 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect((err as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('insufficient_quota');
    expect((err as Error).message).toMatch(/today's spending limit/);
    expect([p2, p3, p4].map((p) => tasksThrough(p.proxy).length)).toEqual(sent);
    expect(directory.state.transactions.filter((t) => t.type === 'debit').length).toBe(debits);
    // The own machine stays free whatever the cap.
    const own = await client.chat.completions.create({
      model: MINE,
      messages: [{ role: 'user', content: 'hello' }],
      max_tokens: 8,
    });
    expect(own.choices[0]!.message.content).toBeTruthy();
    await setGateway(g, { dailyCap: 100 });
  });
});

describe('one machine list for the Machines page and the gateway', () => {
  it('a machine added on the Machines page is asked first and free; forgotten, it is another operator’s again', async () => {
    const h = g.node.commandHandlers();
    // P1 was met through the identity's file: it is on the list the Machines page shows, and the gateway's own.
    expect((await h.getFleet({})).machines.map((m) => m.nodeId)).toContain(nodeIdOf(p1.h));
    await setGateway(g, { dailyCap: 0.01, onlyMine: false });
    const theirs = [p2, p3, p4].map((p) => nodeIdOf(p.h));
    for (const id of theirs) await h.addMachine({ nodeId: id });
    expect((await h.getFleet({})).machines.map((m) => m.nodeId)).toEqual(expect.arrayContaining(theirs));
    // Within a cap no paid request fits, Bob's machines now answer: they are on the list, so free.
    const { data, response } = await client.chat.completions
      .create({ model: THEIRS, messages: [{ role: 'user', content: 'hello' }], max_tokens: 8 })
      .withResponse();
    expect(data.choices[0]!.message.content).toBeTruthy();
    expect(theirs).toContain(response.headers.get('x-iicp-node-id'));
    expect(response.headers.get('x-iicp-own-machine')).toBe('yes');
    for (const id of theirs) await h.forgetMachine({ nodeId: id });
    expect((await h.getFleet({})).machines.filter((m) => theirs.includes(m.nodeId))).toEqual([]);
    const err = await client.chat.completions
      .create({ model: THEIRS, messages: [{ role: 'user', content: 'hello' }], max_tokens: 8 })
      .catch((e: unknown) => e);
    expect((err as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('insufficient_quota');
    await setGateway(g, { dailyCap: 100 });
  });
});
