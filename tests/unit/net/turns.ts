/** Waiting on real sockets without sleeping: turns of the event loop until something holds. */

const immediate = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A whole turn of the event loop, through its next poll for I/O: the soonest a next task can reach a node from the
 * network after its last answer came.
 */
export async function tick(): Promise<void> {
  await immediate();
  await immediate();
}

/** Until `cond` holds, turning the event loop (sockets open and close on their own turns); fails after many turns. */
export async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    if (cond()) return;
    await immediate();
  }
  throw new Error(`never: ${what}`);
}
