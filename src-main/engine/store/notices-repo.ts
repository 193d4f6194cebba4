import type { Db } from './database';

/** One notice as stored (migration 14); `subject` tells apart notices of one kind about different things (machines). */
export interface StoredNotice {
  id: string;
  at: string;
  kind: string;
  subject: string;
  title: string;
  body: string;
  route: string;
  resolvedAt: string | null;
  dismissed: boolean;
}

interface Row {
  seq: number;
  id: string;
  at: string;
  kind: string;
  subject: string;
  title: string;
  body: string;
  route: string;
  resolved_at: string | null;
  dismissed: number;
}

/**
 * The notices table: a new notice and what it resolves in one transaction, with the oldest rows beyond `keep` pruned in
 * the same one, so the table never grows past a few dozen rows. What the rows mean is the notices room's business.
 */
export class NoticeRepository {
  private readonly insertRow;
  private readonly resolveRow;
  private readonly dismissRow;
  private readonly prune;
  private readonly newest;

  constructor(private readonly db: Db) {
    this.insertRow = db.prepare(
      'INSERT OR IGNORE INTO notices (id, at, kind, subject, title, body, route, resolved_at, dismissed) VALUES (@id, @at, @kind, @subject, @title, @body, @route, @resolvedAt, @dismissed)',
    );
    this.resolveRow = db.prepare<[string, string]>(
      'UPDATE notices SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL',
    );
    this.dismissRow = db.prepare<[string]>('UPDATE notices SET dismissed = 1 WHERE id = ?');
    this.prune = db.prepare<[number]>(
      'DELETE FROM notices WHERE seq <= (SELECT seq FROM notices ORDER BY seq DESC LIMIT 1 OFFSET ?)',
    );
    this.newest = db.prepare<[number], Row>(
      'SELECT seq, id, at, kind, subject, title, body, route, resolved_at, dismissed FROM notices ORDER BY seq DESC LIMIT ?',
    );
  }

  /**
   * Stores `notice`, marks the notices it resolves (at its time) and those it replaces (taken off the list, as if
   * dismissed), and keeps only the newest `keep` rows.
   */
  add(
    notice: StoredNotice,
    resolves: readonly string[],
    resolvedAt: string,
    keep: number,
    replaces: readonly string[] = [],
  ): void {
    this.db.transaction(() => {
      this.insertRow.run({ ...notice, dismissed: notice.dismissed ? 1 : 0 });
      for (const id of resolves) this.resolveRow.run(resolvedAt, id);
      for (const id of replaces) this.dismissRow.run(id);
      this.prune.run(keep);
    })();
  }

  /** Marks a notice dismissed; false when there is no such row. */
  dismiss(id: string): boolean {
    return this.dismissRow.run(id).changes > 0;
  }

  /** The newest `limit` rows, newest first. */
  list(limit: number): StoredNotice[] {
    return this.newest.all(limit).map((r) => ({
      id: r.id,
      at: r.at,
      kind: r.kind,
      subject: r.subject,
      title: r.title,
      body: r.body,
      route: r.route,
      resolvedAt: r.resolved_at,
      dismissed: r.dismissed === 1,
    }));
  }
}
