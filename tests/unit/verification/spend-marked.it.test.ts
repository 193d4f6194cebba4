/**
 * The gateway keeps running sums of the spent book on the event loop's connection, while the signed-log check writes
 * the directory's signed word on a spend from a thread of its own, on another connection. A page that gave a row that
 * word makes the sums be taken again: today's spending then counts what the award says was spent, not the bound the
 * gateway booked. Against the test directory's signed log (real Ed25519) and the verifier's thread.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpendTotals } from '@engine/gateway/spending/spend-totals';
import { generateGenesisKey, startTestDirectory, type TestDirectory } from '../../support/directory';
import { tempDir } from '../../support/tmp';
import { openVerifyHarness } from '../../support/verify-harness';

const nodeId = randomUUID();
const data = tempDir('iicp-spend-marked-');
let directory: TestDirectory;

beforeAll(async () => {
  directory = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: false,
    genesisEd25519SecretKey: generateGenesisKey().secretKeyHex,
  });
});

afterAll(async () => {
  await directory?.close();
  data.cleanup();
});

describe('a spend the signed log confirms on the check’s thread', () => {
  it('is counted by the running sums of the spent book at what the award says, not at the booked bound', async () => {
    const h = openVerifyHarness(join(data.dir, 'iicp.db'), nodeId, directory.url);
    try {
      const atMs = Date.now() - 60_000;
      h.store.spend.record({
        taskId: 'gw-1',
        atMs,
        api: 'openai',
        intent: 'urn:iicp:intent:llm:chat:v1',
        model: 'llama3',
        nodeId: 'far',
        own: false,
        outcome: 'answered',
        code: 'ok',
        tokens: 100,
        creditsU: 150_000,
        latencyMs: 500,
        attempts: 1,
      });
      const spend = h.store.spend;
      const totals = new SpendTotals({
        record: (entries) => spend.recordAll(entries),
        recent: (limit) => spend.recent(limit),
        spentBetweenMicro: (from, to) => spend.spentBetweenU(from, to),
        byApp: (from, to) => spend.byApp(from, to),
        version: () => spend.version,
      });
      const since = atMs - 1000;
      expect(totals.since(since, Date.now())).toBe(150_000);
      directory.events.append({
        type: 'CREDIT_AWARD',
        nodeId: 'far',
        payload: {
          task_id: 'gw-1',
          tokens_used: 100,
          amount: 0.06,
          new_balance: 1,
          response_hash: 'ab'.repeat(32),
          cip_parent_task_id: null,
          cip_session_key: null,
          querying_node_id: nodeId,
          attribution: 'attributed_cross_operator',
          trust_weight: 1,
          spent: 0.06,
        },
      });
      await h.pass();
      expect(totals.since(since, Date.now())).toBe(60_000);
    } finally {
      h.close();
    }
  });
});
