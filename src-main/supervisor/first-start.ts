/**
 * The first start of the engine, as the host awaits it: settled once, by the first engine that runs or by what kept
 * it from running. Later starts (restarts) are the supervisor's own business and settle nothing here.
 */
export class FirstStart {
  readonly started: Promise<void>;
  private settle: { resolve: () => void; reject: (err: Error) => void } | null = null;

  constructor() {
    this.started = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  /** The engine runs; false when the first start was settled already. */
  resolve(): boolean {
    if (!this.settle) return false;
    this.settle.resolve();
    this.settle = null;
    return true;
  }

  /** The first start failed with `err`; false when it was settled already (the first engine ran). */
  reject(err: Error): boolean {
    if (!this.settle) return false;
    this.settle.reject(err);
    this.settle = null;
    return true;
  }
}
