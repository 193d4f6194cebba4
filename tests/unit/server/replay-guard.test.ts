/**
 * Nonce replay and duplicate task ids (src-main/engine/server/replay-guard.ts): exact, bounded in memory, and backed by
 * the durable records, so neither time, other traffic nor a restart lets a task run twice.
 */
import { describe, expect, it } from 'vitest';
import { ReplayGuard, type TaskRecords } from '@engine/server/replay-guard';
import type { TaskMeta } from '@engine/server/task-codec';

/** Durable records as a map the test fills, standing in for the ledger; a cut task is noted at `now()`. */
function records(now: () => number = Date.now): TaskRecords & { tasks: Set<string>; nonces: Map<string, number> } {
  const tasks = new Set<string>();
  const nonces = new Map<string, number>();
  return {
    tasks,
    nonces,
    hasTask: (id) => tasks.has(id),
    hasNonce: (n, since) => (nonces.get(n) ?? -1) >= since,
    noteCut: (id, n) => {
      tasks.add(id);
      if (n) nonces.set(n, now());
    },
  };
}
const meta = (taskId: string, nonce?: string): TaskMeta => ({
  taskId,
  intent: 'i',
  qos: 'best_effort',
  timeoutMs: 1000,
  ...(nonce ? { nonce } : {}),
});

describe('replay guard', () => {
  it('holds a running task: the same id again is a duplicate, the same nonce a replay', () => {
    const g = new ReplayGuard(records());
    expect(g.admit(meta('t1', 'n1'), 'body')).toBeNull();
    expect(g.admit(meta('t1'), 'body')).toEqual({ kind: 'duplicate' });
    expect(g.admit(meta('t2', 'n1'), 'other')).toEqual({ kind: 'nonce_replayed' });
  });

  it('gives the kept answer to an exact duplicate and 409 to a different body under the same id', () => {
    const g = new ReplayGuard(records());
    g.admit(meta('t1'), 'body');
    g.answered(meta('t1'), 200, '{"ok":1}');
    expect(g.admit(meta('t1'), 'body')).toEqual({ kind: 'replay', status: 200, body: '{"ok":1}' });
    expect(g.admit(meta('t1'), 'changed')).toEqual({ kind: 'duplicate' });
  });

  it('asks the durable records for everything not in memory: an id or a recent nonce there is refused', () => {
    const r = records();
    r.tasks.add('old-task');
    r.nonces.set('old-nonce', 1_000);
    let now = 1_000;
    const g = new ReplayGuard(r, () => now);
    expect(g.admit(meta('old-task'), 'x')).toEqual({ kind: 'duplicate' });
    expect(g.admit(meta('new-task', 'old-nonce'), 'x')).toEqual({ kind: 'nonce_replayed' });
    now += 300_001; // the nonce window is 300 s
    expect(g.admit(meta('new-task', 'old-nonce'), 'x')).toBeNull();
  });

  it('forgets an abandoned task (the consumer went away): the id may come again', () => {
    const g = new ReplayGuard(records());
    g.admit(meta('t1', 'n1'), 'body');
    g.abandoned(meta('t1', 'n1'));
    expect(g.admit(meta('t1', 'n1'), 'body')).toBeNull();
    expect(g.runningCount).toBe(1);
  });

  it('never lets a task cut after its answer began come again: its id is a duplicate, its nonce a replay, both recorded', () => {
    let now = 1_000_000;
    const r = records(() => now);
    const g = new ReplayGuard(r, () => now);
    g.admit(meta('t1', 'n1'), 'body');
    g.cut(meta('t1', 'n1'));
    expect(g.runningCount).toBe(0);
    // Recorded where a restart finds it (the records), not only in this guard's memory.
    expect(r.tasks.has('t1')).toBe(true);
    expect(r.nonces.get('n1')).toBe(now);
    expect(g.admit(meta('t1', 'n1'), 'body')).toEqual({ kind: 'nonce_replayed' });
    expect(g.admit(meta('t1'), 'body')).toEqual({ kind: 'duplicate' });
    expect(g.admit(meta('t2', 'n1'), 'body')).toEqual({ kind: 'nonce_replayed' });
    now += 300_001;
    // The nonce is free after its window; the task id never is.
    expect(g.admit(meta('t3', 'n1'), 'body')).toBeNull();
    expect(g.admit(meta('t1'), 'body')).toEqual({ kind: 'duplicate' });
    expect(new ReplayGuard(r, () => now).admit(meta('t1'), 'body')).toEqual({ kind: 'duplicate' });
  });

  it('lets a task go that ended unanswered with nothing of its answer out, and spends one whose answer began', () => {
    const r = records();
    const g = new ReplayGuard(r);
    g.admit(meta('whole'), 'body');
    g.letGo(meta('whole'), false);
    expect(r.tasks.has('whole')).toBe(false);
    expect(g.admit(meta('whole'), 'body')).toBeNull();
    g.admit(meta('begun'), 'body');
    g.letGo(meta('begun'), true);
    expect(r.tasks.has('begun')).toBe(true);
    expect(g.admit(meta('begun'), 'body')).toEqual({ kind: 'duplicate' });
  });

  it('keeps answers within 16 MiB, oldest forgotten first, and none over 256 KiB; forgotten ones are 409 by the records', () => {
    const r = records();
    const g = new ReplayGuard(r);
    const big = 'x'.repeat(200 * 1024);
    for (let i = 0; i < 100; i++) {
      g.admit(meta(`t${i}`), 'b');
      g.answered(meta(`t${i}`), 200, big);
      r.tasks.add(`t${i}`); // the ledger has its row
    }
    expect(g.admit(meta('t0'), 'b')).toEqual({ kind: 'duplicate' }); // pushed out of the budget
    expect(g.admit(meta('t99'), 'b')).toMatchObject({ kind: 'replay' });
    g.admit(meta('huge'), 'b');
    g.answered(meta('huge'), 200, 'y'.repeat(300 * 1024));
    r.tasks.add('huge');
    expect(g.admit(meta('huge'), 'b')).toEqual({ kind: 'duplicate' });
  });
});
