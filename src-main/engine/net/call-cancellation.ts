/** How an HTTP call ends early: it timed out, it was aborted, or whoever asked for it cancelled it. */
export class TransportTimeoutError extends Error {
  /**
   * @param connected whether the server had taken the connection when time ran out: a server that is slow to answer,
   * rather than nothing answering at the address (a connection that never opened).
   */
  constructor(readonly connected = true) {
    super('timed out');
    this.name = 'TransportTimeoutError';
  }
}

export class TransportAbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'TransportAbortedError';
  }
}

/** Told once when its call is cancelled. */
export interface CancelWatcher {
  cancelled(): void;
}

/**
 * Cancels a backend call: a cheaper stand-in for an AbortSignal on the task path (no EventTarget, no
 * listener objects), watched by at most one call at a time. Cancelling twice does nothing.
 */
export class Cancellation {
  private done = false;
  private watcher: CancelWatcher | null = null;

  get aborted(): boolean {
    return this.done;
  }

  cancel(): void {
    if (this.done) return;
    this.done = true;
    const w = this.watcher;
    this.watcher = null;
    w?.cancelled();
  }

  /** The call to tell (null: none any more). */
  watch(watcher: CancelWatcher | null): void {
    this.watcher = watcher;
  }
}
