/**
 * Calls that arrive while one with the same key is running get that call's answer instead of a new one: a button
 * pressed ten times (or a renderer that loops) asks the directory once, not ten times.
 */
export class InFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, call: () => Promise<T>): Promise<T> {
    const now = this.running.get(key);
    if (now) return now;
    const p = call().finally(() => this.running.delete(key));
    this.running.set(key, p);
    return p;
  }
}
