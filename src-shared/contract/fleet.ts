/**
 * The person's machines: every computer that runs a node under their operator identity, as this computer sees them.
 * Their one list is the machine list: the Machines page shows and edits it, and the gateway asks its machines first.
 * The directory has no route that lists an operator's nodes, so the list is what this computer knows: its own node,
 * the machines named in the imported operator file, and the ones it met since (in the directory's discovery answers
 * under the operator's fingerprint, or in another machine's own list). The directory says whether each is heard and
 * what it serves; each machine publishes the rest about itself, sealed so only the operator's machines can read it.
 */
import { z } from 'zod';
import type { Said } from '../i18n/said';
import type { AvailabilityWindow } from './availability';
import type { CommandName } from './channels';
import type { ErrorCode } from './errors';
import { NodeIdSchema } from './gateway';
import { NAME_MAX } from '../text/name-rule';
import { Empty, PersonName } from './schema-parts';

/**
 * Most machines the machine list holds: the one list of the person's machines, which the Machines page shows and the
 * gateway asks first for free. It is 32 because the whole list travels in every sealed status a machine gives its
 * siblings and in the identity's export file, and siblings read both with this limit: a longer list would make them
 * refuse the status, and each machine on the list is asked once per heartbeat interval.
 */
export const FLEET_MAX_MACHINES = 32;
/** Longest machine name: the limit of every name the person gives. */
export const MACHINE_NAME_MAX = NAME_MAX;

/**
 * - `online`: the machine answers (itself, or the directory heard its heartbeat lately).
 * - `down`: not heard while its own schedule says it should be on: an alert.
 * - `asleep`: not heard, outside its availability windows: as planned.
 * - `paused`: its owner switched it off, or it was last heard switched off.
 * - `stopped`: its node was quit on purpose (it said goodbye as it stopped), and has not answered since: no alert.
 * - `unknown`: not heard, and nothing known of its schedule (never read from the machine itself).
 */
export type MachineState = 'online' | 'down' | 'asleep' | 'paused' | 'stopped' | 'unknown';

/** One figure's source and age: where it comes from and when it was read. */
export interface FleetSource {
  /** When it was last read successfully (ISO), or null if never. */
  at: string | null;
  /** Why the last try failed, in plain words (said in the reader's language), or null. */
  problem: Said | null;
}

export interface FleetMachine {
  nodeId: string;
  /** The person's name for the machine (cleaned of control and bidi characters). */
  name: string;
  /** This computer. */
  self: boolean;
  state: MachineState;
  /** One sentence on the state, with how old the verdict is where it can go stale (said in the reader's language). */
  words: Said;
  /** When the machine was last heard (ISO): its own answer or the directory's last heartbeat, whichever is newer. */
  lastSeen: string | null;
  /** The models it serves (the directory's list, else its own). */
  models: string[];
  /** Slots busy of the slots offered, from the machine itself (the directory gives busy only). */
  slots: { busy: number; total: number | null } | null;
  /** The directory's reputation score (0–1) and completed tasks. */
  reputation: { score: number; completedTasks: number } | null;
  /** Today's served tasks and credits, from the machine's own books (its local day). */
  today: { tasks: number; credits: number | null } | null;
  /** Its availability now, by its own schedule and switch. */
  window: {
    inside: boolean;
    switchedOn: boolean;
    /** The window in force as stored (its end inclusive), or null; the page says its end as the minute after. */
    inForce: AvailabilityWindow | null;
    nextChangeAt: string | null;
    timeZone: string;
  } | null;
  /** Its owner-first state, when it shares it: serving, yielding to its owner, or waiting after their use. */
  ownerFirst: 'serving' | 'yielding' | 'cooling' | null;
  /** The open alert: since when it is down inside its window. */
  alertSince: string | null;
  /** Where the figures come from and how old they are. */
  sources: { directory: FleetSource; machine: FleetSource };
}

export interface FleetInfo {
  /** `none`: no operator identity on this computer, so it has no other machines. */
  state: 'none' | 'active';
  /** This computer first, then the others by name. */
  machines: FleetMachine[];
  /** How many nodes the directory counts under the operator's wallet (active and dormant), when read. */
  walletNodes: number | null;
  /** How often the machines are looked at (the heartbeat interval), ms. */
  intervalMs: number;
  /** The optional webhook (an ntfy-style plain POST): set or not, and its last delivery. */
  webhook: { set: boolean; pending: number; last: { at: string; ok: boolean; words: Said } | null };
  /** Whether this computer tells the others its owner-first state. */
  shareOwnerFirst: boolean;
  /** When the directory's discovery answer machines were last met in was fetched (ISO), or null before one. */
  discoveredAt: string | null;
}

/** The snapshot's short view, for the tray and the Dashboard: how many machines, how many up, which are down. */
export interface FleetSummary {
  machines: number;
  online: number;
  down: { nodeId: string; name: string; since: string }[];
}

/** A machine name: the rule of every name the person gives. */
export const MachineName = PersonName;

/** A webhook address: http or https, no user name or password in it (a token belongs in the path, as ntfy's topics). */
export const WebhookUrl = z
  .string()
  .trim()
  .max(512)
  .url('must be an http:// or https:// address')
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http:// or https:// address')
  .refine((u) => {
    try {
      const p = new URL(u);
      return p.username === '' && p.password === '';
    } catch {
      return false;
    }
  }, 'must not carry a user name or password');

/** Request schemas of the fleet commands (validated in main before the engine sees them). */
export const fleetCommands = {
  getFleet: Empty,
  /**
   * Names this computer; refused with `invalid_request` (code `name_taken`) when another known machine has the name.
   */
  renameMachine: z.object({ name: MachineName }).strict(),
  /**
   * Puts another computer on the machine list by its node ID (the gateway then asks it first, for free). Refused with
   * `invalid_request` (code `list_full`) when the list holds `FLEET_MAX_MACHINES`, (code `this_computer`) for this
   * computer's own ID, and with `invalid_state` without an operator identity. A machine already listed is no change.
   */
  addMachine: z.object({ nodeId: NodeIdSchema }).strict(),
  /**
   * Drops a machine from this computer's list (it comes back if it is met again). This computer cannot be forgotten.
   */
  forgetMachine: z.object({ nodeId: NodeIdSchema }).strict(),
  /** The webhook address (null: none) and whether the owner-first state is shared with the other machines. */
  updateFleet: z
    .object({ webhookUrl: WebhookUrl.nullable().optional(), shareOwnerFirst: z.boolean().optional() })
    .strict(),
} as const satisfies Partial<Record<CommandName, z.ZodType>>;

/** The error codes each fleet command can answer with (besides `internal`). */
export const fleetErrors = {
  getFleet: ['invalid_request', 'engine_unavailable'],
  renameMachine: ['invalid_request', 'engine_unavailable', 'store_error'],
  addMachine: ['invalid_request', 'invalid_state', 'engine_unavailable', 'store_error'],
  forgetMachine: ['invalid_request', 'invalid_state', 'engine_unavailable', 'store_error'],
  updateFleet: ['invalid_request', 'engine_unavailable', 'store_error'],
} as const satisfies Partial<Record<CommandName, readonly ErrorCode[]>>;
