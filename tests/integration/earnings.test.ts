/**
 * Pricing and earnings against the PHP-faithful test directory: the signed price goes out with the
 * registration and, when changed, in a heartbeat; every served task lands in the ledger with the tokens the node
 * claims (the LLM server's, or the node's own count when the server says none) and gets a signed receipt that the
 * directory awards; receipts survive a directory outage and are never claimed twice;
 * the directory's books are read and kept, with their time, when it goes away.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReceipt } from '@engine/pricing/receipt';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { balanceOf } from '../support/directory/credits';
import { chatTask, eventually, http, startPublicNode, type NodeHarness } from '../support/node-harness';

let directory: TestDirectory;
let backend: FakeBackend;
let h: NodeHarness;
let nodeId: string;

beforeAll(async () => {
  directory = await startTestDirectory({ routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 });
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  // The slow schedule is pushed past the test; the read that follows the node's own awards comes quickly.
  h = await startPublicNode(
    { directory: directory.url, backend: backend.url },
    {},
    { tuning: { earnings: { retryBaseMs: 200, syncIntervalMs: 60_000, syncFollowMs: 200, syncFollowGapMs: 1_000 } } },
  );
  nodeId = h.node.getSnapshot().node.nodeId!;
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'));
});

afterAll(async () => {
  await h?.stop();
  await backend?.close();
  await directory?.close();
});

const hmac = (key: string, msg: string) => createHmac('sha256', key).update(msg).digest('hex');
const awardsFor = (taskId: string) =>
  directory.state.awards.filter((a) => (a.body as { task_id?: string }).task_id === taskId);

async function serve(extra: Record<string, unknown> = {}): Promise<string> {
  const taskId = randomUUID();
  const res = await http(`${h.base}/v1/task`, { body: chatTask(taskId, extra) });
  expect(res.status).toBe(200);
  return taskId;
}

describe('the price', () => {
  it('goes out with the registration, signed with the HMAC key sent in the same body', () => {
    const reg = directory.state.registrations.find((r) => r.status === 201)!.body as Record<string, unknown>;
    const pricing = reg.pricing as Record<string, unknown>;
    expect(pricing).toMatchObject({ credit_cost_multiplier: 1, pricing_model: 'per_token' });
    // 1.0 is written "1", as PHP's json_encode writes it when the directory re-creates the message.
    expect(pricing.declaration_signature).toBe(
      hmac(reg.node_hmac_key as string, '{"credit_cost_multiplier":1,"pricing_model":"per_token"}'),
    );
  });

  it('a change goes out in the next heartbeat, signed with the stored key, until the directory accepts it', async () => {
    h.node.commands.updateSettings({ creditCostMultiplier: 1.5 });
    expect(h.node.commandHandlers().getPricing({})).toMatchObject({
      declarationAccepted: false,
      declared: { multiplier: 1.5 },
    });
    await eventually(
      () => expect(h.node.commandHandlers().getPricing({})).toMatchObject({ declarationAccepted: true }),
      5000,
    );
    const beat = directory.state.heartbeats.find(
      (b) =>
        (b.body as { pricing?: { credit_cost_multiplier?: number } }).pricing?.credit_cost_multiplier === 1.5 &&
        b.status === 200,
    )!.body as Record<string, unknown>;
    const key = h.secrets.get('node_hmac_key')!;
    expect(beat.pricing).toEqual({
      credit_cost_multiplier: 1.5,
      pricing_model: 'per_token',
      declaration_signature: hmac(key, '{"credit_cost_multiplier":1.5,"pricing_model":"per_token"}'),
    });
    // Only until accepted: later beats carry no pricing block.
    const n = directory.state.heartbeats.length;
    await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(n + 1), 5000);
    expect(directory.state.heartbeats.slice(n + 1).every((b) => !(b.body as { pricing?: unknown }).pricing)).toBe(true);
    const history = (await h.node.commandHandlers().getPricing({})).history;
    expect(history.filter((x) => x.source === 'settings').map((x) => x.multiplier)).toEqual([1.5, 1]);
  });

  it('shows the tier of the largest model and what the directory will charge', async () => {
    const p = await h.node.commandHandlers().getPricing({});
    expect(p.tier).toMatchObject({ name: '7b', weight: 1, model: 'qwen2.5:7b' });
    expect(p.ceiling).toBe(1.5); // min(declared, 3 × weight 1)
    expect(p.pricePer1000).toBe(p.directoryMultiplier ?? 1.5);
  });
});

describe('receipts', () => {
  it("a receipt names the consumer's node; one the directory does not know (IICP-E027) is claimed again without it and awarded", async () => {
    const taskId = await serve({ source_node_id: 'b6f3f2a0-0000-4000-8000-000000000001' });
    await eventually(() => expect(awardsFor(taskId).length).toBe(2), 5000);
    const [first, second] = awardsFor(taskId);
    // The consumer's node id is attributed first; production refuses an unknown one with E027 …
    expect((first!.body as Record<string, unknown>).querying_node_id).toBe('b6f3f2a0-0000-4000-8000-000000000001');
    expect(first).toMatchObject({
      outcome: 'rejected',
      code: 'IICP-E027',
      message: expect.stringMatching(/querying_node_id/),
    });
    // … so the same claim (nonce, hash, amount) goes once more without it, signed again, and is awarded.
    expect(second!.body).not.toHaveProperty('querying_node_id');
    expect((second!.body as Record<string, unknown>).nonce).toBe((first!.body as Record<string, unknown>).nonce);
    expect(second).toMatchObject({ outcome: 'accepted' });
    await eventually(async () => {
      const rows = await h.node.commandHandlers().listLedger({ limit: 10 });
      expect(rows.find((r) => r.taskId === taskId)).toMatchObject({ outcome: 'ok', receipt: 'awarded' });
    });
  });

  it('a consumer node id over 36 characters is left out of the receipt (production refuses the whole award for it)', async () => {
    const taskId = await serve({ source_node_id: `consumer-${'x'.repeat(40)}` });
    await eventually(() => expect(awardsFor(taskId).map((a) => a.outcome)).toEqual(['accepted']), 5000);
    expect(awardsFor(taskId)[0]!.body).not.toHaveProperty('querying_node_id');
  });

  it('without a consumer node id the receipt is awarded and counted today', async () => {
    const ids = [await serve(), await serve(), await serve()];
    await eventually(
      () =>
        expect(ids.map((id) => awardsFor(id).map((a) => a.outcome))).toEqual([
          ['accepted'],
          ['accepted'],
          ['accepted'],
        ]),
      5000,
    );
    for (const id of ids) {
      const body = awardsFor(id)[0]!.body as Record<string, unknown>;
      expect(body).toMatchObject({ node_id: nodeId, reason: 'task_completion' });
      expect(body.amount).toBeLessThanOrEqual((body.tokens_used as number) / 1000);
    }
    await eventually(async () => {
      const rows = await h.node.commandHandlers().listLedger({ limit: 10, receipt: 'awarded' });
      expect(rows.map((r) => r.taskId)).toEqual(expect.arrayContaining(ids));
    });
    // The awards are recorded on the ledger thread; the snapshot follows at its next change.
    const snap = await eventually(() => {
      const s = h.node.getSnapshot();
      expect(s.earnings.outbox).toBe(0);
      return s;
    });
    expect(snap.earnings.today.awarded).toBeGreaterThan(0);
    expect(snap.today.credits).toBe(snap.earnings.today.awarded);
  });

  it('a directory outage delays receipts; they are awarded once it is back, each exactly once', async () => {
    directory.fail({ status: 503, body: { error: 'maintenance' }, routes: ['credits'] });
    const ids = [await serve(), await serve()];
    await eventually(() => expect(h.node.getSnapshot().earnings.outbox).toBe(2));
    // A few retries hit the outage (awaited: each receipt refused at least twice).
    await eventually(
      () => expect(ids.map((id) => awardsFor(id).filter((a) => a.injected).length >= 2)).toEqual([true, true]),
      10_000,
    );
    directory.fail(null);
    await eventually(
      () => expect(ids.map((id) => awardsFor(id).filter((a) => a.outcome === 'accepted').length)).toEqual([1, 1]),
      10_000,
    );
    // Settled: the ledger says awarded and the outbox is empty, so nothing is left that could be posted again.
    await eventually(async () => {
      const rows = await h.node.commandHandlers().listLedger({ limit: 20 });
      expect(ids.map((id) => rows.find((r) => r.taskId === id)?.receipt)).toEqual(['awarded', 'awarded']);
      expect(h.node.getSnapshot().earnings.outbox).toBe(0);
    });
    expect(ids.map((id) => awardsFor(id).filter((a) => a.outcome === 'accepted').length)).toEqual([1, 1]);
  });

  it("a task whose LLM server gives no usage is claimed at the node's own count, told, booked and awarded alike", async () => {
    backend.set({ usage: false });
    const taskId = randomUUID();
    const res = await http(`${h.base}/v1/task`, { body: chatTask(taskId) });
    backend.set({ usage: true });
    expect(res.status).toBe(200);
    // The prompt estimated from the request, the answer from its text (backends/token-claim.ts): never nothing.
    const told = res.json.metrics.tokens_used as number;
    expect(told).toBeGreaterThan(0);
    await eventually(
      () =>
        expect(awardsFor(taskId).map((a) => [a.outcome, (a.body as { tokens_used: number }).tokens_used])).toEqual([
          ['accepted', told],
        ]),
      5000,
    );
    await eventually(async () => {
      const rows = await h.node.commandHandlers().listLedger({ limit: 50 });
      expect(rows.find((r) => r.taskId === taskId)).toMatchObject({ outcome: 'ok', tokens: told, receipt: 'awarded' });
    });
  });
});

describe('earnings report and export', () => {
  it('adds up today per day and per model', async () => {
    const r = await h.node.commandHandlers().getEarnings({ days: 7 });
    expect(r.perDay).toHaveLength(7);
    const today = r.perDay.at(-1)!;
    expect(today.jobs).toBeGreaterThanOrEqual(7);
    expect(today.awarded).toBeGreaterThan(0);
    expect(r.perModel).toEqual([expect.objectContaining({ model: 'qwen2.5:7b' })]);
    // The receipt with an unknown consumer node was claimed again without it and awarded: nothing rejected.
    expect(r.rejectedReasons).toEqual([]);
  });

  it("reconciles the day exactly: claimed = awarded, and the directory's transactions (decimal strings) show the same credits", async () => {
    await eventually(() => expect(h.node.getSnapshot().earnings.outbox).toBe(0), 5000);
    await h.node.commandHandlers().syncEarnings({});
    const r = await h.node.commandHandlers().getEarnings({ days: 7 });
    const today = r.reconciliation.at(-1)!;
    const rows = await h.node.commandHandlers().listLedger({ limit: 500, receipt: 'awarded' });
    const micro = rows.reduce((s, row) => s + Math.round((row.awarded ?? 0) * 1e6), 0);
    expect(today).toMatchObject({ claimed: today.awarded, pending: '0', difference: '0', rejected: '0', reasons: [] });
    expect(Math.round(Number(today.awarded) * 1e6)).toBe(micro);
    // Production's list: amounts as "0.0150"-style strings, task_id null on credits; kept exact.
    const credits = r.transactions.filter((t) => t.type === 'credit' && t.reason === 'task_completion');
    expect(credits.length).toBe(rows.length);
    expect(credits.every((t) => t.taskId === null && /^\d+(\.\d+)?$/.test(t.amount))).toBe(true);
    // The list holds the directory's 20 newest rows only: a day that is not over has no figure from it, rather than
    // one that would read as credits gone missing.
    expect(today.directoryCredited).toBeNull();
  });

  it('exports the ledger as CSV', async () => {
    const out = await h.node.commandHandlers().exportLedger({});
    const lines = out.csv.trim().split('\r\n');
    expect(lines[0]).toMatch(
      /^"task_id","time_utc","time_local \(.+\)","intent","model","outcome","tokens","latency_ms","receipt","claimed","awarded","note","energy_wh","energy_cost","signed_log_check","signed_log_words","direction","api","node_id","machine","credits_expected","credits_charged","attempts","app","machine_name","route","expected","worst_case","flag","not_charged","units","unit"$/,
    );
    expect(lines).toHaveLength(out.rows + 1);
    expect(out.filename).toMatch(/^iicp-ledger-\d{4}-\d{2}-\d{2}\.csv$/);
  });
});

describe("the directory's books", () => {
  it("are read again soon after the node's own awards move, without a Sync now", async () => {
    await h.node.commandHandlers().syncEarnings({});
    const before = h.node.getSnapshot().earnings;
    const taskId = await serve();
    await eventually(
      async () =>
        expect(
          (await h.node.commandHandlers().listLedger({ limit: 50 })).find((r) => r.taskId === taskId)?.receipt,
        ).toBe('awarded'),
      5000,
    );
    // The directory's figures follow the award by themselves: newer, and holding it.
    await eventually(() => {
      const e = h.node.getSnapshot().earnings;
      expect(e.asOf).not.toBe(before.asOf);
      expect(e.balance).toBeGreaterThan(before.balance!);
      expect(e.balance).toBeCloseTo(balanceOf(directory.state, nodeId), 6);
      expect(e.booksBehind).toBe(false);
    }, 10_000);
  });

  it('are read on demand, and kept with their time when the directory is gone', async () => {
    const synced = await h.node.commandHandlers().syncEarnings({});
    expect(synced.earnings.balance).toBeGreaterThan(0);
    expect(synced.earnings.asOf).not.toBeNull();
    expect(synced.earnings.syncError).toBeNull();
    const asOf = synced.earnings.asOf;
    directory.fail({ status: 503, body: { error: 'down' }, routes: ['*'] });
    try {
      const later = await h.node.commandHandlers().syncEarnings({});
      expect(later.earnings.balance).toBe(synced.earnings.balance);
      expect(later.earnings.asOf).toBe(asOf);
      // Every read failed: one sentence for the whole, in plain words (the routes and codes are in the event's
      // details).
      expect(later.earnings.syncError).toBe(
        'Could not read your earnings: the directory has a problem right now; the node will retry by itself.',
      );
    } finally {
      directory.fail(null);
    }
  });
});

describe('the test directory judges receipts as the production directory does', () => {
  async function post(
    body: Record<string, unknown>,
  ): Promise<{ status: number; json: { error?: unknown; awarded?: number } }> {
    const res = await fetch(`${directory.url}/v1/credits/award?node_id=${nodeId}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${h.secrets.get('node_token')}`,
        'X-Node-Id': nodeId,
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as { error?: unknown } };
  }
  const receipt = (over: Partial<Parameters<typeof buildReceipt>[0]> = {}) =>
    buildReceipt({
      nodeId,
      taskId: randomUUID(),
      tokensUsed: 15,
      amount: 0.015,
      result: { ok: true },
      hmacKey: h.secrets.get('node_hmac_key')!,
      now: Date.now(),
      ttlMs: 300_000,
      ...over,
    });
  const codeOf = (json: { error?: unknown }) => JSON.stringify(json.error);

  it('accepts a good receipt once, and refuses its replay (IICP-E027)', async () => {
    const good = receipt();
    expect(await post(good)).toMatchObject({ status: 200, json: { awarded: 0.015 } });
    const again = await post(good);
    expect(again.status).toBe(422);
    expect(codeOf(again.json)).toMatch(/IICP-E027.*replay/);
  });

  it('refuses a tampered receipt (IICP-E027)', async () => {
    const tampered = { ...receipt(), tokens_used: 1500 };
    const r = await post(tampered);
    expect(r.status).toBe(422);
    expect(codeOf(r.json)).toMatch(/IICP-E027/);
  });

  it('refuses an expired receipt', async () => {
    const r = await post(receipt({ now: Date.now() - 3_600_000, ttlMs: 60_000 }));
    expect(r.status).toBe(422);
    expect(codeOf(r.json)).toMatch(/expire/i);
  });

  it('refuses an amount over the ceiling', async () => {
    const r = await post(receipt({ amount: 5 }));
    expect(r.status).toBe(422);
    expect(codeOf(r.json)).toMatch(/ceiling/);
  });
});
