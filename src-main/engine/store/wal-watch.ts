import { watch, type FSWatcher } from 'node:fs';

/** How often a still WAL is looked at while its file cannot be watched. */
export const UNWATCHED_POLL_MS = 1000;

/** Stops watching; safe to call more than once. */
export type StopWatching = () => void;

/**
 * Calls `onWrite` once, at the first change of the WAL file after it is called, from whichever connection wrote it
 * (the engine's, the ledger thread's): an idle checkpointer rests on this instead of looking at the WAL every second
 * to find it unchanged. The OS tells of the write (inotify, kqueue, ReadDirectoryChangesW), so a still WAL costs no
 * wake-up. Null when the file cannot be watched; the caller then looks at the WAL on a timer as before. The watch
 * ends at the first event: under load every commit would be an event, and the caller looks on a timer while the WAL
 * moves.
 */
export function watchWalOnce(walPath: string, onWrite: () => void): StopWatching | null {
  let watcher: FSWatcher | null = null;
  const stop = (): void => {
    const w = watcher;
    watcher = null;
    w?.close();
  };
  try {
    watcher = watch(walPath, { persistent: false }, () => {
      if (!watcher) return;
      stop();
      onWrite();
    });
    // A watch that fails later (the file gone, a network file system): the caller's slow look still comes.
    watcher.on('error', stop);
  } catch {
    return null;
  }
  return stop;
}
