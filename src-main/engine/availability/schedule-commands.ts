/**
 * The weekly schedule's commands: read it, replace it (applied at once), and preview a draft's hours. They live with
 * the schedule, not in the node's centre: the node only says whether it runs and derives its state again after a
 * save.
 */
import type { AvailabilityPreview, AvailabilitySchedule } from '@shared/contract';
import type { CommandBindings, CommandGate } from '@shared/contract/dispatch';
import { ContractError } from '@shared/contract/errors';
import { said } from '@shared/i18n/said';
import type { AvailabilityController } from './controller';

export interface ScheduleSources {
  /** The running node's controller, or null while the node is not running (no store open). */
  availability(): AvailabilityController | null;
  /** A new schedule was saved: the node derives its running state again and publishes it. */
  scheduleChanged(): void;
}

export class ScheduleCommands {
  constructor(private readonly o: ScheduleSources) {}

  getSchedule(): AvailabilitySchedule {
    return this.require().current;
  }

  /** Replaces the weekly schedule and applies it at once (a window closing "now" takes effect now). */
  updateSchedule(schedule: AvailabilitySchedule): AvailabilitySchedule {
    const saved = this.require().update(schedule);
    this.o.scheduleChanged();
    return saved;
  }

  previewAvailability(draft: AvailabilitySchedule | undefined, hours: number): AvailabilityPreview {
    return this.require().preview(draft, hours);
  }

  private require(): AvailabilityController {
    const availability = this.o.availability();
    if (!availability) throw new ContractError('engine_unavailable', said('refusal.node.notRunning'));
    return availability;
  }
}

type ScheduleCommandNames = 'getSchedule' | 'updateSchedule' | 'previewAvailability';

/** A saved schedule is answered only once it is on the disk (`gate.saved`). */
export function scheduleCommands(gate: CommandGate, t: ScheduleCommands): CommandBindings<ScheduleCommandNames> {
  return {
    getSchedule: () => t.getSchedule(),
    updateSchedule: (r) => gate.saved(t.updateSchedule(r)),
    previewAvailability: (r) => t.previewAvailability(r.schedule, r.hours),
  };
}
