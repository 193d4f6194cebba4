import { AvailabilityWindowSchema, type AvailabilitySchedule } from '@shared/contract';
import type { Clock } from './clock';
import type { Db } from './database';

interface ScheduleRow {
  time_zone: string;
  outside_share: number;
}
interface WindowRow {
  days: string;
  start_time: string;
  end_time: string;
  share: number;
}

/**
 * The weekly availability schedule. Saved as a whole in one transaction, so a crash leaves the old schedule or
 * the new one, never a mix; rows that do not parse (a hand-edited database) are skipped and reported.
 */
export class ScheduleRepository {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** The stored schedule, or `fallback` (no windows, the system's zone) when none was ever saved. */
  load(fallback: AvailabilitySchedule): { schedule: AvailabilitySchedule; skippedWindows: number } {
    const head = this.db.prepare('SELECT time_zone, outside_share FROM availability_schedule WHERE id = 1').get() as
      ScheduleRow | undefined;
    if (!head) return { schedule: fallback, skippedWindows: 0 };
    const rows = this.db
      .prepare('SELECT days, start_time, end_time, share FROM availability_windows ORDER BY position')
      .all() as WindowRow[];
    let skipped = 0;
    const windows: AvailabilitySchedule['windows'] = [];
    for (const r of rows) {
      let days: unknown;
      try {
        days = JSON.parse(r.days);
      } catch {
        days = null;
      }
      const parsed = AvailabilityWindowSchema.safeParse({ days, start: r.start_time, end: r.end_time, share: r.share });
      if (parsed.success) windows.push(parsed.data);
      else skipped += 1;
    }
    return {
      schedule: { timeZone: head.time_zone, outsideShare: head.outside_share, windows },
      skippedWindows: skipped,
    };
  }

  save(s: AvailabilitySchedule): void {
    const now = this.clock().toISOString();
    this.db
      .transaction(() => {
        this.db
          .prepare(
            `INSERT INTO availability_schedule (id, time_zone, outside_share, updated_at) VALUES (1, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET time_zone = excluded.time_zone, outside_share = excluded.outside_share, updated_at = excluded.updated_at`,
          )
          .run(s.timeZone, s.outsideShare, now);
        this.db.prepare('DELETE FROM availability_windows').run();
        const insert = this.db.prepare(
          'INSERT INTO availability_windows (position, days, start_time, end_time, share) VALUES (?, ?, ?, ?, ?)',
        );
        s.windows.forEach((w, i) =>
          insert.run(i, JSON.stringify([...w.days].sort((a, b) => a - b)), w.start, w.end, w.share),
        );
      })
      .immediate();
  }
}
