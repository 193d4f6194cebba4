import type { TimerFns } from '@engine/net/timers';

/**
 * Timers that fire only when the test says so: what a module asked to wait for is read from `pending`, and `fire`
 * runs the oldest, so "looked again after a second" is checked without waiting a second on a busy machine.
 */
export function manualTimers() {
  let next = 1;
  const waiting = new Map<number, { fn: () => void; ms: number }>();
  const timers: TimerFns = {
    setTimeout: (fn, ms) => {
      const id = next++;
      waiting.set(id, { fn, ms });
      return id;
    },
    clearTimeout: (handle) => void waiting.delete(handle as number),
  };
  return {
    timers,
    /** The delays asked for and not yet fired or cleared, oldest first. */
    pending: (): number[] => [...waiting.values()].map((w) => w.ms),
    /** Runs the oldest waiting timer; throws when none waits (the module asked for no look). */
    fire(): void {
      const [id, w] = waiting.entries().next().value ?? [];
      if (id === undefined || !w) throw new Error('no timer is waiting');
      waiting.delete(id);
      w.fn();
    },
  };
}
