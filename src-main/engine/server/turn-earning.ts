/**
 * Whether a source refused for capacity before its request was read is owed a turn (see admission.ts). A turn keeps a
 * free slot idle until its source comes back, so it is only for a source that may come back with a task that runs:
 * not one whose last request read could not run (until it sends one that can), nor one a request of which is being
 * read now (that request is its turn). Otherwise a source sending what never runs, or a body that never ends, would
 * keep a slot idle for as long as it sends.
 */
export class TurnEarning {
  /** Sources whose last request read could not run, and when they last asked since (least recently first). */
  private readonly unproven = new Map<string, number>();
  /** Requests being read, per source. */
  private readonly hearing = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    /** How long an unproven source that stops asking stays unproven. */
    private readonly memoryMs: number,
    /** Sources remembered; past this the oldest are forgotten. */
    private readonly maxSources: number,
  ) {}

  /** Whether a request of `source`, refused unread, earns a turn. An unproven source stays so while it keeps asking. */
  earns(source: string): boolean {
    if (this.hearing.has(source)) return false;
    const since = this.unproven.get(source);
    if (since === undefined) return true;
    this.unproven.delete(source);
    if (this.now() - since >= this.memoryMs) return true;
    this.unproven.set(source, this.now());
    return false;
  }

  /** A request of `source` was read and could not run. */
  failed(source: string): void {
    this.unproven.delete(source);
    this.unproven.set(source, this.now());
    if (this.unproven.size > this.maxSources) this.unproven.delete(this.unproven.keys().next().value!);
  }

  /** A request of `source` was understood as a task. */
  proved(source: string): void {
    this.unproven.delete(source);
  }

  /** A request of `source` is being read; the function returned says it no longer is (it works once). */
  hear(source: string): () => void {
    this.hearing.set(source, (this.hearing.get(source) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (this.hearing.get(source) ?? 1) - 1;
      if (n > 0) this.hearing.set(source, n);
      else this.hearing.delete(source);
    };
  }
}
