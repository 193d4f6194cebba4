/** When the node is offered: the weekly schedule, the conditions, and the policy's verdict now. */
import { z } from 'zod';
import type { CommandName } from './channels';
import type { ErrorCode } from './errors';
import type { Said } from '../i18n/said';
import { Empty } from './schema-parts';

/** Why nothing is offered right now: the switch, the schedule, or a condition the person enabled. */
export type AvailabilityReason = 'switched_off' | 'outside_window' | 'on_battery' | 'in_use' | 'owner_use';

/**
 * What made the node give the GPU back to its owner. Program names are foreign text: shown quoted, never sent anywhere.
 */
export type OwnerTrigger =
  | { kind: 'gpu_program'; name: string }
  | { kind: 'picked_program'; name: string }
  | { kind: 'fullscreen'; name: string | null }
  | { kind: 'gpu_busy' }
  /** An app of the owner's asks this computer's own LLM server through the gateway. */
  | { kind: 'own_app' }
  /** Memory other programs hold beyond the desktop's own, where the GPU's tool cannot name them (AMD's rocm-smi). */
  | { kind: 'gpu_memory'; usedMiB: number }
  | { kind: 'vram_floor'; freeMiB: number; floorMiB: number }
  | { kind: 'power_ceiling'; watts: number; limitW: number }
  | { kind: 'temperature_ceiling'; celsius: number; limitC: number };

/** The owner-first watcher: what it can see on this computer, and whether the node yields to its owner now. */
export interface OwnerInfo {
  /** What this computer lets the app watch (a GPU tool found, running programs, the window in front). */
  supported: { gpu: boolean; programs: boolean; fullscreen: boolean };
  /** The GPU tool in use ("nvidia-smi"), or null. */
  gpuTool: string | null;
  /** Why watching (or one of its tools) is off, in plain words, or null. */
  problem: string | null;
  /** `yielding`: the owner needs the GPU now; `cooling`: their use ended, the node waits until `resumeAt`. */
  phase: 'serving' | 'yielding' | 'cooling';
  trigger: OwnerTrigger | null;
  /** When the running tasks are cut (yielding) or when the node serves again (cooling), ISO. */
  graceEndsAt: string | null;
  resumeAt: string | null;
  /** "Share anyway" lasts until then (ISO), or null. */
  shareAnywayUntil: string | null;
  /** The wait after the owner's use ends, from Settings (so every page words it the same). */
  cooldownSeconds: number;
  /** The last GPU reading, for Settings: the busiest card's figures, or null. */
  gpu: {
    name: string;
    utilizationPct: number | null;
    memoryUsedMiB: number | null;
    memoryTotalMiB: number | null;
    powerW: number | null;
    temperatureC: number | null;
  } | null;
}

/** The level-triggered availability policy's verdict (switch ∧ window share ∧ conditions). */
export interface AvailabilityInfo {
  /** The share of `maxConcurrent` offered now (0 when the switch, the schedule or a condition says no). */
  share: number;
  /** The schedule's share now, whatever the switch says. */
  windowShare: number;
  reason: AvailabilityReason | null;
  /** The sentence for `reason`, with when it changes ("Outside your availability windows until 18:00."). */
  message: Said | null;
  /** The window in force as stored (its end inclusive), or null; a screen says its end as the minute after. */
  window: AvailabilityWindow | null;
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
  owner: OwnerInfo;
}

/** The watcher's state before the node runs (nothing seen yet, nothing held back). */
export const OWNER_NOT_WATCHING: OwnerInfo = Object.freeze({
  supported: Object.freeze({ gpu: false, programs: false, fullscreen: false }),
  gpuTool: null,
  problem: null,
  phase: 'serving',
  trigger: null,
  graceEndsAt: null,
  resumeAt: null,
  shareAnywayUntil: null,
  cooldownSeconds: 120,
  gpu: null,
}) as OwnerInfo;

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

/** The most windows one schedule may hold (the editor says so before the engine would refuse). */
export const MAX_AVAILABILITY_WINDOWS = 100;

/** No windows = always offered in full; with windows, `outsideShare` applies outside them (0 = closed). */
export const AvailabilityScheduleSchema = z
  .object({
    timeZone: z.string().trim().min(1).max(64),
    windows: z.array(AvailabilityWindowSchema).max(MAX_AVAILABILITY_WINDOWS),
    outsideShare: z.number().min(0).max(1),
  })
  .strict();
export type AvailabilityWindow = z.infer<typeof AvailabilityWindowSchema>;
export type AvailabilitySchedule = z.infer<typeof AvailabilityScheduleSchema>;

export interface AvailabilityPreview {
  timeZone: string;
  /** Segments of constant share from now on (ISO times), with the capacity each gives. */
  segments: { from: string; to: string; share: number; capacity: number; window: AvailabilityWindow | null }[];
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
  /** Serve although the owner uses the GPU, for `minutes` (at most a day); null ends it early. */
  shareAnyway: z.object({ minutes: z.number().int().min(1).max(1440).nullable() }).strict(),
  /** The programs running now, to pick "pause while these run" from (names only; they never leave this computer). */
  listRunningPrograms: Empty,
} as const satisfies Partial<Record<CommandName, z.ZodType>>;

/** The error codes each availability command can answer with (besides `internal`). */
export const availabilityErrors = {
  getSchedule: ['invalid_request', 'engine_unavailable', 'store_error'],
  updateSchedule: ['invalid_request', 'engine_unavailable', 'store_error'],
  previewAvailability: ['invalid_request', 'engine_unavailable'],
  shareAnyway: ['invalid_request', 'invalid_state', 'engine_unavailable'],
  listRunningPrograms: ['invalid_request', 'engine_unavailable'],
} as const satisfies Partial<Record<CommandName, readonly ErrorCode[]>>;
