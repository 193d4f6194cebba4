/**
 * A finished task made into its ledger row: a rejected task (never admitted) and a task finishing after the stop are
 * not recorded; a served task with tokens and a result hash gets a receipt only while the node holds its HMAC key.
 */
import { describe, expect, it, vi } from 'vitest';
import { TaskRecorder } from '@engine/earnings/task-recorder';
import type { LedgerWriter } from '@engine/earnings/ledger-writer';
import type { ReplayRecords } from '@engine/earnings/replay-records';
import type { FinishedTask } from '@engine/server';

const T0 = Date.parse('2026-11-25T10:00:00Z');

function setup(key: string | null) {
  const record = vi.fn<(row: unknown, receipt: unknown, alone?: boolean) => undefined>();
  const note = vi.fn();
  const recorder = new TaskRecorder({
    nodeId: 'node-1',
    hmacKey: () => key,
    writer: { record } as unknown as LedgerWriter,
    replay: { note } as unknown as ReplayRecords,
    multiplier: () => 1,
    now: () => T0,
    receiptTtlMs: 60_000,
  });
  return { recorder, record, note };
}

const task = (o: Partial<FinishedTask> = {}): FinishedTask => ({
  taskId: 'task-1',
  intent: 'chat',
  model: 'm',
  qos: 'standard',
  outcome: 'ok',
  httpStatus: 200,
  latencyMs: 12.4,
  tokensUsed: 100,
  responseHash: 'a'.repeat(64),
  nonce: 'n-1',
  ...o,
});

describe('task recorder', () => {
  it('a served task with tokens gets its row and a receipt expiring after the TTL', () => {
    const { recorder, record, note } = setup('k'.repeat(64));
    recorder.record(task());
    expect(note).toHaveBeenCalledWith(
      expect.objectContaining({ taskId: 'task-1', ts: T0, latencyMs: 12, nonce: 'n-1' }),
    );
    const [row, receipt] = record.mock.calls[0] as [unknown, { amount: number; expiresAt: number } | null];
    expect(row).toMatchObject({ taskId: 'task-1', tokens: 100 });
    expect(receipt).toMatchObject({ expiresAt: T0 + 60_000 });
    expect(receipt!.amount).toBeGreaterThan(0);
  });

  it('without the HMAC key, or without a result hash, the row goes in with no receipt', () => {
    const { recorder, record } = setup(null);
    recorder.record(task());
    expect(record.mock.calls[0]![1]).toBeNull();
    const keyed = setup('k'.repeat(64));
    keyed.recorder.record(task({ responseHash: null }));
    expect(keyed.record.mock.calls[0]![1]).toBeNull();
  });

  it('a rejected task, or one finishing after the stop, is not recorded', () => {
    const { recorder, record, note } = setup('k'.repeat(64));
    recorder.record(task({ outcome: 'rejected' }));
    recorder.stop();
    recorder.record(task());
    expect(record).not.toHaveBeenCalled();
    expect(note).not.toHaveBeenCalled();
  });
});
