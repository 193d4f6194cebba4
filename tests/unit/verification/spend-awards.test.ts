/**
 * The signed word on what this computer spent: a `CREDIT_AWARD` in the directory's log whose signed payload names
 * this node as the querying node is the record of a request its apps sent through the local gateway. The check keeps
 * the award's sequence number on the request's row, and the spend it names where the directory's books said none;
 * an award with a signature no trusted key made, or naming another payer, changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '@engine/store';
import type { NewSpendRow } from '@engine/store/spend-repo';
import { InlineVerifyRunner } from '@engine/verification/verify-runner';
import { prevHashOf, sha256Hex, signEvent } from '../../support/directory/event-log';
import type { DirectoryEvent } from '../../support/directory/event-types';
import { generateGenesisKey, loadGenesisKey, type GenesisKey } from '../../support/directory/genesis-key';
import { tempDir } from '../../support/tmp';

const NODE = '2f1e3d4c-8a9b-4c5d-9e0f-112233445566';
const NOW = Date.parse('2026-11-21T10:00:00Z');

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function openStore(): Store {
  const t = tempDir();
  const store = Store.open(`${t.dir}/provider.db`);
  cleanups.push(() => {
    store.close();
    t.cleanup();
  });
  return store;
}

const newKey = (): GenesisKey => loadGenesisKey(generateGenesisKey().secretKeyHex)!;
const didOf = (k: GenesisKey) =>
  Buffer.from(
    JSON.stringify({
      verificationMethod: [
        { publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(k.publicKeyHex, 'hex').toString('base64url') } },
      ],
    }),
  );

/** A chain of awards, each signed by `key` (or by `signer` when given) and linked to the one before. */
function awards(
  key: GenesisKey,
  specs: { taskId: string; querying: string | null; spent: number; signer?: GenesisKey }[],
): DirectoryEvent[] {
  let last: string | null = null;
  return specs.map((s, i) => {
    const ev: DirectoryEvent = {
      event_id: randomUUID(),
      event_type: 'CREDIT_AWARD',
      service_id: null,
      seq: i + 1,
      ts_ms: NOW - 60_000 + i,
      node_id: 'far',
      payload: {
        task_id: s.taskId,
        tokens_used: 100,
        amount: '0.1000',
        new_balance: 1,
        response_hash: sha256Hex(s.taskId),
        querying_node_id: s.querying,
        attribution: 'attributed_cross_operator',
        trust_weight: 1,
        spent: s.spent,
      },
      prev_hash: prevHashOf(last),
      sig: null,
    };
    ev.sig = signEvent(s.signer ?? key, ev);
    last = ev.sig;
    return ev;
  });
}

function request(taskId: string, creditsU: number): NewSpendRow {
  return {
    taskId,
    atMs: NOW - 120_000,
    api: 'ollama',
    intent: 'urn:iicp:intent:llm:chat:v1',
    model: 'llama3',
    nodeId: 'far',
    own: false,
    outcome: 'answered',
    code: 'ok',
    tokens: 100,
    creditsU,
    latencyMs: 500,
    attempts: 1,
  };
}

/** Reads one page of `events`; returns how many spent-book rows it marked. */
async function read(
  store: Store,
  key: GenesisKey,
  events: DirectoryEvent[],
  mode: 'incremental' | 'full',
): Promise<number> {
  const runner = new InlineVerifyRunner(
    store.db,
    NODE,
    () => new Date(NOW),
    () => NOW,
  );
  const begun = await runner.begin(mode, didOf(key));
  if ('problem' in begun) throw new Error(begun.problem);
  const page = await runner.page(
    Buffer.from(JSON.stringify({ events, has_more: false, next_seq: events.length })),
    begun.since,
  );
  if ('problem' in page) throw new Error(page.problem);
  await runner.finish(NOW);
  return page.spent;
}

const rows = (store: Store) =>
  store.db.prepare('SELECT task_id, charged_u, spend_event_seq FROM gateway_spend ORDER BY task_id').all();

describe('the signed record of what this node spent', () => {
  it("keeps the award that names this node as the payer on its request's row, with the spend where none was known", async () => {
    const store = openStore();
    const key = newKey();
    store.spend.record(request('gw-1', 150_000));
    store.spend.record(request('gw-2', 150_000));
    store.spend.record(request('gw-3', 150_000));
    store.spend.record(request('gw-4', 150_000));
    store.spend.markCharged('gw-4', 155_000);
    const events = awards(key, [
      { taskId: 'gw-1', querying: NODE, spent: 0.16 },
      { taskId: 'gw-2', querying: 'another-node', spent: 0.16 },
      { taskId: 'gw-3', querying: NODE, spent: 0.16, signer: newKey() },
      { taskId: 'gw-4', querying: NODE, spent: 0.15 },
      { taskId: 'not-ours', querying: NODE, spent: 0.5 },
    ]);
    // The page says it marked rows: the gateway's running sums of the book, on another connection, are summed again.
    expect(await read(store, key, events, 'incremental')).toBe(2);
    expect(rows(store)).toEqual([
      { task_id: 'gw-1', charged_u: 160_000, spend_event_seq: 1 },
      { task_id: 'gw-2', charged_u: null, spend_event_seq: null },
      { task_id: 'gw-3', charged_u: null, spend_event_seq: null },
      { task_id: 'gw-4', charged_u: 155_000, spend_event_seq: 4 },
    ]);
    // A full re-read finds the same awards again and keeps what it had.
    await read(store, key, events, 'full');
    expect(rows(store)).toEqual([
      { task_id: 'gw-1', charged_u: 160_000, spend_event_seq: 1 },
      { task_id: 'gw-2', charged_u: null, spend_event_seq: null },
      { task_id: 'gw-3', charged_u: null, spend_event_seq: null },
      { task_id: 'gw-4', charged_u: 155_000, spend_event_seq: 4 },
    ]);
  });
});
