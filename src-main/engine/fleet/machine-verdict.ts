/**
 * Whether a machine of the operator is up, and if not, whether that is what its owner meant. A machine is heard when
 * it answered itself at the last look, or (when it never could be asked directly) when the directory heard its
 * heartbeat lately. A machine that answered before needs two missed looks in a row to count as not heard, so one lost
 * packet is not news. Not heard is judged by what the machine last said of itself: switched off, or outside its
 * windows, is a planned sleep; inside them it is down. A machine that said goodbye as its node stopped (fleet-wire.ts)
 * is not heard from then on, and is stopped by its owner rather than down, until it answers again.
 */
import type { MachineState } from '@shared/contract';
import { shareAt } from '../availability';
import type { MachineStatus } from './machine-status';

/** What one machine's looks found, kept between looks. */
export interface MachineLooks {
  /** It answered itself at the last look. */
  answered: boolean;
  /** Looks in a row it did not answer, since it last did. */
  misses: number;
  /** It answered at least once in this run: its own silence then says something. */
  askedDirectly: boolean;
  /** The directory's last word: found with its last heartbeat (ms), or not found; null when never read. */
  directory: { found: boolean; lastSeen: number | null } | null;
  /** The directory answered at the last look (when it did not, nothing new is concluded). */
  directoryAnswered: boolean;
  status: MachineStatus | null;
  /** It said goodbye as its node stopped, and has given no newer status since (absent: it did not). */
  saidGoodbye?: boolean;
}

/** Heard, not heard, or nothing new to conclude. */
export function heard(l: MachineLooks, intervalMs: number, now: number): boolean | null {
  if (l.answered) return true;
  // A goodbye is newer than any heartbeat the directory still remembers.
  if (l.saidGoodbye) return false;
  if (l.askedDirectly) return l.misses >= 2 ? false : null;
  if (!l.directoryAnswered || l.directory === null) return null;
  const fresh =
    l.directory.found && l.directory.lastSeen !== null && now - l.directory.lastSeen <= 2 * intervalMs + 5_000;
  return fresh;
}

/** Whether a machine's own schedule and switch say it should be on at `at`; null when unknown. */
export function meantToBeOn(status: MachineStatus | null, at: number): boolean | null {
  if (status === null) return null;
  if (!status.switchedOn && (status.pausedUntil === null || status.pausedUntil > at)) return false;
  return shareAt(status.schedule, at).share > 0;
}

/** The machine's state now, from its looks; `previous` stands when there is nothing new to conclude. */
export function machineState(l: MachineLooks, previous: MachineState, intervalMs: number, now: number): MachineState {
  const h = heard(l, intervalMs, now);
  if (h === null) return previous;
  const paused =
    l.status !== null && !l.status.switchedOn && (l.status.pausedUntil === null || l.status.pausedUntil > now);
  if (h) return paused ? 'paused' : 'online';
  if (paused) return 'paused';
  const on = meantToBeOn(l.status, now);
  if (on === false) return 'asleep';
  // Quit on purpose while meant to be on (or with its schedule unknown): as its owner meant, not down.
  if (l.saidGoodbye) return 'stopped';
  return on === null ? 'unknown' : 'down';
}
