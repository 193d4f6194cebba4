/**
 * One machine as the Machines page shows it: its state in words, what it serves, its slots, reputation and day, its
 * availability now by its own schedule, and where each figure comes from and how old it is.
 */
import type { FleetMachine } from '@shared/contract';
import { machineStateWords } from '@shared/words/fleet-words';
import { nextChange, shareAt } from '../availability';
import type { MachineRef } from '../identity';
import type { Seen, SelfFacts } from './fleet-types';
import type { MachineStatus } from './machine-status';

const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);

/** This computer, from the node's own figures. */
export function selfView(m: MachineRef, f: SelfFacts, now: number): FleetMachine {
  const paused = !f.switchedOn;
  const window = windowNow(f, now);
  return {
    nodeId: m.nodeId,
    name: m.name,
    self: true,
    state: paused ? 'paused' : 'online',
    words: machineStateWords(paused ? 'paused' : 'online', {
      self: true,
      insideWindow: window.inside,
      heardDirectly: true,
    }),
    lastSeen: new Date(now).toISOString(),
    models: f.models,
    slots: f.slots,
    reputation: f.reputation,
    today: f.today,
    window,
    ownerFirst: f.ownerFirst,
    alertSince: null,
    sources: {
      directory: { at: iso(f.lastHeartbeatAt), problem: null },
      machine: { at: new Date(now).toISOString(), problem: null },
    },
  };
}

/**
 * Another machine, from what its looks found (nothing yet: not heard). `settleMs`: how long a machine told down must
 * answer again before its "back" is told.
 */
export function machineView(m: MachineRef, s: Seen | undefined, now: number, settleMs: number): FleetMachine {
  const st = s?.looks.status ?? null;
  const state = s?.state ?? 'unknown';
  const lastSeen = Math.max(s?.machineAt ?? 0, s?.view?.lastSeen ?? 0) || null;
  const window = st ? windowNow(st, now) : null;
  // One source per figure: the machine's own count when it answered at this look, the directory's otherwise; a
  // machine not heard has no slots and no owner-first state now, whatever it said last.
  const heard = state === 'online' || (state === 'paused' && s?.looks.answered === true);
  const busy = !heard ? null : s?.looks.answered && st ? st.slots.busy : (s?.view?.activeJobs ?? null);
  return {
    nodeId: m.nodeId,
    name: m.name,
    self: false,
    state,
    words: machineStateWords(state, {
      self: false,
      insideWindow: window?.inside ?? null,
      heardDirectly: s?.looks.answered ?? false,
      // Without windows its schedule keeps it on all the time: "down" then cannot lean on windows it does not have.
      ...(st ? { hasWindows: st.schedule.windows.length > 0 } : {}),
      settlingMs: s?.alerted && state === 'online' ? settleMs : undefined,
    }),
    lastSeen: iso(lastSeen),
    models: s?.view?.models.length ? s.view.models : (st?.models ?? []),
    slots: busy === null ? null : { busy, total: st?.slots.total ?? null },
    reputation: s?.view?.reputation ?? null,
    today: st?.today ?? null,
    window,
    ownerFirst: heard ? (st?.ownerFirst ?? null) : null,
    alertSince: iso(s?.alertSince),
    sources: {
      directory: { at: iso(s?.directoryAt), problem: s?.directoryProblem ?? null },
      machine: { at: iso(s?.machineAt), problem: s?.machineProblem ?? null },
    },
  };
}

/** A machine's availability now by its own schedule and switch. */
export function windowNow(
  f: Pick<MachineStatus, 'schedule' | 'switchedOn'>,
  now: number,
): NonNullable<FleetMachine['window']> {
  const at = shareAt(f.schedule, now);
  const next = nextChange(f.schedule, now);
  const w = at.window === null ? null : f.schedule.windows[at.window];
  return {
    inside: at.share > 0,
    switchedOn: f.switchedOn,
    inForce: w ?? null,
    nextChangeAt: next === null ? null : new Date(next).toISOString(),
    timeZone: f.schedule.timeZone,
  };
}
