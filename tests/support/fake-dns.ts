import dns, { type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

/**
 * What a name resolves to now: its addresses, or null for a name this fake does not know (the real resolver answers).
 */
export type FakeAnswer = (host: string) => string[] | null;

export interface FakeDns {
  /** The resolver to give the node (`tuning.resolveHost`). */
  resolve: (host: string) => Promise<LookupAddress[]>;
  /** Every name this fake answered, in order, whichever way it was asked. */
  readonly asked: string[];
  /** Puts the process's own `dns.lookup` back. */
  restore(): void;
}

/**
 * "DNS" for a test that names public-looking hosts which lead to loopback, without touching /etc/hosts. The node
 * gets `resolve` through its seam; the process's `dns.lookup` (what `net.connect` and global `fetch` use) answers the
 * same names the same way, so code without that seam — the node before it had one — meets the same names. Names the
 * fake does not know go to the real resolver. One answer function serves both, so a name that answers differently on
 * its next call (DNS rebinding) does so whoever asks.
 */
export function installFakeDns(answer: FakeAnswer): FakeDns {
  const asked: string[] = [];
  const known = (host: string): LookupAddress[] | null => {
    const list = answer(host.toLowerCase());
    if (list === null) return null;
    asked.push(host);
    return list.map((address) => ({ address, family: isIP(address) === 6 ? 6 : 4 }));
  };
  const original = dns.lookup;
  const patched = ((host: string, options: unknown, callback?: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (
      err: Error | null,
      address?: string | LookupAddress[],
      family?: number,
    ) => void;
    const opts = (
      typeof options === 'object' && options !== null ? options : typeof options === 'number' ? { family: options } : {}
    ) as dns.LookupOptions;
    const list = known(host);
    if (list === null) return (original as (h: string, o: dns.LookupOptions, c: typeof cb) => void)(host, opts, cb);
    const fit = opts.family === 4 || opts.family === 6 ? list.filter((a) => a.family === opts.family) : list;
    process.nextTick(() => {
      if (fit.length === 0)
        cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host }));
      else if (opts.all) cb(null, fit);
      else cb(null, fit[0]!.address, fit[0]!.family);
    });
  }) as typeof dns.lookup;
  dns.lookup = patched;
  return {
    resolve: async (host) => known(host) ?? (await dns.promises.lookup(host, { all: true, order: 'verbatim' })),
    asked,
    restore: () => {
      if (dns.lookup === patched) dns.lookup = original;
    },
  };
}
