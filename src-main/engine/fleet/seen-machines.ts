/**
 * What was seen of each other machine, kept in the database: restored at start without what an earlier run said of
 * whether a machine answers, and written again after each change, so a restart neither forgets a machine's schedule,
 * takes an older status, nor repeats an alert.
 */
import { FLEET_MAX_MACHINES, type EventLevel } from '@shared/contract';
import type { EngineEventName } from '@shared/words/event-words';
import { blankSeen, type FleetShelf, type Seen } from './fleet-types';
import type { MachineStatus } from './machine-status';

const SHELF_KEY = 'fleet.seen';
const isRecord = (v: unknown): v is Record<string, Seen> => typeof v === 'object' && v !== null && !Array.isArray(v);

export type FleetLog = (level: EventLevel, event: EngineEventName, details: string) => void;

export class SeenMachines {
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly shelf: FleetShelf,
    private readonly log: FleetLog,
  ) {}

  /** Takes back what an earlier run kept. */
  restore(): void {
    const kept = this.shelf.get(SHELF_KEY, {}, isRecord);
    for (const [id, s] of Object.entries(kept).slice(0, FLEET_MAX_MACHINES)) {
      if (!s || typeof s !== 'object' || !s.looks) continue;
      // What a machine did in an earlier run says nothing of whether it answers now, nor for how long it has.
      const episode = s.episode ? { ...s.episode, upSince: null } : null;
      this.seen.set(id, {
        ...s,
        seq: s.seq ?? null,
        episode,
        looks: {
          ...s.looks,
          answered: false,
          misses: 0,
          askedDirectly: false,
          directoryAnswered: false,
          // A goodbye stands across this computer's restarts, until the machine answers again; none kept before.
          saidGoodbye: s.looks.saidGoodbye === true,
        },
      });
    }
  }

  get(nodeId: string): Seen | undefined {
    return this.seen.get(nodeId);
  }

  /** What was seen of a machine, or what is known of one never looked at. */
  orBlank(nodeId: string): Seen {
    return this.seen.get(nodeId) ?? blankSeen();
  }

  set(nodeId: string, s: Seen): void {
    this.seen.set(nodeId, s);
  }

  delete(nodeId: string): void {
    this.seen.delete(nodeId);
  }

  /** Keeps what was seen of each machine in the database. */
  keep(): void {
    savingLogged(this.log, () => this.shelf.set(SHELF_KEY, Object.fromEntries(this.seen)));
  }
}

/** Whether `status` is newer than the newest seen of its machine (anything else is a recording played back). */
export function newer(s: Seen, status: MachineStatus): boolean {
  return s.seq === null || status.seq > s.seq;
}

/** Runs a write of the fleet's; a failure is logged (the next look tries again). */
export function savingLogged(log: FleetLog, write: () => void): void {
  try {
    write();
  } catch (err) {
    log('warn', 'fleet_save_failed', err instanceof Error ? err.message : String(err));
  }
}
