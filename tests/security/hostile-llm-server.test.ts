/**
 * A hostile second LLM server, against a real node and the test directory: the person adds it with `addServer` (several
 * servers behind one node), and it lists 3 006 models (a flood of 3 000, and six that lie), some named with a bidi
 * override, markup and a terminal escape, two with contexts of 1e300 and 2^60 tokens. Every name and number a server
 * reports is judged before it is advertised (`src-shared/text/model-name-rule.ts`, `backends/model-facts.ts`), and the
 * node advertises at most 128 models, each server its fair share (`backends/server-set.ts`). So REGISTER and every
 * heartbeat after it carry none of the hostile names or numbers, stay inside the production directory's limits, and
 * keep every model of the first server; the LLM servers card names each model left out with why, cleaned; a task
 * for a hostile name is refused as not offered and never reaches the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ADVERTISED_MODELS_MAX, CONTEXT_TOKENS_MAX, type LlmServerInfo } from '@shared/contract';
import { createDispatcher, type Dispatch } from '@shared/contract/dispatch';
import { countInvisibleChars } from '@shared/text/foreign-text';
import { isSoundModelName } from '@shared/text/model-name-rule';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { eventually, http, startPublicNode, type NodeHarness } from '../support/node-harness';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
/** The first server's models: none may be crowded out. */
const FIRST = ['qwen2.5:7b', 'llama3.2:3b', 'nomic-embed-text:latest'];
const FLOOD = Array.from({ length: 3000 }, (_, i) => `flood-${String(i).padStart(4, '0')}:7b`);
/** The names that lie, as the server writes them, and why each must be left out. */
const BAD_NAMES = {
  'evil\u202egnp.exe': 'name_invisible',
  '<img src=x onerror=alert(1)>': 'name_markup',
  'esc\u001b[31mred': 'name_control',
} as const;
/** The numbers that lie: contexts no model has. */
const BAD_CONTEXTS = {
  'huge-context:7b': 1e300,
  'wide-context:7b': 1152921504606847000,
  'odd-context:7b': 4096.5,
} as const;
/** Each hostile name as the cleaner shows it: a node that cleaned instead of judging would advertise these. */
const CLEANED = ['evilgnp.exe', 'esc red', 'escred'];
/** The production directory's cap on a request body (nginx `client_max_body_size 2m`). */
const DIRECTORY_BODY_MAX = 2 * 1024 * 1024;

let directory: TestDirectory;
let first: FakeBackend;
let hostile: FakeBackend;
let h: NodeHarness;
let dispatch: Dispatch;
let nodeId: string;
/** Registrations and heartbeats logged before the hostile server was added. */
let regsBefore = 0;
let beatsBefore = 0;

type Cap = { intent: string; models: string[]; max_tokens: number; limits?: { context_tokens?: { value: number } } };

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: true, heartbeatIntervalMs: 1000 });
  first = await startFakeBackend({ flavour: 'ollama', models: FIRST });
  const contexts = Object.fromEntries(Object.entries(BAD_CONTEXTS).map(([m, contextLength]) => [m, { contextLength }]));
  hostile = await startFakeBackend({
    flavour: 'vllm',
    models: [...FLOOD, ...Object.keys(BAD_NAMES), ...Object.keys(BAD_CONTEXTS)],
    modelFacts: contexts,
  });
  h = await startPublicNode({ directory: directory.url, backend: first.url });
  nodeId = h.node.getSnapshot().node.nodeId!;
  dispatch = createDispatcher(h.node.commandHandlers());
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 20_000);
  regsBefore = directory.state.registrations.length;
  beatsBefore = directory.state.heartbeats.length;
  const added = await dispatch('addServer', { url: hostile.url });
  if (!added.ok) throw new Error(`addServer refused: ${JSON.stringify(added.error)}`);
  // The node registers again with the second server's models, then beats with them.
  await eventually(
    () =>
      expect(
        registeredAfter()
          .at(-1)
          ?.capabilities.flatMap((c) => c.models),
      ).toContain(FLOOD[0]),
    30_000,
  );
  const regs = directory.state.registrations.length;
  await eventually(() => expect(beatsAfter().filter((b) => b.index > regs).length).toBeGreaterThanOrEqual(2), 30_000);
  printFigures();
}, 90_000);

afterAll(async () => {
  await h?.stop();
  await first?.close();
  await hostile?.close();
  await directory?.close();
});

/** The node's accepted REGISTER bodies since the hostile server was added. */
function registeredAfter(): { capabilities: Cap[]; bytes: number }[] {
  return directory.state.registrations
    .slice(regsBefore)
    .filter((r) => (r.body as { node_id?: string }).node_id === nodeId && r.status === 201)
    .map((r) => ({
      capabilities: (r.body as { capabilities: Cap[] }).capabilities,
      bytes: Buffer.byteLength(JSON.stringify(r.body)),
    }));
}

/** The node's heartbeats since then, with their place in the log. */
function beatsAfter(): { index: number; models: string[]; status: number; bytes: number }[] {
  return directory.state.heartbeats
    .map((b, index) => ({ b, index }))
    .filter(({ b, index }) => index >= beatsBefore && b.nodeId === nodeId)
    .map(({ b, index }) => ({
      index,
      models: (b.body as { health_models?: string[] }).health_models ?? [],
      status: b.status,
      bytes: Buffer.byteLength(JSON.stringify(b.body)),
    }));
}

const hostileServer = (): LlmServerInfo => h.node.getSnapshot().backend.servers.find((s) => s.id !== 'main')!;

/**
 * How many hostile names (as the server wrote them, or cleaned, or any that fails the rule) and how many capabilities
 * with a context out of range a list of capabilities carries.
 */
function hostileIn(caps: readonly Cap[]): { names: number; contexts: number } {
  const models = new Set(caps.flatMap((c) => c.models));
  const names = [...models].filter(
    (m) => m in BAD_NAMES || m in BAD_CONTEXTS || CLEANED.includes(m) || !isSoundModelName(m),
  ).length;
  const contexts = caps.filter(
    (c) =>
      c.limits?.context_tokens !== undefined &&
      !(Number.isSafeInteger(c.limits.context_tokens.value) && c.limits.context_tokens.value <= CONTEXT_TOKENS_MAX),
  ).length;
  return { names, contexts };
}

/** The figures the security README records (before the fix and after). */
function printFigures(): void {
  const reg = registeredAfter().at(-1)!;
  const models = new Set(reg.capabilities.flatMap((c) => c.models));
  const bad = hostileIn(reg.capabilities);
  const beat = beatsAfter().at(-1)!;
  const box = hostileServer();
  console.log(
    `REGISTER: ${reg.bytes} bytes, ${reg.capabilities.length} capabilities, ${models.size} models, hostile names ${bad.names}, context values out of range ${bad.contexts}; ` +
      `heartbeat: ${beat.bytes} bytes, ${beat.models.length} health_models (HTTP ${beat.status}); ` +
      `card: ${box.leftOutCount ?? 'no count'} left out, named ${(box.leftOut ?? []).length}`,
  );
}

describe('a hostile second LLM server', () => {
  it('adds none of its hostile names or numbers to REGISTER, and every registration stays within the directory’s limits', () => {
    const regs = registeredAfter();
    expect(regs.length).toBeGreaterThan(0);
    for (const reg of regs) {
      expect(hostileIn(reg.capabilities)).toEqual({ names: 0, contexts: 0 });
      const models = reg.capabilities.flatMap((c) => c.models);
      for (const c of reg.capabilities) {
        expect(c.models.length).toBeLessThanOrEqual(64);
        expect(new Set(c.models).size).toBe(c.models.length);
        for (const m of c.models) expect(Array.from(m).length).toBeLessThanOrEqual(128);
        expect(Number.isSafeInteger(c.max_tokens) && c.max_tokens >= 1).toBe(true);
      }
      expect(new Set(models).size).toBeLessThanOrEqual(ADVERTISED_MODELS_MAX);
      expect(reg.capabilities.length).toBeLessThanOrEqual(2 * ADVERTISED_MODELS_MAX);
      expect(reg.bytes).toBeLessThan(DIRECTORY_BODY_MAX);
    }
  });

  it('keeps every model of the first server, and gives the flood only what is left of the node’s fair share', () => {
    const models = new Set(
      registeredAfter()
        .at(-1)!
        .capabilities.flatMap((c) => c.models),
    );
    for (const m of FIRST) expect(models).toContain(m);
    expect([...models].filter((m) => FLOOD.includes(m))).toHaveLength(ADVERTISED_MODELS_MAX - FIRST.length);
  });

  it('tells the directory no hostile name in a heartbeat, and every heartbeat is accepted', () => {
    const beats = beatsAfter();
    expect(beats.length).toBeGreaterThan(0);
    for (const b of beats) {
      expect(b.status).toBe(200);
      expect(
        b.models.filter((m) => !isSoundModelName(m, 128) || m in BAD_NAMES || m in BAD_CONTEXTS || CLEANED.includes(m)),
      ).toEqual([]);
      expect(b.models.length).toBeLessThanOrEqual(ADVERTISED_MODELS_MAX);
    }
  });

  it('names each model left out on the LLM servers card with why, cleaned, and counts them all', () => {
    const box = hostileServer();
    expect(box.status).toBe('healthy');
    expect(box.leftOut).toEqual(
      expect.arrayContaining([
        { name: 'evilgnp.exe', why: 'name_invisible' },
        { name: '<img src=x onerror=alert(1)>', why: 'name_markup' },
        { name: 'esc red', why: 'name_control' },
        { name: 'huge-context:7b', why: 'context' },
        { name: 'wide-context:7b', why: 'context' },
        { name: 'odd-context:7b', why: 'context' },
      ]),
    );
    expect(box.leftOut.filter((m) => m.why === 'too_many').length).toBeGreaterThan(0);
    // 3 006 listed, its share of the 128 advertised, all others left out.
    expect(box.leftOutCount).toBe(FLOOD.length + 6 - (ADVERTISED_MODELS_MAX - FIRST.length));
    expect(box.models).toHaveLength(ADVERTISED_MODELS_MAX - FIRST.length);
    expect(countInvisibleChars(JSON.stringify(h.node.getSnapshot().backend))).toBe(0);
    expect(h.node.getSnapshot().backend.servers.find((s) => s.id === 'main')).toMatchObject({
      models: FIRST,
      leftOut: [],
      leftOutCount: 0,
    });
  });

  it('refuses a task for a hostile name as not offered, without asking the server', async () => {
    const calls = () => hostile.calls.filter((c) => c.path === '/v1/chat/completions').length;
    const before = calls();
    for (const model of [...Object.keys(BAD_NAMES), ...Object.keys(BAD_CONTEXTS), ...CLEANED]) {
      const r = await http(`${h.base}/v1/task`, {
        body: { task_id: randomUUID(), intent: CHAT, payload: { model, messages: [{ role: 'user', content: 'hi' }] } },
      });
      expect(r.json.error?.code, model).toBe('IICP-E029');
    }
    expect(calls()).toBe(before);
  });
});
