/**
 * Concurrency slots and QoS admission (a port of the reference `scheduler.rs` tests): a task
 * gets a free slot at once; when none is free, only `realtime` and `interactive` tasks wait — realtime
 * first — for up to 2 s, everything else is refused at once. One source holds at most all slots but one.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Admission } from '@engine/server/admission';
import { sourceCap } from '@engine/server/admission-shares';
import { CLAIM_MS, CONTENTION_MS, HEARING_MS, QUEUE_WAIT_MS, type Release } from '@engine/server/admission-terms';
import { RELAYED_SOURCE } from '@engine/server/relayed-task';

/** Follows a pending acquire() so a test can ask whether (and with what) it has settled. */
function track(p: Promise<Release | null>) {
  const t: { settled: boolean; release: Release | null } = { settled: false, release: null };
  void p.then((r) => {
    t.settled = true;
    t.release = r;
  });
  return t;
}

/** Lets promise callbacks run without moving the fake clock. */
const flush = () => vi.advanceTimersByTimeAsync(0);

/**
 * Holds every slot of `admission` (capacity `n`), each from a source of its own (one source never holds them all),
 * returning the release functions.
 */
async function fill(admission: Admission, n: number): Promise<Release[]> {
  const held: Release[] = [];
  for (let i = 0; i < n; i++) {
    const r = await admission.acquire('best_effort', `holder-${i}`);
    expect(r).not.toBeNull();
    held.push(r!);
  }
  return held;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('slots', () => {
  it('grants a slot to every task while fewer than `capacity` run, then refuses a best-effort task at once', async () => {
    const a = new Admission(() => 3);
    const held = await fill(a, 3);
    expect(a.activeJobs).toBe(3);
    expect(await a.acquire('best_effort')).toBeNull();
    held[0]!();
    expect(a.activeJobs).toBe(2);
    expect(await a.acquire('best_effort')).not.toBeNull();
    expect(a.activeJobs).toBe(3);
  });

  it('with capacity 0 refuses every class at once — nothing waits for slots that will not come', async () => {
    const a = new Admission(() => 0);
    const tries = ['realtime', 'interactive', 'batch', 'best_effort'].map((q) => track(a.acquire(q)));
    await flush(); // no clock movement at all
    expect(tries.map((t) => [t.settled, t.release])).toEqual(Array(4).fill([true, null]));
    expect(a.activeJobs).toBe(0);
  });

  it('refuses waiting tasks at once when capacity drops to 0 (node paused, window closed)', async () => {
    let cap = 1;
    const a = new Admission(() => cap);
    await fill(a, 1);
    const waiting = track(a.acquire('interactive'));
    await flush();
    expect(waiting.settled).toBe(false);
    cap = 0;
    a.capacityChanged();
    await flush();
    expect(waiting).toEqual({ settled: true, release: null });
  });

  it('makes a release function work once: calling it twice frees one slot', async () => {
    const a = new Admission(() => 2);
    const [first] = await fill(a, 2);
    first!();
    first!();
    expect(a.activeJobs).toBe(1);
    expect(await a.acquire('best_effort')).not.toBeNull();
    expect(await a.acquire('best_effort', 'another')).toBeNull(); // still only two slots in all
  });

  it('tells onChange on every take and every release, and not on a repeated release', async () => {
    const onChange = vi.fn();
    const a = new Admission(() => 2, onChange);
    const [r1, r2] = await fill(a, 2);
    expect(onChange).toHaveBeenCalledTimes(2);
    r1!();
    r1!();
    expect(onChange).toHaveBeenCalledTimes(3);
    r2!();
    expect(onChange).toHaveBeenCalledTimes(4);
    expect(await a.acquire('batch')).not.toBeNull(); // a slot is free again: granted, one more change
    expect(onChange).toHaveBeenCalledTimes(5);
  });
});

describe('queueing (scheduler.rs)', () => {
  it('ordering_realtime_highest: a freed slot goes to a waiting realtime task before an interactive one that waited longer', async () => {
    const a = new Admission(() => 1);
    const [held] = await fill(a, 1);
    const interactive = track(a.acquire('interactive'));
    await vi.advanceTimersByTimeAsync(500);
    const realtime = track(a.acquire('realtime'));
    await flush();
    held!();
    await flush();
    expect(realtime.settled).toBe(true);
    expect(realtime.release).not.toBeNull();
    expect(interactive.settled).toBe(false);
    realtime.release!();
    await flush();
    expect(interactive.release).not.toBeNull();
    expect(a.activeJobs).toBe(1);
  });

  it('serves waiters of the same class first come, first served', async () => {
    const a = new Admission(() => 1);
    const [held] = await fill(a, 1);
    const first = track(a.acquire('interactive'));
    const second = track(a.acquire('interactive'));
    await flush();
    held!();
    await flush();
    expect([first.release !== null && first.settled, second.settled]).toEqual([true, false]);
  });

  it('unknown_and_best_effort_lowest: unknown, absent and both best-effort spellings are the lowest class, which never waits', async () => {
    for (const raw of ['best-effort', 'best_effort', 'BEST-EFFORT', 'premium', '', undefined, 7]) {
      expect(Admission.qosClass(raw)).toBe('best_effort');
    }
    const a = new Admission(() => 1);
    await fill(a, 1);
    const t = track(a.acquire(Admission.qosClass('premium')));
    await flush();
    expect(t).toEqual({ settled: true, release: null });
  });

  it('only_realtime_interactive_eligible: batch, best_effort and unknown classes fail fast, realtime and interactive wait', async () => {
    const a = new Admission(() => 1);
    await fill(a, 1);
    const tries = Object.fromEntries(
      ['realtime', 'interactive', 'batch', 'best_effort', 'premium'].map((q) => [q, track(a.acquire(q))]),
    );
    await flush();
    expect(Object.fromEntries(Object.entries(tries).map(([q, t]) => [q, t.settled]))).toEqual({
      realtime: false,
      interactive: false,
      batch: true,
      best_effort: true,
      premium: true,
    });
    expect([tries.batch!.release, tries.best_effort!.release, tries.premium!.release]).toEqual([null, null, null]);
  });

  it('ends a wait after 2 s with null, and the slot freed later is not handed to the task that gave up', async () => {
    expect(QUEUE_WAIT_MS).toBe(2000);
    const a = new Admission(() => 1);
    const [held] = await fill(a, 1);
    const waiting = track(a.acquire('realtime'));
    await vi.advanceTimersByTimeAsync(1999);
    expect(waiting.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(waiting).toEqual({ settled: true, release: null });
    held!();
    expect(a.activeJobs).toBe(0);
  });

  it('bounds the waiting queue: with 256 tasks waiting, the 257th is refused at once', async () => {
    const a = new Admission(() => 1);
    await fill(a, 1);
    const waiters = Array.from({ length: 256 }, (_, i) => track(a.acquire('interactive', `10.0.0.${i % 8}`)));
    const extra = track(a.acquire('realtime', '10.0.1.1'));
    await flush();
    expect(waiters.some((w) => w.settled)).toBe(false);
    expect(extra).toEqual({ settled: true, release: null });
    await vi.advanceTimersByTimeAsync(QUEUE_WAIT_MS);
    expect(waiters.every((w) => w.settled && w.release === null)).toBe(true);
    // The queue drained: waiting is possible again.
    const later = track(a.acquire('interactive'));
    await flush();
    expect(later.settled).toBe(false);
  });

  it('capacityChanged() hands the new slots to waiters, best class first', async () => {
    let cap = 1;
    const a = new Admission(() => cap);
    await fill(a, 1);
    const interactive = track(a.acquire('interactive'));
    const realtime1 = track(a.acquire('realtime'));
    const realtime2 = track(a.acquire('realtime'));
    await flush();
    cap = 3;
    a.capacityChanged();
    await flush();
    expect([realtime1.settled, realtime2.settled, interactive.settled]).toEqual([true, true, false]);
    expect(realtime1.release).not.toBeNull();
    expect(realtime2.release).not.toBeNull();
    expect(a.activeJobs).toBe(3);
  });

  it('does not let a newcomer overtake a waiter when capacity grew without capacityChanged()', async () => {
    let cap = 1;
    const a = new Admission(() => cap);
    await fill(a, 1);
    const waiting = track(a.acquire('interactive', 'waiter'));
    await flush();
    cap = 2;
    const newcomer = track(a.acquire('realtime', 'newcomer')); // asks before anyone hands out the new slot…
    await flush();
    expect(waiting.settled).toBe(true); // …but the waiter gets it, and the newcomer waits in turn
    expect(waiting.release).not.toBeNull();
    expect(newcomer.settled).toBe(false);
    expect(a.activeJobs).toBe(2);
  });
});

describe('fairness between sources', () => {
  it('lets one source use all slots but one while nobody else wants one: the last is there at once for another source', async () => {
    const a = new Admission(() => 4);
    for (let i = 0; i < 3; i++) expect(a.tryAcquire('10.0.0.1')).not.toBeNull();
    expect(a.tryAcquire('10.0.0.1')).toBeNull();
    expect(await a.acquire('batch', '10.0.0.1')).toBeNull();
    expect(a.heldBy('10.0.0.1')).toBe(3);
    expect(a.tryAcquire('10.0.0.2')).not.toBeNull();
    expect(a.activeJobs).toBe(4);
  });

  it('once another source wants a slot, each gets a max-min share of the capacity: the others what they ask for, the hog the rest', async () => {
    const a = new Admission(() => 4);
    const hog = Array.from({ length: 3 }, () => a.tryAcquire('hog')!);
    expect(a.tryAcquire('second')).not.toBeNull();
    expect(await a.acquire('best_effort', 'other')).toBeNull(); // refused: every slot is busy; it wants one
    hog[0]!();
    hog[1]!();
    // The other and the second want 1 each, the hog the remaining 2: the hog may take one back, not two.
    expect(a.tryAcquire('hog')).not.toBeNull();
    expect(a.tryAcquire('hog')).toBeNull();
    expect(a.tryAcquire('other')).not.toBeNull();
    expect(a.activeJobs).toBe(4);
  });

  it('keeps the slot of a consumer that sends one task at a time: between its tasks nobody else takes it', async () => {
    const a = new Admission(() => 2);
    const mine = a.tryAcquire('consumer')!;
    const hog = a.tryAcquire('hog')!;
    expect(a.tryAcquire('hog')).toBeNull(); // wants 2, but the consumer was served a moment ago and wants 1
    mine();
    expect(a.tryAcquire('hog')).toBeNull();
    expect(a.tryAcquire('consumer')).not.toBeNull();
    hog();
  });

  it('splits equally between sources that want the same', async () => {
    const a = new Admission(() => 4);
    for (const s of ['a', 'b', 'a', 'b']) expect(a.tryAcquire(s)).not.toBeNull();
    expect(await a.acquire('best_effort', 'a')).toBeNull();
    expect(await a.acquire('best_effort', 'b')).toBeNull();
    expect([a.heldBy('a'), a.heldBy('b')]).toEqual([2, 2]);
  });

  it('forgets a source idle for 10 s: the remaining sources may use their cap again', async () => {
    const a = new Admission(() => 3);
    const hog = [a.tryAcquire('hog')!, a.tryAcquire('hog')!];
    expect(a.tryAcquire('steady')).not.toBeNull();
    expect(await a.acquire('batch', 'other')).toBeNull();
    hog[0]!();
    expect(a.tryAcquire('hog')).toBeNull(); // the other wants its one
    await vi.advanceTimersByTimeAsync(10_001);
    expect(a.tryAcquire('hog')).not.toBeNull();
  });

  it('hands a freed slot to the waiter whose source holds the fewest, before earlier waiters of a busier source', async () => {
    const a = new Admission(() => 3);
    const held = [a.tryAcquire('a')!, a.tryAcquire('a')!, a.tryAcquire('b')!];
    const fromA = track(a.acquire('realtime', 'a'));
    const fromC = track(a.acquire('interactive', 'c'));
    await flush();
    held[0]!();
    await flush();
    expect([fromA.settled && fromA.release !== null, fromC.settled && fromC.release !== null]).toEqual([false, true]);
    // b, served a moment ago, keeps its one slot for its next task rather than a (already at its share) taking it.
    held[2]!();
    await flush();
    expect(fromA.settled).toBe(false);
    expect(a.tryAcquire('b')).not.toBeNull();
  });

  it('lets one source wait with at most 32 tasks', async () => {
    const a = new Admission(() => 1);
    await fill(a, 1);
    const waiting = Array.from({ length: 32 }, () => track(a.acquire('interactive', 'one')));
    const extra = track(a.acquire('interactive', 'one'));
    const another = track(a.acquire('interactive', 'two'));
    await flush();
    expect(waiting.some((w) => w.settled)).toBe(false);
    expect(extra).toEqual({ settled: true, release: null });
    expect(another.settled).toBe(false);
  });

  it('tells the newest tasks of a source over its share, once, and asks again before acting on it', async () => {
    const a = new Admission(
      () => 4,
      () => {},
      { overShareGraceMs: 5_000 },
    );
    const told: { id: number; grace: number; stillOver: () => boolean }[] = [];
    const releases = [0, 1, 2].map((id) =>
      a.tryAcquire('hog', (grace, stillOver) => told.push({ id, grace, stillOver }))!,
    );
    expect(a.tryAcquire('steady')).not.toBeNull();
    expect(told).toEqual([]);
    a.noteRefused('other');
    a.noteRefused('third');
    // Three others want one each: the hog's share is 1 of 4, its two newest are over it, each told once with the grace.
    expect(told.map((t) => [t.id, t.grace])).toEqual([
      [2, 5_000],
      [1, 5_000],
    ]);
    a.noteRefused('other');
    expect(told).toHaveLength(2);
    expect(told.map((t) => t.stillOver())).toEqual([true, true]);
    // The oldest finishes: now only the newest is over the share.
    releases[0]!();
    expect(told.map((t) => t.stillOver())).toEqual([true, false]);
    // The others asked no more: beside the steady source the hog's share is its two again, nothing is over it.
    await vi.advanceTimersByTimeAsync(10_001);
    expect(told[0]!.stillOver()).toBe(false);
  });
});

describe('cap: one source holds at most all slots but one', () => {
  it('is max(1, N − 1) of the N slots for every source but the relay, which may use them all', () => {
    expect([1, 2, 3, 8].map((n) => sourceCap('203.0.113.7', n))).toEqual([1, 1, 2, 7]);
    expect([1, 2, 3, 8].map((n) => sourceCap(RELAYED_SOURCE, n))).toEqual([1, 2, 3, 8]);
  });

  it('with two slots, a source sending two tasks gets one; the other stays free for another source, which gets it at once', async () => {
    const a = new Admission(() => 2);
    const first = a.tryAcquire('hog');
    expect(first).not.toBeNull();
    // Its second task, even one that may wait, is not given the last slot: it waits in vain while the slot stays free.
    const second = track(a.acquire('interactive', 'hog'));
    expect(await a.acquire('batch', 'hog')).toBeNull();
    await flush();
    expect([second.settled, a.activeJobs]).toEqual([false, 1]);
    expect(await a.acquire('batch', 'consumer')).not.toBeNull();
    await vi.advanceTimersByTimeAsync(QUEUE_WAIT_MS);
    expect(second).toEqual({ settled: true, release: null });
    expect(a.heldBy('hog')).toBe(1);
  });

  it('follows the capacity in force: fewer slots, a lower cap; more slots, a higher one', () => {
    let cap = 4;
    const a = new Admission(() => cap);
    const held = [a.tryAcquire('hog')!, a.tryAcquire('hog')!, a.tryAcquire('hog')!];
    expect(held.every(Boolean)).toBe(true);
    expect(a.tryAcquire('hog')).toBeNull();
    cap = 2; // the owner needs the GPU, or the schedule offers fewer slots
    held.pop()!();
    held.pop()!();
    expect(a.heldBy('hog')).toBe(1);
    expect(a.tryAcquire('hog')).toBeNull(); // one of two is its cap now, although a slot is free
    cap = 6;
    for (let i = 0; i < 4; i++) expect(a.tryAcquire('hog')).not.toBeNull();
    expect(a.tryAcquire('hog')).toBeNull();
    expect(a.heldBy('hog')).toBe(5);
  });

  it("lets the node's relay worker use every slot, and still makes it share them with another source", async () => {
    const a = new Admission(() => 2);
    const relayed = [a.tryAcquire(RELAYED_SOURCE)!, a.tryAcquire(RELAYED_SOURCE)!];
    expect(relayed.every(Boolean)).toBe(true);
    expect(await a.acquire('best_effort', 'direct')).toBeNull(); // told Retry-After: 2
    relayed[0]!();
    expect(a.tryAcquire(RELAYED_SOURCE)).toBeNull(); // the direct consumer's turn and share
    expect(a.tryAcquire('direct')).not.toBeNull();
  });
});

describe('turns: a freed slot is kept for the source refused before', () => {
  it('with one slot, a source that refills the moment its task ends cannot take the slot back from a consumer it refused', async () => {
    const a = new Admission(() => 1);
    let hog = a.tryAcquire('hog')!;
    expect(await a.acquire('best_effort', 'consumer')).toBeNull(); // told Retry-After: 2
    await vi.advanceTimersByTimeAsync(1_500);
    hog();
    // The hog asks again at once, and keeps asking: the slot is the consumer's turn.
    expect(a.tryAcquire('hog')).toBeNull();
    expect(await a.acquire('best_effort', 'hog')).toBeNull();
    await vi.advanceTimersByTimeAsync(CLAIM_MS - 2_000);
    const mine = a.tryAcquire('consumer');
    expect(mine).not.toBeNull();
    // Served: now the hog, served less recently, goes first.
    expect(await a.acquire('best_effort', 'consumer')).toBeNull();
    mine!();
    expect(a.tryAcquire('consumer')).toBeNull();
    hog = a.tryAcquire('hog')!;
    expect(hog).not.toBeNull();
    hog();
  });

  it('gives the freed slot to the waiting consumer, not to the waiters the busy source queued before it asked', async () => {
    const a = new Admission(() => 1);
    const hog = a.tryAcquire('hog')!;
    const hogWaiters = [track(a.acquire('interactive', 'hog')), track(a.acquire('interactive', 'hog'))];
    const consumer = track(a.acquire('interactive', 'consumer'));
    await flush();
    hog();
    await flush();
    expect(consumer.settled && consumer.release !== null).toBe(true);
    expect(hogWaiters.some((w) => w.settled)).toBe(false);
    consumer.release!();
    await flush();
    expect(hogWaiters[0]!.release).not.toBeNull();
  });

  it('lets a claim lapse when its source does not come back: a waiter of another source then gets the slot without a release', async () => {
    const a = new Admission(() => 1);
    const hog = a.tryAcquire('hog')!;
    expect(await a.acquire('best_effort', 'gone')).toBeNull();
    hog();
    // A third source waits; the slot is kept for `gone` until its claim lapses (CLAIM_MS after it asked), then handed
    // over.
    const third = track(a.acquire('interactive', 'third', CLAIM_MS + 1_000));
    await vi.advanceTimersByTimeAsync(CLAIM_MS - 100);
    expect(third.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(third.settled && third.release !== null).toBe(true);
  });

  it('keeps nothing for a source that already holds more than the one asking', async () => {
    const a = new Admission(() => 3);
    const held = [a.tryAcquire('a')!, a.tryAcquire('a')!, a.tryAcquire('b')!];
    expect(await a.acquire('best_effort', 'a')).toBeNull(); // a wants a third: it holds two already
    held[2]!();
    expect(a.tryAcquire('b')).not.toBeNull(); // b holds none: a's claim is not ahead of it
    held[0]!();
    held[1]!();
  });
});

describe('turns are for sources that send tasks that run', () => {
  /** One slot, held by `hog`; `junk` refused unread (it is owed the slot next); returns the hog's release. */
  function keptForJunk(a: Admission): Release {
    const hog = a.tryAcquire('hog')!;
    a.noteRefused('junk');
    return hog;
  }

  it('a source whose request, come for its turn, cannot run gives the turn up: the waiting consumer gets the slot at once', async () => {
    const a = new Admission(() => 1);
    const hog = keptForJunk(a);
    await vi.advanceTimersByTimeAsync(10);
    a.noteRefused('consumer'); // refused before too, later than junk: junk is first
    hog();
    const consumer = track(a.acquire('interactive', 'consumer'));
    await flush();
    expect(consumer.settled).toBe(false); // the slot is kept for junk
    const heard = a.hear('junk');
    heard();
    a.forfeit('junk'); // its body was no task
    await flush();
    expect(consumer.settled && consumer.release !== null).toBe(true);
  });

  it('one that sent what could not run earns no turn while it keeps asking unread, and earns one again once a task of it runs', async () => {
    const a = new Admission(() => 1);
    a.forfeit('junk');
    let hog = a.tryAcquire('hog')!;
    for (let i = 0; i < 5; i++) {
      a.noteRefused('junk');
      await vi.advanceTimersByTimeAsync(CONTENTION_MS / 2); // asking the whole time: it stays unproven
    }
    hog();
    expect(a.tryAcquire('consumer')).not.toBeNull(); // nothing kept for junk
    // A task of junk that runs proves it: refused again, it is owed a turn.
    const b = new Admission(() => 1);
    b.forfeit('junk');
    b.tryAcquire('junk')!();
    hog = b.tryAcquire('hog')!;
    b.noteRefused('junk');
    hog();
    expect(b.tryAcquire('hog')).toBeNull(); // served since junk was: junk goes first
  });

  it('forgets a source sent nothing that could not run once it has been silent for the contention window', async () => {
    const a = new Admission(() => 1);
    a.forfeit('junk');
    await vi.advanceTimersByTimeAsync(CONTENTION_MS);
    const hog = a.tryAcquire('hog')!;
    a.noteRefused('junk');
    hog();
    expect(a.tryAcquire('consumer')).toBeNull(); // junk is owed the slot again
  });

  it('a task understood and refused for capacity earns a turn even from a source that sent junk before', async () => {
    const a = new Admission(() => 1);
    a.forfeit('src');
    const hog = a.tryAcquire('hog')!;
    expect(await a.acquire('best_effort', 'src')).toBeNull();
    hog();
    expect(a.tryAcquire('consumer')).toBeNull();
  });

  it('keeps a turn at most HEARING_MS for the body of the request that came for it, and refusals meanwhile earn none', async () => {
    const a = new Admission(() => 1);
    const hog = keptForJunk(a);
    hog();
    const heard = a.hear('junk'); // a body that never ends
    for (let i = 0; i < 3; i++) a.noteRefused('junk'); // its other connections, refused unread
    const consumer = track(a.acquire('interactive', 'consumer'));
    await vi.advanceTimersByTimeAsync(HEARING_MS - 100);
    expect(consumer.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(consumer.settled && consumer.release !== null).toBe(true);
    heard();
  });

  it('lets a source with a task still waiting keep its claim when another request of it cannot run', async () => {
    const a = new Admission(() => 1);
    const hog = a.tryAcquire('hog')!;
    const waiting = track(a.acquire('interactive', 'src'));
    a.forfeit('src');
    hog();
    await flush();
    expect(waiting.settled && waiting.release !== null).toBe(true);
  });
});
