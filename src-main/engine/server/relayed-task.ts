import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header the node's own relay worker sets on the tasks it hands to the task port over loopback. */
export const RELAYED_HEADER = 'x-iicp-relayed';

/**
 * What relayed tasks count as in admission and the body budget: one source, whichever consumers are behind the relay.
 */
export const RELAYED_SOURCE = 'relay';

/**
 * Proof, between the relay worker and the task port of one process, that a task came through a relay. The secret is
 * made at start, kept in memory and only ever sent to this node's own port, so no caller outside the process can
 * present it: a wrong or missing value simply makes the task a direct one. It lets the pipeline judge a relayed
 * task as relayed (server/task-codec.ts) although it arrives on the same port as every other task.
 */
export class RelayedTaskMark {
  private readonly secret = Buffer.from(randomBytes(32).toString('base64url'), 'utf8');

  /** The header to send with a relayed task. */
  get header(): Record<string, string> {
    return { [RELAYED_HEADER]: this.secret.toString('utf8') };
  }

  /** Whether the request carries this process's mark (compared in constant time). */
  matches(req: IncomingMessage): boolean {
    const v = req.headers[RELAYED_HEADER];
    if (typeof v !== 'string' || v.length !== this.secret.length) return false;
    const given = Buffer.from(v, 'utf8');
    return given.length === this.secret.length && timingSafeEqual(given, this.secret);
  }
}
