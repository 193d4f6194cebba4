/**
 * This computer first, end to end: node G's gateway answers a model only G's own LLM server runs from that server —
 * free, streamed as the server streams (OpenAI server-sent events, Ollama NDJSON), booked as this computer — with "Only
 * my machines" on and no other machine up, and lists it in `/v1/models`. While such a request runs it is the owner's
 * use of the GPU: the node stops taking network tasks, and serves again after the cooldown.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { GATEWAY_TEST_TUNING as tuning, gatewayRow, nodeIdOf, openGateway, setGateway } from '../support/gateway-setup';
import { chatTask, eventually, http, startPublicNode, type NodeHarness } from '../support/node-harness';

const ONLY_HERE = 'here-only:1b';
/** Run by this computer's server but not offered to the network: the owner's own apps may still use it. */
const NOT_OFFERED = 'kept-back:1b';

let directory: TestDirectory;
let backend: FakeBackend;
let g: NodeHarness;
let key: string;
let root: string;

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  backend = await startFakeBackend({ flavour: 'ollama', models: [ONLY_HERE, NOT_OFFERED] });
  g = await startPublicNode(
    { directory: directory.url, backend: backend.url },
    {
      excludedModels: [NOT_OFFERED],
      ownerFirst: {
        gpuPrograms: true,
        fullscreen: false,
        programs: [],
        graceSeconds: 1,
        cooldownSeconds: 1,
        freeMemory: true,
        vramFloorGb: null,
        maxPowerW: null,
        maxTemperatureC: null,
      },
    },
    // No GPU tool: the owner's own requests are the only use the watcher can see.
    {
      gatewayPort: 0,
      tuning: {
        ...tuning,
        owner: { tools: { nvidiaSmi: null, rocmSmi: null, ioreg: null, xprop: null }, raplRoot: null },
      },
    },
  );
  await eventually(() => expect(g.node.getSnapshot().directory.link).toBe('registered'), 20_000);
  const opened = await openGateway(g, 'local app');
  key = opened.key;
  root = opened.baseUrl.replace(/\/v1$/, '');
  await setGateway(g, { onlyMine: true });
}, 60_000);

afterAll(async () => {
  await g?.stop();
  await backend?.close();
  await directory?.close();
});

const post = (path: string, body: unknown) =>
  fetch(`${root}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

const row = (taskId: string) => gatewayRow(g, taskId);

const inferenceCalls = () => backend.calls.filter((c) => c.path.endsWith('/chat/completions'));

describe('this computer first', () => {
  it('lists this computer’s models with only my machines on and no other machine up', async () => {
    for (const path of ['/v1/models', '/api/tags']) {
      const res = await fetch(`${root}${path}`, { headers: { Authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data?: { id: string; owned_by: string }[]; models?: { name: string }[] };
      if (body.data)
        expect(body.data).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ id: ONLY_HERE, owned_by: 'this-computer' }),
            expect.objectContaining({ id: NOT_OFFERED, owned_by: 'this-computer' }),
          ]),
        );
      else expect(body.models!.map((m) => m.name)).toEqual(expect.arrayContaining([ONLY_HERE, NOT_OFFERED]));
    }
  });

  it('counts this computer’s models in the page’s offer, and "try it" says the answer came from this computer', async () => {
    const info = await g.node.commandHandlers().getGateway({});
    expect(info.offer?.models).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ model: ONLY_HERE, nodes: 1, ownNodes: 1, lowestMultiplier: null }),
      ]),
    );
    const tried = await g.node.commandHandlers().tryGateway({ model: ONLY_HERE, prompt: 'Say hello' });
    expect(tried).toMatchObject({ route: 'this_computer', own: true, credits: 0, nodeId: nodeIdOf(g) });
    expect(tried.text).not.toBe('');
  });

  it('streams an OpenAI answer from this computer’s server, free, booked as this computer', async () => {
    const before = inferenceCalls().length;
    const res = await post('/v1/chat/completions', {
      model: ONLY_HERE,
      messages: [{ role: 'user', content: 'hello from my own app' }],
      stream: true,
      max_tokens: 32,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(res.headers.get('x-iicp-node-id')).toBe(nodeIdOf(g));
    expect(res.headers.get('x-iicp-own-machine')).toBe('yes');
    const text = await res.text();
    const chunks = text
      .split('\n')
      .filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]')
      .map((l) => JSON.parse(l.slice(6)) as { model: string; choices: { delta?: { content?: string } }[] });
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).not.toBe('');
    expect(chunks[0]!.model).toBe(ONLY_HERE);
    // The server itself was asked, streamed, once.
    const calls = inferenceCalls().slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toMatchObject({ stream: true });
    const r = await row(res.headers.get('x-iicp-task-id')!);
    expect(r).toMatchObject({
      outcome: 'answered',
      own: true,
      route: 'this_computer',
      credits: 0,
      streamNote: 'streamed',
      nodeId: nodeIdOf(g),
    });
  });

  it('streams Ollama NDJSON, and answers a buffered request, for a model the network is not offered', async () => {
    const res = await post('/api/chat', { model: NOT_OFFERED, messages: [{ role: 'user', content: 'hello again' }] });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { done: boolean; model: string; message?: { content: string } });
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(
      lines
        .slice(0, -1)
        .map((l) => l.message?.content ?? '')
        .join(''),
    ).not.toBe('');
    expect(lines.at(-1)).toMatchObject({ done: true, model: NOT_OFFERED });
    expect(lines.slice(0, -1).every((l) => !l.done)).toBe(true);
    expect(await row(res.headers.get('x-iicp-task-id')!)).toMatchObject({
      route: 'this_computer',
      own: true,
      credits: 0,
      streamNote: 'streamed',
    });

    const whole = await post('/v1/chat/completions', {
      model: ONLY_HERE,
      messages: [{ role: 'user', content: 'whole please' }],
    });
    expect(whole.status).toBe(200);
    const body = (await whole.json()) as { model: string; choices: { message: { content: string } }[] };
    expect(body.model).toBe(ONLY_HERE);
    expect(body.choices[0]!.message.content).not.toBe('');
    expect(await row(whole.headers.get('x-iicp-task-id')!)).toMatchObject({
      route: 'this_computer',
      own: true,
      credits: 0,
      streamNote: null,
      outcome: 'answered',
    });
  });

  it('counts a running local request as the owner’s use: network tasks wait, and the node serves again after', async () => {
    // The requests before were the owner's use too: the node serves again once their cooldown ended.
    await eventually(() => expect(g.node.getSnapshot().availability.owner.phase).toBe('serving'), 10_000);
    backend.set({ holdInference: true });
    const asked = post('/v1/chat/completions', {
      model: ONLY_HERE,
      messages: [{ role: 'user', content: 'a long one' }],
    });
    await eventually(() =>
      expect(g.node.getSnapshot().availability.owner).toMatchObject({
        phase: 'yielding',
        trigger: { kind: 'own_app' },
      }),
    );
    const task = await http(`${g.base}/v1/task`, {
      body: chatTask(randomUUID(), { payload: { model: ONLY_HERE, messages: [{ role: 'user', content: 'hi' }] } }),
    });
    expect(task.status).toBe(503);
    backend.set({ holdInference: false });
    expect((await asked).status).toBe(200);
    await eventually(() => expect(g.node.getSnapshot().availability.owner.phase).toBe('serving'), 10_000);
    await eventually(async () =>
      expect(
        (
          await http(`${g.base}/v1/task`, {
            body: chatTask(randomUUID(), {
              payload: { model: ONLY_HERE, messages: [{ role: 'user', content: 'hi' }] },
            }),
          })
        ).status,
      ).toBe(200),
    );
  });
});
