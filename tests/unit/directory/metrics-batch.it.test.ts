/**
 * Metric batches reported with heartbeats, ported from the Rust SDK's
 * `node.rs::heartbeat_metrics_tests`: one pending batch with a fresh id, re-sent unchanged until a 2xx
 * answer acknowledges that id (or omits the field, like legacy directories).
 */
import { describe, expect, it } from 'vitest';
import { MetricsBatcher, metricsBody } from '@engine/directory/metrics-batch';
import { asRecord, beatOk, eventually, SCRIPTED_BASE, ScriptedDirectory, startLink, testDirectory } from './harness';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function batcherWith(success: number, failed: number, latencyMs = 100): MetricsBatcher {
  const b = new MetricsBatcher();
  for (let i = 0; i < success; i++) b.record(true, latencyMs);
  for (let i = 0; i < failed; i++) b.record(false, latencyMs);
  return b;
}

describe('the metrics batcher', () => {
  it('has nothing to send while no task finished', () => {
    const b = new MetricsBatcher();
    expect(b.forHeartbeat()).toBeNull();
    expect(metricsBody(null)).toEqual({});
  });

  it('swaps the counters into one pending batch with a fresh UUID v4 id', () => {
    const b = batcherWith(3, 1);
    const batch = b.forHeartbeat()!;
    expect(batch.id).toMatch(UUID_V4);
    expect(batch).toMatchObject({ success: 3, failed: 1 });
    expect(metricsBody(batch)).toEqual({ tasks_success: 3, tasks_failed: 1, avg_latency_ms: 100 });
  });

  it('metrics_batch_requires_matching_ack_when_present: only the echoed id clears the batch', () => {
    const b = batcherWith(2, 0);
    const batch = b.forHeartbeat()!;
    b.acknowledge(batch.id, 'some-other-batch');
    expect(b.pendingBatch).toBe(batch);
    b.acknowledge(batch.id, batch.id);
    expect(b.pendingBatch).toBeNull();
  });

  it('legacy_success_without_ack_is_accepted: a 2xx without metrics_batch_accepted clears the batch', () => {
    const b = batcherWith(2, 0);
    const batch = b.forHeartbeat()!;
    b.acknowledge(batch.id, undefined);
    expect(b.pendingBatch).toBeNull();
  });

  it('a null acknowledgement retains the batch', () => {
    const b = batcherWith(2, 0);
    const batch = b.forHeartbeat()!;
    b.acknowledge(batch.id, null);
    expect(b.pendingBatch).toBe(batch);
  });

  it('an acknowledgement for a beat that carried no batch clears nothing', () => {
    const b = batcherWith(2, 0);
    const batch = b.forHeartbeat()!;
    b.acknowledge(null, batch.id);
    expect(b.pendingBatch).toBe(batch);
  });

  it('keeps at most one unacknowledged batch: tasks finishing meanwhile wait for the next one', () => {
    const b = batcherWith(2, 0, 10);
    const first = b.forHeartbeat()!;
    b.record(true, 30);
    b.record(false, 30);
    expect(b.forHeartbeat()).toBe(first);
    expect(first).toMatchObject({ success: 2, failed: 0, latencyTotalMs: 20 });
    b.acknowledge(first.id, first.id);
    const second = b.forHeartbeat()!;
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ success: 1, failed: 1, latencyTotalMs: 60 });
  });

  it('sends at most 300 successes per batch (all production counts) and 1000 tasks in all, carrying the rest', () => {
    const b = batcherWith(1500, 1700);
    const seen = { success: 0, failed: 0 };
    expect(b.forHeartbeat()).toMatchObject({ success: 300, failed: 700 });
    b.acknowledge(b.pendingBatch!.id, b.pendingBatch!.id);
    seen.success += 300;
    seen.failed += 700;
    for (let i = 0; i < 20; i++) {
      const batch = b.forHeartbeat();
      if (!batch) break;
      expect(batch.success).toBeLessThanOrEqual(300);
      expect(batch.success + batch.failed).toBeLessThanOrEqual(1000);
      seen.success += batch.success;
      seen.failed += batch.failed;
      b.acknowledge(batch.id, batch.id);
    }
    expect(seen).toEqual({ success: 1500, failed: 1700 });
    expect(b.forHeartbeat()).toBeNull();
  });

  it('rounds avg_latency_ms to two decimals and omits it when no latency was measured', () => {
    const b = new MetricsBatcher();
    b.record(true, 1);
    b.record(true, 2);
    b.record(false, 2);
    expect(metricsBody(b.forHeartbeat())).toEqual({ tasks_success: 2, tasks_failed: 1, avg_latency_ms: 1.67 });

    const c = new MetricsBatcher();
    c.record(true, 0);
    c.record(false, -5);
    expect(metricsBody(c.forHeartbeat())).toEqual({ tasks_success: 1, tasks_failed: 1 });

    const d = new MetricsBatcher();
    d.record(true, 812.499);
    d.record(true, 812.5);
    expect(metricsBody(d.forHeartbeat()).avg_latency_ms).toBe(812.5);
  });
});

describe('metric batches on the wire', () => {
  it('sends the pending batch with metrics_batch_id and clears it on the matching ack', async () => {
    const dir = new ScriptedDirectory();
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(dir.heartbeats()).toHaveLength(1));
    h.metrics.record(true, 120);
    h.metrics.record(false, 80);
    h.link.heartbeatNow();
    await eventually(() => expect(h.events('heartbeat_ok')).toHaveLength(2));
    const body = dir.heartbeats()[1]!.body!;
    expect(body.metrics).toEqual({ tasks_success: 1, tasks_failed: 1, avg_latency_ms: 100 });
    expect(body.metrics_batch_id).toMatch(UUID_V4);
    expect(h.metrics.pendingBatch).toBeNull();
  });

  it('failed_delivery_retains_the_exact_pending_batch: after a network error and a 500 the same id and numbers are re-sent', async () => {
    const dir = new ScriptedDirectory();
    const answers = [
      (req: Parameters<typeof beatOk>[0]) => beatOk(req),
      () => ({ networkError: 'socket hang up' }),
      () => ({ status: 500, raw: '<html><body>Bad Gateway</body></html>' }),
      (req: Parameters<typeof beatOk>[0]) => beatOk(req, { next_heartbeat_ms: 300_000 }),
    ];
    dir.heartbeat = (req, n) => (answers[n - 1] ?? beatOk)(req);
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(dir.heartbeats()).toHaveLength(1));
    h.metrics.record(true, 10);
    h.metrics.record(true, 20);
    h.link.heartbeatNow();
    await eventually(() => expect(dir.heartbeats()).toHaveLength(3)); // network error, then the 500
    h.metrics.record(false, 999); // finished meanwhile: must not sneak into the pending batch
    await eventually(() => expect(dir.heartbeats()).toHaveLength(4));
    await eventually(() => expect(h.events('heartbeat_ok')).toHaveLength(2));

    const sent = dir
      .heartbeats()
      .slice(1)
      .map((b) => ({ id: b.body?.metrics_batch_id, metrics: b.body?.metrics }));
    expect(new Set(sent.map((s) => s.id)).size).toBe(1);
    for (const s of sent) expect(s.metrics).toEqual({ tasks_success: 2, tasks_failed: 0, avg_latency_ms: 15 });

    h.link.heartbeatNow();
    await eventually(() => expect(dir.heartbeats()).toHaveLength(5));
    const next = dir.heartbeats()[4]!.body!;
    expect(next.metrics_batch_id).not.toBe(sent[0]!.id);
    expect(next.metrics).toEqual({ tasks_success: 0, tasks_failed: 1, avg_latency_ms: 999 });
  });

  it.each([
    ['a mismatched ack', 'mismatched_ack_retains_batch_until_matching_ack_arrives', 'another-batch-id'],
    ['a null ack', 'null_ack_retains_batch', null],
  ])('%s retains the batch until the matching ack arrives (%s)', async (_label, _name, wrongAck) => {
    const dir = new ScriptedDirectory();
    dir.heartbeat = (req, n) => beatOk(req, n === 2 || n === 3 ? { metrics_batch_accepted: wrongAck } : {});
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(dir.heartbeats()).toHaveLength(1));
    h.metrics.record(true, 50);
    for (let n = 2; n <= 4; n++) {
      h.link.heartbeatNow();
      await eventually(() => expect(h.events('heartbeat_ok')).toHaveLength(n));
    }
    const ids = dir
      .heartbeats()
      .slice(1)
      .map((b) => b.body?.metrics_batch_id);
    expect(ids[0]).toMatch(UUID_V4);
    expect(ids).toEqual([ids[0], ids[0], ids[0]]);
    expect(h.metrics.pendingBatch).toBeNull(); // the fourth beat got the matching ack
  });

  it('legacy_success_clears_pending_batch_for_compatibility: a directory that never echoes clears after one 2xx', async () => {
    const dir = new ScriptedDirectory();
    dir.heartbeat = () => ({ status: 200, json: { ok: true, next_heartbeat_ms: 300_000 } });
    const h = startLink({ baseUrl: SCRIPTED_BASE, fetchImpl: dir.fetch });
    await eventually(() => expect(dir.heartbeats()).toHaveLength(1));
    h.metrics.record(true, 50);
    h.link.heartbeatNow();
    await eventually(() => expect(h.events('heartbeat_ok')).toHaveLength(2));
    expect(dir.heartbeats()[1]!.body?.metrics_batch_id).toMatch(UUID_V4);
    expect(h.metrics.pendingBatch).toBeNull();
  });

  it('a batch whose acknowledgement was lost is re-sent and applied only once by the directory (idempotent by id)', async () => {
    const directory = await testDirectory();
    let loseNextAnswerWithBatch = true;
    const lossy = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      const res = await fetch(input, init);
      const carriesBatch = typeof init?.body === 'string' && init.body.includes('metrics_batch_id');
      if (carriesBatch && loseNextAnswerWithBatch) {
        loseNextAnswerWithBatch = false;
        await res.arrayBuffer();
        throw new TypeError('fetch failed', { cause: new Error('socket hang up') });
      }
      return res;
    }) as typeof fetch;
    const h = startLink({ baseUrl: directory.url, fetchImpl: lossy });
    await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(0));
    for (let i = 0; i < 3; i++) h.metrics.record(true, 200);
    h.metrics.record(false, 200);

    await eventually(() => expect(loseNextAnswerWithBatch).toBe(false)); // the first answer was lost…
    await eventually(() => expect(h.metrics.pendingBatch).toBeNull()); // …and the re-sent batch acknowledged
    const withBatch = directory.state.heartbeats.filter((b) => asRecord(b.body).metrics_batch_id !== undefined);
    expect(withBatch.length).toBeGreaterThanOrEqual(2);
    const id = asRecord(withBatch[0]!.body).metrics_batch_id;
    expect(
      withBatch.every(
        (b) => asRecord(b.body).metrics_batch_id === id && asRecord(b.response).metrics_batch_accepted === id,
      ),
    ).toBe(true);

    const node = directory.state.nodes[h.nodeId]!;
    expect(node.metricsApplied).toHaveLength(1);
    expect(node.metricsApplied[0]).toMatchObject({ batchId: id, tasksSuccess: 3, tasksFailed: 1, avgLatencyMs: 200 });
    expect(node.reputation.tasksTotal).toBe(4);
  });
});
