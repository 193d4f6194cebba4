import { DiscoveryClient } from '../directory';
import { AppKeys } from './keys';
import { AppAllowance, BalanceReread, Budget, GatewayBooks, NodeFlags, SpendTotals } from './spending';
import { KnownOffer, NetworkOffer, NodeBreaker, OwnMachines } from './routing';
import type { GatewayOptions } from './gateway-options';

/**
 * What the request pipeline, the page view and key administration share: one set of keys, one offer, one breaker,
 * one budget and allowance, one spent book. Built once, so every piece judges a request by the same figures.
 */
export interface SharedParts {
  keys: AppKeys;
  offer: NetworkOffer;
  /** The offer with the person's known machines standing in for the directory while it cannot be reached. */
  reach: KnownOffer;
  breaker: NodeBreaker;
  totals: SpendTotals;
  books: GatewayBooks;
  own: OwnMachines;
  flags: NodeFlags;
  budget: Budget;
  allowance: AppAllowance;
  /** The balance read again before a request is refused for it (at most once every few seconds). */
  reread: BalanceReread;
}

/**
 * The shared parts for one gateway; `balance`: what spending can draw on (the page view's quote, else the node's);
 * `readBalance`: asks the directory's quote again.
 */
export function sharedParts(
  o: GatewayOptions,
  balance: () => number | null,
  readBalance: () => Promise<void>,
): SharedParts {
  const keys = new AppKeys(o.shelf, o.now);
  const offer = new NetworkOffer(
    o.discovery ?? new DiscoveryClient({ directoryUrl: o.directoryUrl, fetchImpl: o.directoryFetch, now: o.now }),
    { now: o.now, pause: o.pause },
  );
  const totals = new SpendTotals(o.book);
  const books = new GatewayBooks({
    totals,
    log: o.log,
    onChange: o.onChange,
    readBooks: o.readBooks,
    readBooksAfterMs: o.readBooksAfterMs,
  });
  const budget = new Budget({
    settings: o.settings,
    spentSince: (from) => totals.since(from, o.now()),
    balance,
    unsettled: o.book.unsettledMicro,
    now: o.now,
    timeZone: o.timeZone,
  });
  const allowance = new AppAllowance({
    caps: (id) => keys.caps(id),
    name: (id) => keys.nameOf(id) ?? 'A revoked key',
    byApp: (f, t) => o.book.byApp(f, t),
    version: o.book.version,
    now: o.now,
    timeZone: o.timeZone,
  });
  return {
    keys,
    offer,
    reach: new KnownOffer(offer, () => o.knownMachines?.() ?? []),
    breaker: new NodeBreaker(o.now, o.breaker),
    totals,
    books,
    own: new OwnMachines(o),
    flags: new NodeFlags(o.shelf, o.book.flagged),
    budget,
    allowance,
    reread: new BalanceReread({ balance, read: readBalance, now: o.now, pause: o.pause }),
  };
}
