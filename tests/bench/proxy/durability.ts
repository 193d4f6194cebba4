/**
 * The proxy bench's proof that speed was not bought with durability: every task a node answered 200 must be in its
 * ledger after the node was killed with SIGKILL (no flush, no close), and on the registered node each with its
 * receipt claimed. Checked task id by task id against what the load generator was answered.
 */
import { join } from 'node:path';
import { Store } from '../../../src-main/engine/store';

export interface DurabilityResult {
  answered: number;
  rows: number;
  /** Answered tasks without a ledger row. */
  missing: number;
  /** Answered tasks whose row claims no receipt (on a node that claims one for every task). */
  withoutReceipt: number;
  pass: boolean;
}

/** The task id of a bench task body (`{"task_id":"<uuid>",…}`, as run.ts writes it). */
export function taskIdOf(body: string): string {
  return body.slice(12, 48);
}

/** Reads the killed node's ledger and checks every answered task id against it. */
export function checkLedger(
  dataDir: string,
  answered: ReadonlySet<string>,
  receiptsExpected: boolean,
): DurabilityResult {
  // Opened as the next start opens it: the WAL and the ledger's journal are replayed.
  const store = Store.open(join(dataDir, 'provider.db'));
  const db = store.db;
  try {
    const missing = new Set(answered);
    let rows = 0;
    let withoutReceipt = 0;
    for (const r of db.prepare('SELECT task_id AS id, receipt FROM ledger').iterate() as Iterable<{
      id: string;
      receipt: string;
    }>) {
      rows += 1;
      if (!missing.delete(r.id)) continue;
      if (receiptsExpected && r.receipt === 'none') withoutReceipt += 1;
    }
    return {
      answered: answered.size,
      rows,
      missing: missing.size,
      withoutReceipt,
      pass: missing.size === 0 && withoutReceipt === 0,
    };
  } finally {
    store.close();
  }
}
