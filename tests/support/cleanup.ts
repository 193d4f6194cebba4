import { afterEach } from 'vitest';

export interface Cleanup {
  /** Closes `thing` after the running test; returns it. */
  close<T extends { close(): unknown }>(thing: T): T;
  /** Runs `fn` after the running test. */
  defer(fn: () => unknown): void;
}

/**
 * What a test file's tests start, closed after each test, the last started first (a monitor or a node before the
 * server it watches). Call once at the file's top level.
 */
export function cleanupAfterEach(): Cleanup {
  let pending: (() => unknown)[] = [];
  afterEach(async () => {
    const now = pending.reverse();
    pending = [];
    for (const fn of now) await fn();
  });
  return {
    close(thing) {
      pending.push(() => thing.close());
      return thing;
    },
    defer(fn) {
      pending.push(fn);
    },
  };
}
