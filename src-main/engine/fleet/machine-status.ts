/**
 * What a machine says about itself to the operator's other machines: its name, its switch, its schedule (so they can
 * tell a planned sleep from a failure after it stopped answering), its owner-first state when it shares it, its slots,
 * today's figures, its models and the machines it knows. Each status carries the machine's counter (`seq`, only ever
 * growing, across restarts too) and, when it answers a sibling's question, that question's one-time code (`nonce`):
 * a sibling takes only a status newer than the newest it has seen, and counts a machine as heard only by an answer
 * to its own question. Read as hostile even though it is sealed: a machine of the operator may run another version,
 * or be broken; every field is checked and capped.
 */
import { z } from 'zod';
import {
  AvailabilityScheduleSchema,
  FLEET_MAX_MACHINES,
  MACHINE_NAME_MAX,
  NodeIdSchema,
  type AvailabilitySchedule,
} from '@shared/contract';
import { cleanForeignText } from '@shared/text/foreign-text';
import { machineName, type MachineRef } from '../identity';

export type { MachineRef };
export { machineName };

export interface MachineStatus {
  v: 2;
  nodeId: string;
  /** The machine's counter: every status it seals has a greater one than the last, across its restarts too. */
  seq: number;
  /** The one-time code of the question this status answers; null in a hello, which answers nothing. */
  nonce: string | null;
  name: string;
  /** When the status was made (ms), by the machine's own clock: shown, never used to judge freshness. */
  at: number;
  switchedOn: boolean;
  /** End of a timed pause (ms), or null. */
  pausedUntil: number | null;
  schedule: AvailabilitySchedule;
  ownerFirst: 'serving' | 'yielding' | 'cooling' | null;
  slots: { busy: number; total: number };
  today: { tasks: number; credits: number | null };
  models: string[];
  machines: MachineRef[];
}

const count = z.number().int().min(0).max(1_000_000_000);
/** A one-time code: random bytes in base64url. */
export const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
const time = z.number().int().min(0).max(8.64e15);
const Name = z.string().max(MACHINE_NAME_MAX * 4);

const StatusSchema = z
  .object({
    v: z.literal(2),
    nodeId: NodeIdSchema,
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    nonce: z.string().regex(NONCE).nullable(),
    name: Name,
    at: time,
    switchedOn: z.boolean(),
    pausedUntil: time.nullable(),
    schedule: AvailabilityScheduleSchema,
    ownerFirst: z.enum(['serving', 'yielding', 'cooling']).nullable(),
    slots: z.object({ busy: count, total: count }).strict(),
    today: z.object({ tasks: count, credits: z.number().min(0).max(1e12).nullable() }).strict(),
    models: z.array(z.string().max(255)).max(256),
    machines: z.array(z.object({ nodeId: NodeIdSchema, name: Name }).strict()).max(FLEET_MAX_MACHINES),
  })
  .passthrough();

/** The status a machine published, checked; null when it is not one, or names another machine than `nodeId`. */
export function readMachineStatus(value: unknown, nodeId: string): MachineStatus | null {
  const r = StatusSchema.safeParse(value);
  if (!r.success || r.data.nodeId !== nodeId) return null;
  const d = r.data;
  return {
    v: 2,
    nodeId: d.nodeId,
    seq: d.seq,
    nonce: d.nonce,
    name: machineName(d.name),
    at: d.at,
    switchedOn: d.switchedOn,
    pausedUntil: d.pausedUntil,
    schedule: d.schedule,
    ownerFirst: d.ownerFirst,
    slots: d.slots,
    today: d.today,
    models: d.models.map((m) => cleanForeignText(m, 255)).filter((m) => m.length > 0),
    machines: d.machines.map((m) => ({ nodeId: m.nodeId, name: machineName(m.name) })),
  };
}
