/**
 * When a machine's trouble is told. "Down" is told at once, the first time (two missed looks, as machine-verdict.ts
 * judges): a real outage is never held back. "Back" waits until the machine has answered for the settling time, so a
 * machine whose network flaps is one "down" and, once it has settled, one "back" that says how often it went down —
 * not a notice and a push for every flap. While the person has been told "down" and not yet "back", another fall is
 * counted, never told again: they already know it is in trouble. Why these numbers: decision record 0013.
 */
import type { MachineState } from '@shared/contract';
import type { MachineOutage } from '@shared/words/fleet-words';

/**
 * Looks in a row a machine must answer again before its "back" is told (the Machines page shows it up at once): five
 * minutes at the directory's heartbeat interval of 30 s, as "down" is two missed looks.
 */
export const SETTLE_LOOKS = 10;

/** One outage from the first "down" told: how often it went down, and since when it answers (null: down now). */
export interface Episode {
  since: number;
  downs: number;
  upSince: number | null;
}

/** What is kept of a machine's alert between looks and across restarts. */
export interface AlertState {
  /** A "down" was told and no "back" yet. */
  alerted: boolean;
  /** Since when it is down now, while it is. */
  alertSince: number | null;
  episode: Episode | null;
}

export type Tell = { kind: 'machine_down' } | { kind: 'machine_back'; outage: MachineOutage };

/** Moves `s` on by the state a look found; what to tell now, if anything. */
export function foldAlert(
  s: AlertState,
  state: MachineState,
  heardNow: boolean,
  now: number,
  settleMs: number,
): Tell | null {
  if (state === 'down') {
    if (!s.alerted) {
      s.alerted = true;
      s.alertSince = now;
      s.episode = { since: now, downs: 1, upSince: null };
      return { kind: 'machine_down' };
    }
    const e = (s.episode ??= { since: s.alertSince ?? now, downs: 1, upSince: null });
    if (e.upSince !== null) {
      // Down again before it settled: one more fall of the same outage, not news.
      e.downs += 1;
      e.upSince = null;
      s.alertSince = now;
    }
    return null;
  }
  s.alertSince = null;
  if (!heardNow || !s.alerted) return null;
  const e = (s.episode ??= { since: now, downs: 1, upSince: null });
  e.upSince ??= now;
  if (now - e.upSince < settleMs) return null;
  s.alerted = false;
  s.episode = null;
  return { kind: 'machine_back', outage: { downs: e.downs, spanMs: e.upSince - e.since, upMs: now - e.upSince } };
}
