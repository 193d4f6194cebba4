/**
 * Healthy but idle: a node registered, heartbeating and serving, yet without a served task for the idle time, says so
 * in the snapshot (from when), and stops saying so with the next served task; the last served task is read back from
 * the ledger after a restart, so the figure holds across one.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { chatTask, eventually, http, startPublicNode, type NodeHarness } from '../support/node-harness';

/** Short, so the test waits for the condition rather than hours. */
const IDLE_AFTER_MS = 400;

let directory: TestDirectory;
let backend: FakeBackend;
let h: NodeHarness;

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 500 });
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  h = await startPublicNode({ directory: directory.url, backend: backend.url }, {}, { idleAfterMs: IDLE_AFTER_MS });
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
});

afterAll(async () => {
  await h?.stop();
  await backend?.close();
  await directory?.close();
});

describe('healthy but idle', () => {
  it('is idle from its registration when no task came', async () => {
    await eventually(() => expect(h.node.getSnapshot().requests.idle).not.toBeNull(), 10_000);
    const idle = h.node.getSnapshot().requests.idle!;
    expect(idle.lastServedAt).toBeNull();
    expect(idle.since).toBe(h.node.getSnapshot().directory.registeredAt);
  });

  it('a served task ends the spell; the next one is counted from that task', async () => {
    const before = Date.now();
    expect((await http(`${h.base}/v1/task`, { body: chatTask(randomUUID()) })).status).toBe(200);
    await eventually(() => {
      const idle = h.node.getSnapshot().requests.idle;
      expect(idle?.lastServedAt).toBeDefined();
      expect(Date.parse(idle!.lastServedAt!)).toBeGreaterThanOrEqual(before);
      expect(idle!.since).toBe(idle!.lastServedAt);
    }, 10_000);
  });

  it('not idle while paused: a node switched off is not waiting for tasks', async () => {
    h.node.commands.pause();
    await eventually(() => expect(h.node.getSnapshot().requests.idle).toBeNull());
    h.node.commands.resume();
  });
});
