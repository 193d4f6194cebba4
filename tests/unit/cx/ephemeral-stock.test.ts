import { diffieHellman, type KeyObject } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StreamSealer, generateCxKeyPair, sealRequestText } from '@engine/cx';
import { decryptRequest } from '@engine/cx/request';
import { EphemeralStock, makeAgreement, type Agreement } from '@engine/cx/ephemeral-stock';
import { importX25519PublicRaw } from '@engine/cx/keys';

const CHAT = 'urn:iicp:intent:llm:chat:v1';

/** A stock whose refills run only when the test says, and whose agreements are numbered as they are made. */
function harness(o: { maxAgeMs?: number; maxKeys?: number; maxPerKey?: number } = {}) {
  let clock = 0;
  let made = 0;
  const pending: Array<{ fn: () => void; ms: number }> = [];
  const stock = new EphemeralStock({
    ...o,
    now: () => clock,
    later: (fn, ms) => void pending.push({ fn, ms }),
    make: () => ({ ephemeralRaw: Buffer.from([made]), shared: Buffer.from(`secret-${made++}`) }),
  });
  /** Runs what is due soon (the refills), not what waits for an age to pass (the sweeps). */
  const runLater = (): void => {
    for (let i = pending.findIndex((p) => p.ms <= 20); i >= 0; i = pending.findIndex((p) => p.ms <= 20))
      pending.splice(i, 1)[0]!.fn();
  };
  const runSweeps = (): void => {
    for (const p of pending.splice(0).filter((x) => x.ms > 20)) p.fn();
  };
  return { stock, made: () => made, runLater, runSweeps, advance: (ms: number) => (clock += ms) };
}

const key = {} as KeyObject;

describe('EphemeralStock', () => {
  it('makes the first agreement at once, then has more ready for the next tasks', () => {
    const h = harness();
    h.stock.take('node-a', key);
    expect(h.made()).toBe(1);
    h.runLater();
    const afterRefill = h.made();
    expect(afterRefill).toBeGreaterThan(1);
    h.stock.take('node-a', key);
    // The second task took one made ahead: nothing was made on its way.
    expect(h.made()).toBe(afterRefill);
  });

  it('hands out each agreement once', () => {
    const h = harness();
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const a = h.stock.take('node-a', key);
      const s = a.shared.toString();
      expect(seen.has(s)).toBe(false);
      seen.add(s);
      if (i % 3 === 0) h.runLater();
    }
  });

  it('grows the stock of a key while a burst finds it empty, up to its cap', () => {
    const h = harness({ maxPerKey: 16 });
    h.stock.take('node-a', key);
    h.runLater();
    const burst = () => {
      const before = h.made();
      for (let i = 0; i < 16; i++) h.stock.take('node-a', key);
      const madeOnTheWay = h.made() - before;
      h.runLater();
      return madeOnTheWay;
    };
    const first = burst();
    expect(first).toBeGreaterThan(0);
    burst();
    // Grown to the cap: a burst of 16 finds every agreement ready.
    expect(burst()).toBe(0);
  });

  it('throws away agreements kept longer than their age', () => {
    const h = harness({ maxAgeMs: 1000 });
    h.stock.take('node-a', key);
    h.runLater();
    h.advance(1001);
    const before = h.made();
    h.stock.take('node-a', key);
    // Every ready one was too old: the task got one made for it.
    expect(h.made()).toBe(before + 1);
  });

  it('drops agreements nobody took once they are older than their age, without a task coming', () => {
    const h = harness({ maxAgeMs: 1000 });
    h.stock.take('node-a', key);
    h.runLater();
    expect(h.stock.readyFor('node-a')).toBeGreaterThan(0);
    h.advance(999);
    h.runSweeps();
    expect(h.stock.readyFor('node-a')).toBeGreaterThan(0);
    h.advance(2);
    h.runSweeps();
    expect(h.stock.readyFor('node-a')).toBe(0);
  });

  it('keeps stocks for a bounded number of node keys', () => {
    const h = harness({ maxKeys: 2 });
    for (const id of ['a', 'b', 'c']) h.stock.take(id, key);
    h.runLater();
    const before = h.made();
    h.stock.take('a', key); // dropped when 'c' came: made now
    expect(h.made()).toBe(before + 1);
    const again = h.made();
    h.stock.take('c', key); // kept: ready
    expect(h.made()).toBe(again);
  });

  it('makes agreements the node opens: a real X25519 agreement with the recipient key', () => {
    const node = generateCxKeyPair();
    const a: Agreement = makeAgreement(importX25519PublicRaw(node.publicKeyRaw));
    const theirs = diffieHellman({ privateKey: node.privateKey, publicKey: importX25519PublicRaw(a.ephemeralRaw) });
    expect(theirs.equals(a.shared)).toBe(true);
    expect(a.ephemeralRaw).toHaveLength(32);
  });
});

describe('sealRequestText with agreements made ahead', () => {
  afterEach(() => vi.useRealTimers());

  it('seals every task of a burst with its own ephemeral key, each one the node opens', () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const node = generateCxKeyPair();
    const recipient = { key: node.publicKeyRaw.toString('base64url'), keyId: node.keyId };
    const kems = new Set<unknown>();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 20; i++) {
        const taskId = `t-${round}-${i}`;
        const sealed = sealRequestText(recipient, taskId, CHAT, JSON.stringify({ n: i }));
        expect(kems.has(sealed.envelope.kem_ciphertext)).toBe(false);
        kems.add(sealed.envelope.kem_ciphertext);
        const opened = decryptRequest(node, sealed.envelope);
        expect(opened.payload).toEqual({ n: i });
        // Both sides hold the same secret: the node's sealed stream opens on the gateway's side.
        const chunk = new StreamSealer(opened.shared, taskId).seal('"hi"', true);
        expect(sealed.streamOpener().open(chunk).plaintext.toString()).toBe('"hi"');
      }
      // The stock is made up between bursts, as in the gateway's idle time.
      vi.advanceTimersByTime(200);
    }
  });
});
