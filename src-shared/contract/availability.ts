/** When the node is offered: the weekly schedule, the conditions, and the policy's verdict now. */
import { z } from 'zod';
import type { CommandName } from './channels';
import type { ErrorCode } from './errors';
import { Empty } from './schema-parts';

/** Why nothing is offered right now: the switch, the schedule, or a condition the person enabled. */
export type AvailabilityReason = 'switched_off' | 'outside_window' | 'on_battery' | 'in_use';

/** The level-triggered availability policy's verdict (switch ∧ window share ∧ conditions). */
export interface AvailabilityInfo {
  /** The share of `maxConcurrent` offered now (0 when the switch, the schedule or a condition says no). */
  share: number;
  /** The schedule's share now, whatever the switch says. */
  windowShare: number;
  reason: AvailabilityReason | null;
  /** Plain words for `reason`, with when it changes ("Outside your availability windows until 18:00."). */
  message: string | null;
  /** The window in force ("Mon, Tue 08:00–12:00"), or null. */
  window: string | null;
  /** When the schedule's share next changes (ISO), or null. */
  nextChangeAt: string | null;
  timeZone: string;
  windowCount: number;
  outsideShare: number;
  conditions: {
    onlyOnMains: boolean;
    idleMinutes: number | null;
    /** False when the host cannot observe power or idle time (headless): the conditions are then not applied. */
    supported: boolean;
    onBattery: boolean | null;
    idleSeconds: number | null;
  };
}

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, e.g. 08:00');

/**
 * One weekly window: wall-clock times in the schedule's zone, both ends inclusive (minute resolution, like the
 * reference evaluator). A start after the end runs overnight into the next day. Days: 1 = Monday … 7 = Sunday.
 */
export const AvailabilityWindowSchema = z
  .object({
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    start: hhmm,
    end: hhmm,
    share: z.number().min(0).max(1),
  })
  .strict();

/** No windows = always offered in full; with windows, `outsideShare` applies outside them (0 = closed). */
export const AvailabilityScheduleSchema = z
  .object({
    timeZone: z.string().trim().min(1).max(64),
    windows: z.array(AvailabilityWindowSchema).max(100),
    outsideShare: z.number().min(0).max(1),
  })
  .strict();
export type AvailabilityWindow = z.infer<typeof AvailabilityWindowSchema>;
export type AvailabilitySchedule = z.infer<typeof AvailabilityScheduleSchema>;

export interface AvailabilityPreview {
  timeZone: string;
  /** Segments of constant share from now on (ISO times), with the capacity each gives. */
  segments: { from: string; to: string; share: number; capacity: number; window: string | null }[];
}

/** Request schemas of the availability commands (validated in main before the engine sees them). */
export const availabilityCommands = {
  getSchedule: Empty,
  /** Replace the weekly schedule; overlapping windows and unknown time zones are refused with field issues. */
  updateSchedule: AvailabilityScheduleSchema,
  /** Shares and capacity from now on, for the stored schedule or a draft being edited. */
  previewAvailability: z
    .object({
      schedule: AvailabilityScheduleSchema.optional(),
      hours: z.number().int().min(1).max(168).default(24),
    })
    .strict(),
} as const satisfies Partial<Record<CommandName, z.ZodType>>;

/** The error codes each availability command can answer with (besides `internal`). */
export const availabilityErrors = {
  getSchedule: ['invalid_request', 'engine_unavailable', 'store_error'],
  updateSchedule: ['invalid_request', 'engine_unavailable', 'store_error'],
  previewAvailability: ['invalid_request', 'engine_unavailable'],
} as const satisfies Partial<Record<CommandName, readonly ErrorCode[]>>;
