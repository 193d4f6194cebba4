/**
 * The engine state's shelf (`store/state-repo.ts`'s get/set) in memory, each value kept as JSON text as the database
 * keeps it, so what a test reads back went through the same round trip. `failSet` makes the next writes fail as a
 * full disk would.
 */
export function memoryShelf(initial: Record<string, unknown> = {}) {
  const values = new Map(Object.entries(initial).map(([k, v]) => [k, JSON.stringify(v)]));
  const shelf = {
    values,
    failSet: false,
    get<T>(key: string, fallback: T, isValid: (v: unknown) => v is T): T {
      const raw = values.get(key);
      if (raw === undefined) return fallback;
      const v: unknown = JSON.parse(raw);
      return isValid(v) ? v : fallback;
    },
    set(key: string, value: unknown): void {
      if (shelf.failSet) throw new Error('SQLITE_FULL: database or disk is full');
      values.set(key, JSON.stringify(value));
    },
  };
  return shelf;
}
