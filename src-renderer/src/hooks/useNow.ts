import { useSyncExternalStore } from 'react';

/**
 * The current time, re-read once a second while anything shows a relative time ("12 s ago"). One shared
 * timer serves every caller, and it stops when the last one unmounts, so an idle page does no work.
 */
const TICK_MS = 1000;
const listeners = new Set<() => void>();
let timer: number | null = null;
let now = Date.now();

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  if (timer === null) {
    now = Date.now();
    timer = window.setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(onChange);
    if (listeners.size === 0 && timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
  };
}

const read = () => now;

export function useNow(): number {
  return useSyncExternalStore(subscribe, read);
}
