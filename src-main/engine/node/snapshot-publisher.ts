/**
 * Publishes a versioned snapshot at most once per `intervalMs`: the first change after a quiet period goes
 * out at once (the UI feels immediate), a burst of changes collapses into one trailing publication.
 */
export class ThrottledPublisher<T extends { version: number }> {
  private version = 0;
  private lastPublishedAt = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private latest: T | null = null;
  private dirty = true;
  private readonly listeners = new Set<(value: T) => void>();

  constructor(
    private readonly build: (version: number) => T,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Something changed: publish now or schedule the trailing publication. */
  markDirty(): void {
    this.dirty = true;
    if (this.timer) return;
    const wait = this.lastPublishedAt + this.intervalMs - this.now();
    if (wait <= 0) {
      this.publish();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.publish();
    }, wait);
    this.timer.unref?.();
  }

  /** The newest snapshot; if a publication is pending it happens now so the caller never sees stale state. */
  current(): T {
    if (this.dirty || !this.latest) {
      this.cancel();
      return this.publish();
    }
    return this.latest;
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private publish(): T {
    this.version += 1;
    this.dirty = false;
    const value = this.build(this.version);
    this.latest = value;
    this.lastPublishedAt = this.now();
    for (const l of this.listeners) {
      try {
        l(value);
      } catch {
        // a faulty subscriber must not stop the others or the engine
      }
    }
    return value;
  }
}
