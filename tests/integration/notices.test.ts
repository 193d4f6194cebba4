/**
 * Notices from a real node (real sockets, the spec-faithful test directory, a fake Ollama), with the outage debounce
 * shortened to 1.5 s: the directory failing every heartbeat makes "Lost contact with the IICP directory" and then "in
 * contact again"; a killed LLM server makes "LLM server stopped", its restart "LLM server back"; a receipt the
 * directory rejects makes "Earnings rejected". Each reaches the snapshot (newest first) and the host's onNotice
 * listener, once.
 */
import { english } from '@shared/i18n/say';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice, NodeSnapshot } from '@shared/contract';
import { startFakeBackend, type FakeBackend, type FakeBackendOptions } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { chatTask, eventually, http, startNode, startPublicNode, type NodeHarness } from '../support/node-harness';

const DEBOUNCE_MS = 1_500;
const BACKEND: FakeBackendOptions = { flavour: 'ollama', models: ['qwen2.5:7b'] };

let directory: TestDirectory;
let backend: FakeBackend;
let h: NodeHarness;
/** The node as first started, whose stop also removes the data folder (a restart runs on the same folder). */
let first: NodeHarness | undefined;
let nodeId: string;
const heard: Notice[] = [];

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 500 });
  backend = await startFakeBackend(BACKEND);
  h = await startPublicNode(
    { directory: directory.url, backend: backend.url },
    {},
    { noticeDebounceMs: DEBOUNCE_MS, tuning: { earnings: { retryBaseMs: 200, syncIntervalMs: 60_000 } } },
  );
  first = h;
  h.node.onNotice((n) => heard.push(n));
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 15_000);
  nodeId = h.node.getSnapshot().node.nodeId!;
});

afterAll(async () => {
  await h?.stop();
  if (first !== h) await first?.stop();
  await backend?.close();
  await directory?.close();
});

const kinds = (s: NodeSnapshot = h.node.getSnapshot()) => s.notices.map((n) => n.kind);

async function serve(): Promise<number> {
  return (await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()) })).status;
}

describe('notices of a running node', () => {
  it('starts with none: a healthy start is not news', () => {
    expect(h.node.getSnapshot().notices).toEqual([]);
    expect(heard).toEqual([]);
  });

  it('tells a directory outage once it has lasted, and that the node is back online after it', async () => {
    directory.fail({ status: 503, body: { error: 'maintenance' } });
    try {
      await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('unreachable'), 15_000);
      const notice = await eventually(() => {
        const n = h.node.getSnapshot().notices.find((x) => x.kind === 'offline');
        expect(n).toBeDefined();
        return n!;
      }, 15_000);
      expect(notice).toMatchObject({ route: 'dashboard' });
      expect(english.said(notice.title)).toBe('Lost contact with the IICP directory');
      expect(english.said(notice.body)).toBe(
        "The IICP directory can't be reached, so consumers who look for nodes there may not find yours. Tasks that reach your node without the directory are not affected. It keeps trying.",
      );
      expect(Date.parse(notice.at)).toBeGreaterThan(0);
    } finally {
      directory.fail(null);
    }
    await eventually(() => expect(kinds()).toEqual(['back_online', 'offline']), 15_000);
    expect(heard.map((n) => n.kind)).toEqual(['offline', 'back_online']);
  });

  it('tells an LLM server that stopped answering, and that it is back after its restart', async () => {
    const port = Number(new URL(backend.url).port);
    await backend.close();
    // The task finds the server gone (502), so the node knows at once; 503 if a routine look was quicker.
    expect([502, 503]).toContain(await serve());
    await eventually(() => expect(kinds()[0]).toBe('backend_stopped'), 15_000);
    backend = await startFakeBackend({ ...BACKEND, port });
    await eventually(() => expect(kinds()[0]).toBe('backend_back'), 15_000);
    expect(
      h.node
        .getSnapshot()
        .notices.slice(0, 2)
        .map((n) => english.said(n.title)),
    ).toEqual(['LLM server back', 'LLM server stopped']);
    expect(heard.map((n) => n.kind)).toEqual(['offline', 'back_online', 'backend_stopped', 'backend_back']);
  });

  it('tells a receipt the directory rejected, pointing at the Earnings page', async () => {
    await eventually(async () => expect(await serve()).toBe(200), 15_000);
    await eventually(() => expect(h.node.getSnapshot().earnings.outbox).toBe(0), 15_000); // that one awarded
    // The directory holds another signing key for the node (as after a lost re-registration): the receipt is refused.
    const record = directory.state.nodes[nodeId]!;
    const key = record.hmacKey;
    record.hmacKey = 'f'.repeat(64);
    try {
      expect(await serve()).toBe(200);
      const notice = await eventually(() => {
        const n = h.node.getSnapshot().notices[0];
        expect(n?.kind).toBe('earnings_rejected');
        return n!;
      }, 20_000);
      expect(notice).toMatchObject({ route: 'earnings' });
      expect(english.said(notice.title)).toBe('Earnings rejected');
      expect(english.said(notice.body)).toContain('credits for one task');
    } finally {
      record.hmacKey = key;
    }
    expect(heard.filter((n) => n.kind === 'earnings_rejected')).toHaveLength(1);
  });
});

describe('notices across a restart of the node', () => {
  it('are still there after a restart, resolved as they were; a dismissed one stays dismissed', async () => {
    const before = h.node.getSnapshot().notices;
    // Each pair is resolved by its "back"; rejected earnings are still news.
    expect(before.map((n) => [n.kind, n.resolvedAt === null])).toEqual([
      ['earnings_rejected', true],
      ['backend_back', false],
      ['backend_stopped', false],
      ['back_online', false],
      ['offline', false],
    ]);
    const handlers = h.node.commandHandlers();
    const back = before.find((n) => n.kind === 'backend_back')!;
    const answered = await handlers.dismissNotice({ id: back.id });
    expect(answered.notices.map((n) => n.id)).toEqual(before.filter((n) => n.id !== back.id).map((n) => n.id));
    await expect(handlers.dismissNotice({ id: 'no-such-notice' })).rejects.toMatchObject({
      body: { code: 'invalid_request' },
    });
    const kept = answered.notices;

    // The node stops and starts again on the same data folder, as when the app is quit and opened again.
    await h.node.stop();
    const heardBefore = heard.length;
    h = await startNode(
      { backendUrl: backend.url, directoryUrl: directory.url, publicEndpoint: `http://127.0.0.1:${first!.port}` },
      {
        taskPort: first!.port,
        allowPrivateEndpoint: true,
        secretStore: first!.secrets,
        noticeDebounceMs: DEBOUNCE_MS,
        tuning: { directoryStartupRetryDelaysMs: [200, 400], directoryBackoffBaseMs: 200 },
      },
      first!.dir,
    );
    h.node.onNotice((n) => heard.push(n));
    expect(h.node.getSnapshot().notices).toEqual(kept);
    await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 15_000);
    expect(h.node.getSnapshot().notices).toEqual(kept);
    expect(heard.length).toBe(heardBefore); // nothing told again

    const earnings = kept.find((n) => n.kind === 'earnings_rejected')!;
    const after = await h.node.commandHandlers().dismissNotice({ id: earnings.id });
    expect(after.notices.map((n) => n.kind)).toEqual(['backend_stopped', 'back_online', 'offline']);
  });
});
