/**
 * The relay worker against the relay stand-in and the test directory on real sockets: election, bind, calls
 * answered concurrently through the node's pipeline (a stand-in here), a session the relay forgot, a relay that
 * died, a relay at its limits, and stop.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createSay, english } from '@shared/i18n/say';
import type { RelayBinding } from '@engine/relay/relay-status';
import { RelayWorker } from '@engine/relay/relay-worker';
import type { ForwardedAnswer } from '@engine/relay/relay-result';
import { startTestDirectory, type TestDirectory } from '../../support/directory';
import { eventually } from '../../support/eventually';
import { stepWords } from '../../support/step-words';
import { startTestRelay, type TestRelay } from '../../support/relay';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const tie = (relayId: string) => createHash('sha256').update(`worker-node-1:${relayId}`).digest('hex');
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function directory(): Promise<TestDirectory> {
  const d = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: false,
    heartbeatIntervalMs: 500,
    activeProbeIntervalMs: null,
  });
  cleanups.push(() => d.close());
  return d;
}

async function relay(dir: TestDirectory, o: Parameters<typeof startTestRelay>[0] = {}): Promise<TestRelay> {
  const r = await startTestRelay({ pollTimeoutMs: 300, ...o });
  cleanups.push(() => r.close());
  await r.registerWith(dir.url, { heartbeatIntervalMs: 500 });
  return r;
}

interface Harness {
  worker: RelayWorker;
  bound: RelayBinding[];
  lost: string[];
  tasks: Record<string, unknown>[];
}

/**
 * The node pipeline's own refusal of a plaintext task through a relay (server/task-codec.ts), as the worker hears it.
 */
const PLAINTEXT_REFUSED: ForwardedAnswer = {
  status: 403,
  body: {
    error: {
      code: 'confidentiality_required',
      message: 'Through a relay this node accepts only end-to-end encrypted (IICP-CX) tasks.',
    },
  },
  retryAfter: null,
};

function worker(
  dir: TestDirectory,
  o: { forward?: (task: Record<string, unknown>) => Promise<ForwardedAnswer>; plaintext?: boolean } = {},
): Harness {
  const h: Harness = { bound: [], lost: [], tasks: [], worker: null as unknown as RelayWorker };
  h.worker = new RelayWorker({
    nodeId: 'worker-node-1',
    directoryUrl: () => dir.url,
    nodeToken: () => null,
    intent: () => CHAT,
    models: () => ['qwen2.5:7b'],
    forward: async (bytes) => {
      const task = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      if (o.forward) return o.forward(task);
      if (!(o.plaintext ?? true) && task.iicp_conf === undefined) return PLAINTEXT_REFUSED;
      h.tasks.push(task);
      return {
        status: 200,
        body: { task_id: task.task_id, status: 'success', result: { echo: task.task_id } },
        retryAfter: null,
      };
    },
    allowPrivateRelays: true,
    timings: { retryBaseMs: 50, retryMaxMs: 200 },
    log: () => undefined,
    onChange: () => undefined,
    onBound: (b) => h.bound.push(b),
    onLost: (r) => h.lost.push(english.said(r)),
  });
  cleanups.push(() => h.worker.stop());
  return h;
}

const task = (relayUrl: string, id: string, extra: Record<string, unknown> = {}) =>
  fetch(`${relayUrl}/v1/relay-for/worker-node-1/v1/task`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ task_id: id, intent: CHAT, payload: { messages: [] }, ...extra }),
  }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));

describe('the relay worker', () => {
  it('binds to the relay the directory lists and says where consumers reach the node', async () => {
    const dir = await directory();
    const r = await relay(dir);
    const h = worker(dir);
    const b = await h.worker.connect();
    expect(b).toMatchObject({ endpoint: `${r.url}/v1/relay-for/worker-node-1`, relay: { nodeId: r.nodeId } });
    expect(b!.metadata).toMatchObject({
      relay_for: 'worker-node-1',
      relay_host: '127.0.0.1',
      relay_port: r.port,
      relay_transport: 'http-poll',
    });
    expect(h.bound).toHaveLength(1);
    expect(r.sessions()).toMatchObject([{ workerId: 'worker-node-1', intent: CHAT, models: ['qwen2.5:7b'] }]);
    expect(h.worker.status.state).toBe('bound');
  });

  it('answers calls as they come, several at once, through the node pipeline', async () => {
    const dir = await directory();
    const r = await relay(dir);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    const h = worker(dir, {
      forward: async (t) => {
        started++;
        await gate;
        return { status: 200, body: { task_id: t.task_id, status: 'success', result: { ok: true } }, retryAfter: null };
      },
    });
    await h.worker.connect();
    const answers = Promise.all([task(r.url, 'a'), task(r.url, 'b'), task(r.url, 'c')]);
    // All three reach the pipeline before any finishes: one slow task does not hold up the pull loop.
    await eventually(() => expect(started).toBe(3), 5_000);
    release();
    expect((await answers).map((x) => [x.status, x.json.status, x.json.task_id])).toEqual([
      [200, 'success', 'a'],
      [200, 'success', 'b'],
      [200, 'success', 'c'],
    ]);
    expect(h.worker.status.calls).toBe(3);
  });

  it('passes on the pipeline refusing a plaintext task, and counts it', async () => {
    const dir = await directory();
    const r = await relay(dir);
    const h = worker(dir, { plaintext: false });
    await h.worker.connect();
    const plain = await task(r.url, 'p1');
    expect(plain.json).toMatchObject({
      status: 'error',
      error: { code: 'confidentiality_required' },
      http_status: 403,
    });
    expect(h.tasks).toHaveLength(0);
    const sealed = await task(r.url, 'c1', { payload: undefined, iicp_conf: { version: 1 } });
    expect(sealed.json.status).toBe('success');
    expect(h.tasks.map((t) => t.task_id)).toEqual(['c1']);
    expect(h.worker.status.refusedPlaintext).toBe(1);
  });

  it('binds again to the same relay when it forgot the session (restart), without telling anyone it was lost', async () => {
    const dir = await directory();
    const r = await relay(dir);
    const h = worker(dir);
    await h.worker.connect();
    await r.restart();
    await eventually(() => expect(r.sessions().map((s) => s.workerId)).toEqual(['worker-node-1']), 10_000);
    expect(h.lost).toEqual([]);
    expect((await task(r.url, 'after-restart')).json.status).toBe('success');
  });

  it('a relay that dies is reported lost, passed over, and another one is bound', async () => {
    const dir = await directory();
    const a = await relay(dir);
    const h = worker(dir);
    expect((await h.worker.connect())!.relay.nodeId).toBe(a.nodeId);
    const b = await relay(dir);
    await a.kill();
    await eventually(() => expect(h.bound.at(-1)?.relay.nodeId).toBe(b.nodeId), 15_000);
    expect(h.lost).toHaveLength(1);
    expect(h.worker.status).toMatchObject({ state: 'bound' });
    expect((await task(b.url, 'on-b')).json.status).toBe('success');
  });

  it('with only one relay in the network, a relay that was down for a while is bound again once it is back', async () => {
    const dir = await directory();
    const r = await relay(dir);
    const h = worker(dir);
    await h.worker.connect();
    await r.kill();
    await eventually(() => expect(h.lost).toHaveLength(1), 10_000);
    // Down long enough for a few election rounds to fail; then the same process comes back on the same port.
    await eventually(
      () =>
        expect(stepWords(h.worker.status.steps).some((x) => /did not bind: it could not be reached/.test(x))).toBe(
          true,
        ),
      10_000,
    );
    await r.restart();
    await eventually(() => expect(h.worker.status.state).toBe('bound'), 15_000);
    expect(h.bound.at(-1)!.relay.nodeId).toBe(r.nodeId);
    expect((await task(r.url, 'back')).json.status).toBe('success');
  });

  it('a relay that is full is skipped for the next one in the election', async () => {
    const dir = await directory();
    // Ids the tie-break orders full-first for this worker, so the election really meets the full relay.
    const [first, second] = ['relay-a', 'relay-b'].sort((x, y) => (tie(x) < tie(y) ? -1 : 1));
    const full = await relay(dir, { maxSessions: 0, nodeId: first });
    const spare = await relay(dir, { nodeId: second });
    const h = worker(dir);
    const b = await h.worker.connect();
    expect(b!.relay.nodeId).toBe(spare.nodeId);
    expect(full.log.some((x) => x.kind === 'bind' && x.status === 503)).toBe(true);
    expect(stepWords(h.worker.status.steps).some((s) => /at its limit/.test(s))).toBe(true);
  });

  it('with no relay listed it says so and binds nothing', async () => {
    const dir = await directory();
    const h = worker(dir);
    expect(await h.worker.connect()).toBeNull();
    expect(h.worker.status.state).toBe('no_relay');
    expect(english.said(h.worker.status.lastError!)).toMatch(/lists no relay/);
  });

  it('says its steps and its problem in German to a person who reads German', async () => {
    const dir = await directory();
    const h = worker(dir);
    await h.worker.connect();
    const german = createSay('de', 'de-DE');
    expect(german.said(h.worker.status.lastError!)).toBe(
      'Das Verzeichnis listet gerade kein Relay für diese Art von Aufgabe.',
    );
    expect(h.worker.status.steps.map((s) => german.said(s.words))).toContain(
      'Das Verzeichnis listet gerade kein Relay für diese Art von Aufgabe.',
    );
    // A reason inside a step is said in German too, and a figure the German way.
    const low = { id: 'relay.election.lowReputation', values: { relay: 'relay-a', reputation: 0.05 } } as const;
    expect(german.said(low)).toBe(
      'Relay relay-a wurde übersprungen: Seine Reputation (0,05) ist zu gering, um ihm zu vertrauen.',
    );
    expect(english.said(low)).toBe('Relay relay-a was skipped: its reputation (0.05) is too low to trust.');
    const lost = {
      id: 'relay.worker.lost',
      values: {
        reason: {
          id: 'relay.lost.noAnswer',
          values: { reason: { id: 'relay.error.detail', values: { detail: 'socket hang up' } } },
        },
      },
    } as const;
    expect(german.said(lost)).toBe(
      'Das Relay ging verloren: das Relay antwortet nicht mehr („socket hang up“). Ein anderes wird gesucht.',
    );
  });

  it('stop unbinds: the relay no longer routes to the node', async () => {
    const dir = await directory();
    const r = await relay(dir);
    const h = worker(dir);
    await h.worker.connect();
    await h.worker.stop();
    expect(r.log.some((x) => x.kind === 'unbind' && x.workerId === 'worker-node-1')).toBe(true);
    expect((await task(r.url, 'after-stop')).status).toBe(404);
    expect(h.worker.status.state).toBe('stopped');
  });
});
