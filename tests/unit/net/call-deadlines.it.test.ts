/**
 * The deadlines of calls in flight, watched by one shared timer: every call past its deadline is told, in deadline
 * order whatever the order the calls started in, and a call that ended is off the list at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  deadlineAfter,
  unwatchDeadline,
  watchDeadline,
  watchedDeadlines,
  type Deadlined,
} from '@engine/net/call-deadlines';
import { Cancellation, TransportAbortedError, TransportTimeoutError } from '@engine/net/call-cancellation';
import { httpCall, type CallOptions } from '@engine/net/http-client';
import { startNagleServer, type NagleServer } from './nagle-server';

let servers: NagleServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

function deadlined(timeoutMs: number, told: string[], name: string): Deadlined & { done: Promise<void> } {
  let resolve = () => {};
  const done = new Promise<void>((r) => (resolve = r));
  return {
    deadline: deadlineAfter(timeoutMs),
    prevDue: null,
    nextDue: null,
    expired: () => {
      told.push(name);
      resolve();
    },
    done,
  };
}

describe('call deadlines', () => {
  it('are told in deadline order, each once, and leave the list', async () => {
    const told: string[] = [];
    const late = deadlined(60, told, 'late');
    const soon = deadlined(20, told, 'soon');
    const mid = deadlined(40, told, 'mid');
    for (const d of [late, soon, mid]) watchDeadline(d);
    expect(watchedDeadlines()).toBe(3);
    await Promise.all([late.done, soon.done, mid.done]);
    expect(told).toEqual(['soon', 'mid', 'late']);
    expect(watchedDeadlines()).toBe(0);
  });

  it('one that ended is never told, wherever it sat in the list', async () => {
    const told: string[] = [];
    const ds = ['a', 'b', 'c', 'd'].map((n, i) => deadlined(20 + i, told, n));
    for (const d of ds) watchDeadline(d);
    unwatchDeadline(ds[1]!); // middle
    unwatchDeadline(ds[3]!); // head (the last watched)
    unwatchDeadline(ds[3]!); // twice: nothing
    expect(watchedDeadlines()).toBe(2);
    await Promise.all([ds[0]!.done, ds[2]!.done]);
    expect(told).toEqual(['a', 'c']);
  });
});

describe('httpCall deadlines', () => {
  const base: CallOptions = { timeoutMs: 5_000, maxBytes: 1 << 20, maxErrorBytes: 1 << 16 };

  it('a call to a server that does not answer times out (connected), the shorter timeout first; nothing stays watched', async () => {
    // One answered call first: the first call of a process loads the HTTP client's pool, and on a busy machine that
    // load alone could take longer than the two deadlines are apart.
    const answering = await startNagleServer({ nagle: false });
    servers.push(answering);
    await httpCall(`${answering.url}/x`, {}, '{}', base);
    const s = await startNagleServer({ nagle: false, latencyMs: 60_000 });
    servers.push(s);
    const order: number[] = [];
    const slow = httpCall(`${s.url}/x`, {}, '{}', { ...base, timeoutMs: 1_000 }).catch(
      (e: unknown) => (order.push(1_000), e),
    );
    const fast = httpCall(`${s.url}/x`, {}, '{}', { ...base, timeoutMs: 100 }).catch(
      (e: unknown) => (order.push(100), e),
    );
    const [a, b] = await Promise.all([slow, fast]);
    for (const e of [a, b]) {
      expect(e).toBeInstanceOf(TransportTimeoutError);
      expect((e as TransportTimeoutError).connected).toBe(true);
    }
    expect(order).toEqual([100, 1_000]);
    expect(watchedDeadlines()).toBe(0);
  });

  it('calls that were answered, failed or were cancelled are off the list at once', async () => {
    const s = await startNagleServer({ nagle: false });
    servers.push(s);
    const answers = await Promise.all(Array.from({ length: 5 }, () => httpCall(`${s.url}/x`, {}, '{}', base)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    await expect(httpCall('http://127.0.0.1:9/x', {}, '{}', base)).rejects.toBeTruthy();
    const hanging = await startNagleServer({ nagle: false, latencyMs: 60_000 });
    servers.push(hanging);
    const cancel = new Cancellation();
    const call = httpCall(`${hanging.url}/x`, {}, '{}', { ...base, cancel });
    expect(watchedDeadlines()).toBe(1);
    cancel.cancel();
    await expect(call).rejects.toBeInstanceOf(TransportAbortedError);
    expect(watchedDeadlines()).toBe(0);
  });
});
