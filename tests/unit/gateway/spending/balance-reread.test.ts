/**
 * The balance read again before a refusal for it: at most once per interval on a fake clock (also while a read is
 * under way), and "grew" only when the fresh read shows more than before.
 */
import { describe, expect, it } from 'vitest';
import { BalanceReread } from '@engine/gateway/spending/balance-reread';
import { fakeClock } from '../../../support/fake-clock';

function rig(first: number | null) {
  const clock = fakeClock();
  let balance = first;
  let directory = first;
  let reads = 0;
  let fail = false;
  const reread = new BalanceReread({
    balance: () => balance,
    read: async () => {
      reads += 1;
      if (fail) throw new Error('directory down');
      balance = directory;
    },
    now: clock.now,
    everyMs: 5_000,
  });
  return {
    reread,
    clock,
    reads: () => reads,
    grant: (to: number) => {
      directory = to;
    },
    failReads: () => {
      fail = true;
    },
  };
}

describe('BalanceReread', () => {
  it('says the balance grew only when the fresh read shows more', async () => {
    const r = rig(0);
    expect(await r.reread.grew()).toBe(false);
    r.grant(10);
    r.clock.advance(5_000);
    expect(await r.reread.grew()).toBe(true);
    r.clock.advance(5_000);
    expect(await r.reread.grew()).toBe(false);
    expect(r.reads()).toBe(3);
  });

  it('reads at most once per interval, also while a read is under way', async () => {
    const r = rig(0);
    r.grant(10);
    const together = await Promise.all([r.reread.grew(), r.reread.grew(), r.reread.grew()]);
    expect(together).toEqual([true, false, false]);
    r.clock.advance(4_999);
    expect(await r.reread.grew()).toBe(false);
    expect(r.reads()).toBe(1);
    r.clock.advance(1);
    await r.reread.grew();
    expect(r.reads()).toBe(2);
  });

  it('counts a first read of an unread balance as grown, and a failed read as not', async () => {
    const unread = rig(null);
    unread.grant(3);
    expect(await unread.reread.grew()).toBe(true);

    const down = rig(0);
    down.grant(10);
    down.failReads();
    expect(await down.reread.grew()).toBe(false);
  });

  it('does not hold a refusal for a directory that hangs: the read goes on and serves the next request', async () => {
    const clock = fakeClock();
    let balance = 0;
    let answer: () => void = () => undefined;
    let waitOver: () => void = () => undefined;
    const waits: number[] = [];
    const reread = new BalanceReread({
      balance: () => balance,
      read: () =>
        new Promise<void>((resolve) => {
          answer = () => {
            balance = 10;
            resolve();
          };
        }),
      now: clock.now,
      everyMs: 5_000,
      waitMs: 1_000,
      pause: (ms) => {
        waits.push(ms);
        return new Promise<void>((resolve) => (waitOver = resolve));
      },
    });
    const grew = reread.grew();
    waitOver();
    expect(await grew).toBe(false);
    expect(waits).toEqual([1_000]);
    answer();
    await Promise.resolve();
    expect(balance).toBe(10);
  });

  it('does not wait again for a directory that did not answer in time, until one of its reads answers', async () => {
    const clock = fakeClock();
    let balance = 0;
    const answers: (() => void)[] = [];
    const waitsOver: (() => void)[] = [];
    const reread = new BalanceReread({
      balance: () => balance,
      read: () =>
        new Promise<void>((resolve) => {
          answers.push(() => {
            balance += 10;
            resolve();
          });
        }),
      now: clock.now,
      everyMs: 5_000,
      waitMs: 1_000,
      pause: () => new Promise<void>((resolve) => waitsOver.push(resolve)),
    });
    const first = reread.grew();
    waitsOver[0]!();
    expect(await first).toBe(false);

    // The directory still hangs: the next read starts, but the refusal is not held behind it.
    clock.advance(5_000);
    expect(await reread.grew()).toBe(false);
    expect(answers).toHaveLength(2);
    expect(waitsOver).toHaveLength(1);

    // Once a read answers, the next refusal waits for its read again (and sees the balance it brings).
    answers[1]!();
    // The answer settles on the next turn of the event loop.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(balance).toBe(10);
    clock.advance(5_000);
    const third = reread.grew();
    expect(waitsOver).toHaveLength(2);
    answers[2]!();
    expect(await third).toBe(true);
  });
});
