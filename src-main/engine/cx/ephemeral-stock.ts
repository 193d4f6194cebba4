import { diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * Ephemeral agreements made ahead of the tasks that use them. Sealing a task starts with a fresh X25519 key pair and
 * its agreement with the node's key; that is most of the sealing's cost, and a gateway that gets many requests at
 * once would pay it for each before the first could go out. So, for the node keys in use, a few agreements are made
 * while the gateway is otherwise idle, and a task takes one ready.
 *
 * Each agreement is handed out once and only its result is kept (the ephemeral public key and the shared secret; the
 * private key is dropped as soon as the agreement is made). Unused ones are thrown away after `maxAgeMs`, so a
 * secret never waits long in memory. The stock of a key grows only while its tasks find it empty.
 */
export interface Agreement {
  /** The ephemeral public key, raw 32 bytes: the envelope's `kem_ciphertext`. */
  ephemeralRaw: Buffer;
  shared: Buffer;
}

export interface EphemeralStockOptions {
  /** Agreements kept ready per node key at most. */
  maxPerKey?: number;
  /** Node keys with a stock at most; the one used longest ago is dropped. */
  maxKeys?: number;
  maxAgeMs?: number;
  /** How long after a take the stock is made up again (a burst of requests goes first). */
  refillDelayMs?: number;
  /** Agreements made per turn of the event loop while refilling. */
  perTurn?: number;
  now?: () => number;
  /** Runs `fn` later, off the request path (tests pass their own). */
  later?: (fn: () => void, ms: number) => void;
  make?: (recipient: KeyObject) => Agreement;
}

const FIRST_TARGET = 4;

interface Stock {
  recipient: KeyObject;
  ready: Array<{ agreement: Agreement; madeAt: number }>;
  /** How many to keep ready: doubled each time a take finds none. */
  target: number;
  refilling: boolean;
  /** Whether a sweep of the ones kept too long is due. */
  sweeping: boolean;
}

export function makeAgreement(recipient: KeyObject): Agreement {
  const eph = generateKeyPairSync('x25519');
  const shared = diffieHellman({ privateKey: eph.privateKey, publicKey: recipient });
  return { ephemeralRaw: Buffer.from(eph.publicKey.export({ format: 'jwk' }).x as string, 'base64url'), shared };
}

function defaultLater(fn: () => void, ms: number): void {
  setTimeout(fn, ms).unref();
}

export class EphemeralStock {
  private readonly stocks = new Map<string, Stock>();
  private readonly maxPerKey: number;
  private readonly maxKeys: number;
  private readonly maxAgeMs: number;
  private readonly refillDelayMs: number;
  private readonly perTurn: number;
  private readonly now: () => number;
  private readonly later: (fn: () => void, ms: number) => void;
  private readonly make: (recipient: KeyObject) => Agreement;

  constructor(o: EphemeralStockOptions = {}) {
    this.maxPerKey = o.maxPerKey ?? 32;
    this.maxKeys = o.maxKeys ?? 16;
    this.maxAgeMs = o.maxAgeMs ?? 30_000;
    this.refillDelayMs = o.refillDelayMs ?? 20;
    this.perTurn = o.perTurn ?? 4;
    this.now = o.now ?? (() => performance.now());
    this.later = o.later ?? defaultLater;
    this.make = o.make ?? makeAgreement;
  }

  /** How many agreements with a node key are ready now. */
  readyFor(id: string): number {
    return this.stocks.get(id)?.ready.length ?? 0;
  }

  /**
   * An agreement with `recipient` (named by `id`, its encoded key) never handed out before: one ready, else made now.
   */
  take(id: string, recipient: KeyObject): Agreement {
    let stock = this.stocks.get(id);
    if (stock) {
      // Most recently used last, so the first one is the one to drop.
      this.stocks.delete(id);
      this.stocks.set(id, stock);
    } else {
      stock = { recipient, ready: [], target: 0, refilling: false, sweeping: false };
      this.stocks.set(id, stock);
      if (this.stocks.size > this.maxKeys) this.stocks.delete(this.stocks.keys().next().value!);
    }
    const oldest = this.now() - this.maxAgeMs;
    let got: Agreement | null = null;
    while (got === null && stock.ready.length > 0) {
      const next = stock.ready.pop()!;
      if (next.madeAt >= oldest) got = next.agreement;
    }
    if (got === null) stock.target = Math.min(this.maxPerKey, Math.max(FIRST_TARGET, stock.target * 2));
    this.refillLater(id, stock);
    return got ?? this.make(recipient);
  }

  private refillLater(id: string, stock: Stock): void {
    if (stock.refilling || stock.ready.length >= stock.target) return;
    stock.refilling = true;
    this.later(() => this.refill(id, stock), this.refillDelayMs);
  }

  private refill(id: string, stock: Stock): void {
    stock.refilling = false;
    if (this.stocks.get(id) !== stock) return; // dropped meanwhile
    this.dropOld(stock);
    for (let i = 0; i < this.perTurn && stock.ready.length < stock.target; i++) {
      stock.ready.push({ agreement: this.make(stock.recipient), madeAt: this.now() });
    }
    if (stock.ready.length < stock.target) {
      stock.refilling = true;
      this.later(() => this.refill(id, stock), 0);
    }
    this.sweepLater(stock);
  }

  /** Secrets nobody took are not kept past their age, even when no task comes to find them old. */
  private sweepLater(stock: Stock): void {
    if (stock.sweeping || stock.ready.length === 0) return;
    stock.sweeping = true;
    this.later(() => {
      stock.sweeping = false;
      this.dropOld(stock);
      this.sweepLater(stock);
    }, this.maxAgeMs);
  }

  private dropOld(stock: Stock): void {
    const oldest = this.now() - this.maxAgeMs;
    if (stock.ready.length > 0 && stock.ready[0]!.madeAt < oldest)
      stock.ready = stock.ready.filter((r) => r.madeAt >= oldest);
  }
}
