import type { NewLedgerRow } from '@engine/store/ledger-repo';

/**
 * A factory of ledger rows for store and earnings tests: a plain successful chat task at `ts`, with task ids
 * `task-1`, `task-2`, … counted per factory; `over` changes any field.
 */
export function ledgerRows(ts: number): (over?: Partial<NewLedgerRow>) => NewLedgerRow {
  let seq = 0;
  return (over = {}) => ({
    taskId: `task-${++seq}`,
    ts,
    intent: 'urn:iicp:intent:llm:chat:v1',
    model: 'llama3',
    outcome: 'ok',
    tokens: 10,
    latencyMs: 5,
    ...over,
  });
}
