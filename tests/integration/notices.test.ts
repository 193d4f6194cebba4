/**
 * Notices from a real node (real sockets, the spec-faithful test directory, a fake Ollama), with the outage debounce
 * shortened to 1.5 s: the directory failing every heartbeat makes "Lost contact with the IICP directory" and then "in contact again"; a
 * killed LLM server makes "LLM server stopped", its restart "LLM server back"; a receipt the directory rejects makes
 * "Earnings rejected". Each reaches the snapshot (newest first) and the host's onNotice listener, once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice, NodeSnapshot } from '@shared/contract';
import { startFakeBackend, type FakeBackend, type FakeBackendOptions } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { chatTask, eventually, http, startPublicNode, type NodeHarness } from '../support/node-harness';

const DEBOUNCE_MS = 1_500;
const BACKEND: FakeBackendOptions = { flavour: 'ollama', models: ['qwen2.5:7b'] };

let directory: TestDirectory;
let backend: FakeBackend;
let h: NodeHarness;
let nodeId: string;
const heard: Notice[] = [];

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 500 });
  backend = await startFakeBackend(BACKEND);
  h = await startPublicNode({ directory: directory.url, backend: backend.url }, {}, { noticeDebounceMs: DEBOUNCE_MS, tuning: { earnings: { retryBaseMs: 200, syncIntervalMs: 60_000 } } });
  h.node.onNotice((n) => heard.push(n));
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 15_000);
  nodeId = h.node.getSnapshot().node.nodeId!;
});

afterAll(async () => {
  await h?.stop();
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
      expect(notice).toMatchObject({ title: 'Lost contact with the IICP directory', body: "The IICP directory can't be reached, so consumers who look for nodes there may not find yours. Tasks that reach your node without the directory are not affected. It keeps trying.", route: 'dashboard' });
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
    expect(h.node.getSnapshot().notices.slice(0, 2).map((n) => n.title)).toEqual(['LLM server back', 'LLM server stopped']);
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
      expect(notice).toMatchObject({ title: 'Earnings rejected', route: 'earnings', body: expect.stringContaining('credits for one task') });
    } finally {
      record.hmacKey = key;
    }
    expect(heard.filter((n) => n.kind === 'earnings_rejected')).toHaveLength(1);
  });
});
