/**
 * What a machine says about itself to the operator's other machines: its name, its switch, its schedule (so they can
 * tell a planned sleep from a failure after it stopped answering), its owner-first state when it shares it, its slots,
 * today's figures, its models and the machines it knows. Read as hostile even though it is sealed: a machine of the
 * operator may run another version, or be broken; every field is checked and capped.
 */
import { z } from 'zod';
import { AvailabilityScheduleSchema, FLEET_MAX_MACHINES, MACHINE_NAME_MAX, NodeIdSchema, type AvailabilitySchedule } from '@shared/contract';
import { cleanForeignText } from '@shared/text/foreign-text';
import type { MachineRef } from '../identity/machine-list';

export type { MachineRef };

export interface MachineStatus {
  v: 1;
  nodeId: string;
  name: string;
  /** When the status was made (ms). */
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
const time = z.number().int().min(0).max(8.64e15);
const Name = z.string().max(MACHINE_NAME_MAX * 4);

const StatusSchema = z
  .object({
    v: z.literal(1),
    nodeId: NodeIdSchema,
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

/** A machine's name as shown: its own words, cleaned of control and bidi characters, at most 40 characters. */
export const machineName = (name: unknown): string => cleanForeignText(name, MACHINE_NAME_MAX) || 'Unnamed machine';

/** The status a machine published, checked; null when it is not one, or names another machine than `nodeId`. */
export function readMachineStatus(value: unknown, nodeId: string): MachineStatus | null {
  const r = StatusSchema.safeParse(value);
  if (!r.success || r.data.nodeId !== nodeId) return null;
  const d = r.data;
  return {
    v: 1,
    nodeId: d.nodeId,
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
