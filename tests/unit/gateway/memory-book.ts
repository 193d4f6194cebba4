/**
 * The gateway's spent book in memory, for tests that run the gateway (`composeGateway`) without a database: what
 * the gateway booked, in order, summed the way `store/spend-repo.ts` sums it (answered rows only, per app key, by
 * time).
 */
import type { SpendBook, SpendEntry } from '@engine/gateway/spending/spend-totals';
import { requestRowOf } from '@engine/store/spend-repo';

export function memoryBook(): SpendBook & { entries: SpendEntry[] } {
  const entries: SpendEntry[] = [];
  let version = 0;
  const within = (from: number, to: number) => entries.filter((e) => e.atMs >= from && e.atMs < to);
  return {
    entries,
    record: (e) => {
      entries.push(...e);
      version += 1;
    },
    recent: (limit) => entries.slice(-limit).reverse().map(requestRowOf),
    spentBetweenMicro: (from, to) =>
      within(from, to).reduce((s, e) => s + (e.outcome === 'answered' ? (e.creditsU ?? 0) : 0), 0),
    byApp: (from, to) => {
      const by = new Map<string, { appKeyId: string; spentU: number; requests: number }>();
      for (const e of within(from, to)) {
        if (!e.appKeyId) continue;
        const r = by.get(e.appKeyId) ?? { appKeyId: e.appKeyId, spentU: 0, requests: 0 };
        r.spentU += e.outcome === 'answered' ? (e.creditsU ?? 0) : 0;
        r.requests += 1;
        by.set(e.appKeyId, r);
      }
      return [...by.values()];
    },
    version: () => version,
  };
}
