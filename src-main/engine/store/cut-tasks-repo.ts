import type { Db } from './database';

/**
 * The tasks cut after part of their answer had left the node (`cut_tasks`, migration 19): no ledger row, since they
 * earned nothing and did not fail, but their ids are taken for good and their nonces for the replay window, across
 * restarts. Committed on the engine's connection as each is cut (a stream cut part-way: a few a second at most, each
 * one a task that held a slot; no journal, no thread).
 */
export class CutTasksRepository {
  private readonly insert;
  private readonly taskRow;
  private readonly nonceSince;
  private readonly idsAfter;
  private readonly noncesFrom;

  constructor(db: Db) {
    // A task is cut once; a second note of it (it cannot happen: the replay guard holds its id) changes nothing.
    this.insert = db.prepare('INSERT OR IGNORE INTO cut_tasks (task_id, ts, nonce) VALUES (?, ?, ?)');
    this.taskRow = db.prepare('SELECT 1 FROM cut_tasks WHERE task_id = ?').pluck();
    this.nonceSince = db
      .prepare('SELECT 1 FROM cut_tasks INDEXED BY cut_tasks_ts WHERE ts >= ? AND nonce = ? LIMIT 1')
      .pluck();
    this.idsAfter = db
      .prepare<[string, number], string>('SELECT task_id FROM cut_tasks WHERE task_id > ? ORDER BY task_id LIMIT ?')
      .pluck();
    // The ts index of a table without rowid holds the task id too: (ts, task_id) is its order.
    this.noncesFrom = db.prepare<[number, string, number], { ts: number; taskId: string; nonce: string }>(
      'SELECT ts, task_id AS taskId, nonce FROM cut_tasks INDEXED BY cut_tasks_ts WHERE (ts, task_id) > (?, ?) AND nonce IS NOT NULL ORDER BY ts, task_id LIMIT ?',
    );
  }

  /** A task cut at `ts`, with its nonce if it had one. */
  note(taskId: string, ts: number, nonce: string | null): void {
    this.insert.run(taskId, ts, nonce);
  }

  hasTask(taskId: string): boolean {
    return this.taskRow.get(taskId) !== undefined;
  }

  /** Whether a task cut since `sinceMs` carried this nonce. */
  hasNonce(nonce: string, sinceMs: number): boolean {
    return this.nonceSince.get(sinceMs, nonce) !== undefined;
  }

  /** Task ids after `after` in key order (the replay filter is seeded in chunks, as from the ledger). */
  taskIdsAfter(after: string, limit: number): string[] {
    return this.idsAfter.all(after, limit);
  }

  /** Nonces of tasks cut after (`ts`, `taskId`) in time order (the last 300 s after a restart), in chunks. */
  noncesAfter(ts: number, taskId: string, limit: number): { ts: number; taskId: string; nonce: string }[] {
    return this.noncesFrom.all(ts, taskId, limit);
  }
}
