/**
 * What this computer tells the person's other machines as its node stops cleanly: a goodbye (fleet-wire.ts) to each
 * machine it can ask directly, all at once, so they show it stopped by its owner rather than down. A quit is never
 * held up for it: the whole goodbye gets about a second, and a machine that does not take it in time changes
 * nothing (it then sees this one as it sees a crash, down when it should be on).
 */
import { byeFor } from './fleet-wire';
import { askable } from './machine-reads';

/** The longest a stop waits for its goodbyes, all machines together. */
export const GOODBYE_WITHIN_MS = 1_000;

/** One machine to tell: its node id and its task endpoint. */
export interface GoodbyeTarget {
  nodeId: string;
  endpoint: string;
}

/** The machines among `others` that can be told: those with an endpoint of their own (a relay's forwards tasks). */
export function goodbyeTargets(
  others: readonly { nodeId: string }[],
  endpointOf: (nodeId: string) => string | null,
): GoodbyeTarget[] {
  return others.flatMap((m) => {
    const endpoint = endpointOf(m.nodeId);
    return endpoint !== null && askable(endpoint) ? [{ nodeId: m.nodeId, endpoint }] : [];
  });
}

export interface Goodbye {
  selfNodeId: string;
  key: Buffer;
  /** The next number of this computer's counter: greater than every status it gave before. */
  seq: number;
  machineFetch: typeof fetch;
  withinMs?: number;
}

/** Says goodbye to every target at once; resolves once each took it or failed, or when the time is up. */
export async function sayGoodbye(g: Goodbye, targets: readonly GoodbyeTarget[]): Promise<void> {
  if (targets.length === 0) return;
  const within = g.withinMs ?? GOODBYE_WITHIN_MS;
  const signal = AbortSignal.timeout(within);
  const sends = targets.map((t) => tell(g, t, signal));
  let timer: NodeJS.Timeout | undefined;
  // The signal ends each request; the timer ends the wait even if a request ignores it.
  const timeUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, within);
    timer.unref?.();
  });
  try {
    await Promise.race([Promise.all(sends), timeUp]);
  } finally {
    clearTimeout(timer);
  }
}

async function tell(g: Goodbye, t: GoodbyeTarget, signal: AbortSignal): Promise<void> {
  try {
    const res = await g.machineFetch(`${t.endpoint}/iicp/fleet`, {
      method: 'POST',
      redirect: 'manual',
      signal,
      headers: { 'Content-Type': 'application/json' },
      body: byeFor(g.key, g.selfNodeId, t.nodeId, g.seq),
    });
    await res.body?.cancel().catch(() => undefined);
  } catch {
    // A machine that cannot be told sees this one as it would see a crash.
  }
}
