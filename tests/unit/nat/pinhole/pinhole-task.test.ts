import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pinholeHealthState } from '@engine/nat/pinhole/pinhole-health';
import { PinholeTask, type PinholeTaskEvent, type PinholeTaskStatus } from '@engine/nat/pinhole/pinhole-task';
import type { PinholeTaskOptions } from '@engine/nat/pinhole/pinhole-task-options';
import { english } from '@shared/i18n/say';
import { stepWords } from '../../../support/step-words';
import { failure, OPEN, ROUTER_V4, ROUTER_V6, ScriptedPinholeClient, upnpError } from './scripted-client';

const ADDRESS = '2a0e:97c0:38f:1::2';
const PORT = 7443;
const HALF_HOUR = 1_800_000;

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

let client: ScriptedPinholeClient;

function makeTask(overrides: Partial<PinholeTaskOptions> = {}) {
  const task = new PinholeTask({ client, address: ADDRESS, port: PORT, ...overrides });
  const events: PinholeTaskEvent[] = [];
  task.onChange((e) => events.push(e));
  const ofType = <T extends PinholeTaskEvent['type']>(t: T) =>
    events.filter((e): e is Extract<PinholeTaskEvent, { type: T }> => e.type === t);
  return { task, events, ofType };
}

/** A task whose discovery, status check and AddPinhole (ID `id`) succeed. */
async function startOpen(id = 9, overrides: Partial<PinholeTaskOptions> = {}) {
  client.script.discover.push([ROUTER_V6, ROUTER_V4]);
  client.script.getFirewallStatus.push(OPEN);
  client.script.addPinhole.push(id);
  const t = makeTask(overrides);
  await t.task.start();
  expect(t.task.state).toBe('open');
  return t;
}

const lastStep = (s: PinholeTaskStatus) => english.said(s.steps.at(-1)!.words);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
  client = new ScriptedPinholeClient();
});

afterEach(() => {
  vi.useRealTimers();
  expect(client.unscripted).toEqual([]);
  // The task only ever asks for its own address and port, over TCP.
  for (const c of client.calls)
    if (c.req)
      expect(c.req).toEqual({
        internalClient: ADDRESS,
        internalPort: PORT,
        leaseSeconds: c.req.leaseSeconds,
        protocol: 'tcp',
      });
});

describe('PinholeTask opening', () => {
  it('checks the firewall, opens the pinhole on the IPv6 router, and reports it for the UI and /iicp/health', async () => {
    const { task, ofType } = await startOpen(9);
    const s = task.status;
    expect(s).toMatchObject({
      state: 'open',
      uniqueId: 9,
      address: ADDRESS,
      port: PORT,
      leaseSeconds: 3600,
      leaseRemainingSeconds: 3600,
      lastRenewalAt: Date.now(),
      consecutiveFailures: 0,
      lastError: null,
      nextAttemptAt: Date.now() + HALF_HOUR,
      router: ROUTER_V6.controlUrlText,
    });
    expect(client.calls.map((c) => `${c.method} ${c.service ?? ''}`.trim())).toEqual([
      'discover',
      `getFirewallStatus ${ROUTER_V6.controlUrlText}`,
      `addPinhole ${ROUTER_V6.controlUrlText}`,
    ]);
    expect(client.calls[2]!.req).toEqual({
      internalClient: ADDRESS,
      internalPort: PORT,
      leaseSeconds: 3600,
      protocol: 'tcp',
    });
    expect(ofType('opened')).toEqual([
      { type: 'opened', pinhole: { uniqueId: 9, address: ADDRESS, port: PORT, leaseSeconds: 3600 }, reopened: false },
    ]);
    expect(lastStep(s)).toBe(
      `The router opened its IPv6 firewall for [${ADDRESS}]:${PORT} (pinhole ID 9, lease 3600 s).`,
    );
    expect(pinholeHealthState(s)).toEqual({ active: true, unique_id: 9, lease_seconds: 3600 });
  });

  it("says there is nothing to open when the router's IPv6 firewall is off", async () => {
    client.script.discover.push([ROUTER_V6]);
    client.script.getFirewallStatus.push({ firewallEnabled: false, inboundPinholeAllowed: true });
    const { task, ofType } = makeTask();
    const s = await task.start();
    expect(s.state).toBe('not_needed');
    expect(ofType('not_needed')[0]!.reason).toContain('firewall is switched off');
    expect(client.count('addPinhole')).toBe(0);
    expect(pinholeHealthState(s)).toEqual({ active: false });
  });

  it('refuses with guidance when the router does not let devices open pinholes, and asks nothing more', async () => {
    client.script.discover.push([ROUTER_V6]);
    client.script.getFirewallStatus.push({ firewallEnabled: true, inboundPinholeAllowed: false });
    const { task, ofType } = makeTask();
    const s = await task.start();
    expect(s.state).toBe('refused');
    expect(ofType('refused')[0]).toMatchObject({
      upnpCode: null,
      reason: expect.stringContaining('does not let devices open pinholes'),
    });
    expect(english.said(s.lastError!)).toContain('FRITZ!Box');
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(client.count('addPinhole')).toBe(0);
  });

  it('reports a 606 refusal of AddPinhole with its code and the FRITZ!Box hint, and does not retry', async () => {
    client.script.discover.push([ROUTER_V6]);
    client.script.getFirewallStatus.push(OPEN);
    client.script.addPinhole.push(upnpError(606, 'Action not authorized', 'AddPinhole'));
    const { task, ofType } = makeTask();
    const s = await task.start();
    expect(s.state).toBe('refused');
    expect(ofType('refused')).toEqual([
      {
        type: 'refused',
        upnpCode: 606,
        reason: expect.stringMatching(
          /^The router would not open port 7443 for 2a0e:97c0:38f:1::2: “AddPinhole: .*FRITZ!Box.*606/,
        ),
      },
    ]);
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(client.calls).toHaveLength(3);
  });

  it('tries the IPv4 service of the same router when the IPv6 one refuses, and reports the first refusal when both do', async () => {
    client.script.discover.push([ROUTER_V6, ROUTER_V4], [ROUTER_V6, ROUTER_V4]);
    client.script.getFirewallStatus.push(OPEN, OPEN);
    client.script.addPinhole.push(upnpError(606, 'Action not authorized', 'AddPinhole'), 5);
    const first = makeTask();
    expect(await first.task.start()).toMatchObject({ state: 'open', uniqueId: 5, router: ROUTER_V4.controlUrlText });

    client.script.addPinhole.push(
      upnpError(606, 'Action not authorized', 'AddPinhole'),
      upnpError(501, 'Action Failed', 'AddPinhole'),
    );
    const second = makeTask();
    const s = await second.task.start();
    expect(s.state).toBe('refused');
    expect(second.ofType('refused')[0]!.upnpCode).toBe(606);
    expect(stepWords(s.steps).filter((l) => l.includes(' refused: “AddPinhole')).length).toBe(2);
  });

  it('fails as unavailable when no router offers pinholes', async () => {
    client.script.discover.push(failure('unavailable', 'no router on this network answered'));
    const { task, ofType } = makeTask();
    const s = await task.start();
    expect(s.state).toBe('failed');
    expect(ofType('failed')).toEqual([
      {
        type: 'failed',
        kind: 'unavailable',
        reason: 'Could not open an IPv6 pinhole: no router on this network answered',
      },
    ]);
    expect(s.uniqueId).toBeNull();
  });

  it('uses the next service when the first does not answer the status check', async () => {
    client.script.discover.push([ROUTER_V6, ROUTER_V4]);
    client.script.getFirewallStatus.push(failure('timeout'), OPEN);
    client.script.addPinhole.push(4);
    const { task } = makeTask();
    expect((await task.start()).router).toBe(ROUTER_V4.controlUrlText);
    expect(client.calls.at(-1)).toMatchObject({ method: 'addPinhole', service: ROUTER_V4.controlUrlText });
  });

  it('bounds discovery with its own timer', async () => {
    client.script.discover.push(new Promise(() => undefined));
    const { task } = makeTask({ discoverTimeoutMs: 15_000 });
    const started = task.start();
    await vi.advanceTimersByTimeAsync(15_000);
    const s = await started;
    expect(s.state).toBe('failed');
    expect(english.said(s.lastError!)).toContain('within 15000 ms');
  });

  it('refuses a lease outside what the service allows', () => {
    expect(() => makeTask({ leaseSeconds: 0 })).toThrow(RangeError);
    expect(() => makeTask({ leaseSeconds: 86_401 })).toThrow(RangeError);
  });
});

describe('PinholeTask renewal', () => {
  it('renews every max(lease/2, 60 s), never later than 80% of a short lease', () => {
    const { task } = makeTask();
    expect(task.renewDelayMs(3600)).toBe(HALF_HOUR);
    expect(task.renewDelayMs(100)).toBe(60_000);
    expect(task.renewDelayMs(60)).toBe(48_000);
    expect(makeTask({ minRenewIntervalMs: 1_000 }).task.renewDelayMs(6)).toBe(3_000);
  });

  it('calls UpdatePinhole with the same ID and lease at each turn', async () => {
    const { task } = await startOpen(9);
    client.script.updatePinhole.push(undefined, undefined);
    await vi.advanceTimersByTimeAsync(HALF_HOUR - 1);
    expect(client.count('updatePinhole')).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(client.calls.at(-1)).toEqual({
      method: 'updatePinhole',
      service: ROUTER_V6.controlUrlText,
      uniqueId: 9,
      leaseSeconds: 3600,
    });
    expect(task.status).toMatchObject({ state: 'open', lastRenewalAt: Date.now(), leaseRemainingSeconds: 3600 });
    expect(lastStep(task.status)).toBe('Renewed the pinhole (ID 9) for 3600 s.');
    await vi.advanceTimersByTimeAsync(HALF_HOUR);
    expect(client.count('updatePinhole')).toBe(2);
    expect(client.count('discover')).toBe(1);
  });

  it.each([
    [704, 'NoSuchEntry'],
    [402, 'Invalid Args'],
  ])(
    'adds the pinhole again at once when the router refuses the renewal with %i (it lost it)',
    async (code, description) => {
      const { task, ofType } = await startOpen(9);
      client.script.updatePinhole.push(upnpError(code, description));
      client.script.addPinhole.push(10);
      await vi.advanceTimersByTimeAsync(HALF_HOUR);
      expect(task.status).toMatchObject({ state: 'open', uniqueId: 10, consecutiveFailures: 0, lastError: null });
      expect(ofType('opened').map((e) => [e.pinhole.uniqueId, e.reopened])).toEqual([
        [9, false],
        [10, true],
      ]);
      expect(stepWords(task.status.steps).join('\n')).toContain(
        `The router would not renew pinhole ID 9 (“UpdatePinhole: `,
      );
      expect(stepWords(task.status.steps).join('\n')).toContain(`UPnP error ${code}`);
      expect(pinholeHealthState(task.status)).toEqual({ active: true, unique_id: 10, lease_seconds: 3600 });
      // The next renewal is for the new ID.
      client.script.updatePinhole.push(undefined);
      await vi.advanceTimersByTimeAsync(HALF_HOUR);
      expect(client.calls.at(-1)).toMatchObject({ method: 'updatePinhole', uniqueId: 10 });
    },
  );

  it('a re-add that returns the same ID means the router still had it: no "reopened" announcement', async () => {
    const { task, ofType } = await startOpen(9);
    client.script.updatePinhole.push(upnpError(501, 'Action Failed'));
    client.script.addPinhole.push(9);
    await vi.advanceTimersByTimeAsync(HALF_HOUR);
    expect(task.status.uniqueId).toBe(9);
    expect(ofType('opened').map((e) => e.reopened)).toEqual([false, false]);
    expect(stepWords(task.status.steps).join('\n')).toContain(
      'The router still had the pinhole and extended it (ID 9).',
    );
  });

  it('retries a renewal the router did not answer after the pause, looking for the router again first', async () => {
    const { task, ofType } = await startOpen(9);
    client.script.updatePinhole.push(failure('timeout', 'UpdatePinhole: the router did not answer'));
    await vi.advanceTimersByTimeAsync(HALF_HOUR);
    expect(task.status).toMatchObject({ state: 'retrying', consecutiveFailures: 1, nextAttemptAt: Date.now() + 5_000 });
    expect(english.said(task.status.lastError!)).toBe(
      'The router did not answer in time: “UpdatePinhole: the router did not answer”',
    );
    expect(pinholeHealthState(task.status)).toEqual({ active: true, unique_id: 9, lease_seconds: 3600 });
    // A router that restarted may listen on another port now.
    client.script.discover.push([
      {
        ...ROUTER_V6,
        controlUrl: { ...ROUTER_V6.controlUrl, port: 5001 },
        controlUrlText: 'http://[2a0e:97c0:38f:1::1]:5001/ctl/IP6FCtl',
      },
    ]);
    client.script.getFirewallStatus.push(OPEN);
    client.script.updatePinhole.push(undefined);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(client.calls.slice(-3).map((c) => `${c.method} ${c.service ?? ''}`.trim())).toEqual([
      'discover',
      'getFirewallStatus http://[2a0e:97c0:38f:1::1]:5001/ctl/IP6FCtl',
      'updatePinhole http://[2a0e:97c0:38f:1::1]:5001/ctl/IP6FCtl',
    ]);
    expect(task.status).toMatchObject({ state: 'open', consecutiveFailures: 0, uniqueId: 9 });
    expect(ofType('lost')).toEqual([]);
    // Found again, the router is used as is at the next turn.
    client.script.updatePinhole.push(undefined);
    await vi.advanceTimersByTimeAsync(HALF_HOUR);
    expect(client.count('discover')).toBe(2);
    expect(client.calls.at(-1)).toMatchObject({
      method: 'updatePinhole',
      service: 'http://[2a0e:97c0:38f:1::1]:5001/ctl/IP6FCtl',
    });
  });

  it('treats the pinhole as lost after three failed renewals, then opens it again on a doubling backoff', async () => {
    const { task, ofType } = await startOpen(9);
    client.script.updatePinhole.push(failure('transport', 'connection reset'));
    await vi.advanceTimersByTimeAsync(HALF_HOUR);
    client.script.discover.push(failure('unavailable', 'no answer'), failure('unavailable', 'no answer'));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(task.status.consecutiveFailures).toBe(2);
    // The quick retry failed too: the next try comes before the lease runs out, at half of what is left
    // (3600 s - 1800 s - 5 s).
    expect(task.status.nextAttemptAt! - Date.now()).toBe(897_500);
    await vi.advanceTimersByTimeAsync(897_500);
    expect(task.status).toMatchObject({ state: 'lost', uniqueId: null, consecutiveFailures: 3 });
    expect(ofType('lost')).toEqual([
      {
        type: 'lost',
        lastPinhole: { uniqueId: 9, address: ADDRESS, port: PORT, leaseSeconds: 3600 },
        reason: expect.stringContaining('3 renewals failed in a row'),
      },
    ]);
    expect(pinholeHealthState(task.status)).toEqual({ active: false });

    client.script.discover.push(failure('unavailable', 'still nothing'));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(task.status.state).toBe('lost');
    expect(lastStep(task.status)).toBe('Opening the pinhole again failed (“still nothing”); next try in 60 s.');

    client.script.discover.push([ROUTER_V6]);
    client.script.getFirewallStatus.push(OPEN);
    client.script.addPinhole.push(11);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(task.status).toMatchObject({ state: 'open', uniqueId: 11, consecutiveFailures: 0 });
    expect(ofType('opened').at(-1)).toMatchObject({ reopened: true, pinhole: { uniqueId: 11 } });
  });

  it('renewNow renews at once and keeps the cadence from there', async () => {
    const { task } = await startOpen(9);
    await vi.advanceTimersByTimeAsync(600_000);
    client.script.updatePinhole.push(undefined);
    task.renewNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(client.count('updatePinhole')).toBe(1);
    expect(task.status.nextAttemptAt).toBe(Date.now() + HALF_HOUR);
  });
});

describe('PinholeTask stop', () => {
  it('deletes the pinhole once, however often stop is called', async () => {
    const { task, ofType } = await startOpen(9);
    client.script.deletePinhole.push(undefined);
    const a = task.stop();
    const b = task.stop();
    expect(a).toBe(b);
    await a;
    expect(task.status).toMatchObject({ state: 'stopped', uniqueId: null });
    expect(client.calls.at(-1)).toEqual({ method: 'deletePinhole', service: ROUTER_V6.controlUrlText, uniqueId: 9 });
    expect(client.count('deletePinhole')).toBe(1);
    expect(ofType('closed')).toHaveLength(1);
    expect(lastStep(task.status)).toBe(`Closed the pinhole (ID 9) for port ${PORT}.`);
    expect(pinholeHealthState(task.status)).toEqual({ active: false });
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(client.count('updatePinhole')).toBe(0);
  });

  it('a pinhole the router no longer has counts as closed', async () => {
    const { task, ofType } = await startOpen(9);
    client.script.deletePinhole.push(upnpError(704, 'NoSuchEntry', 'DeletePinhole'));
    await task.stop();
    expect(ofType('closed')).toHaveLength(1);
    expect(task.status.lastError).toBeNull();
  });

  it('gives up on a router that does not answer the delete after the stop bound, and says the lease ends it', async () => {
    const { task, ofType } = await startOpen(9);
    client.script.deletePinhole.push(new Promise(() => undefined));
    const stopped = task.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    await stopped;
    expect(task.state).toBe('stopped');
    expect(ofType('closed')).toEqual([]);
    expect(lastStep(task.status)).toMatch(
      /^Could not close the pinhole \(ID 9\): “DeletePinhole: no answer from the router within 5000 ms”\. The router drops it when its lease runs out \(at most 3600 s\)\.$/,
    );
  });

  it('deletes a pinhole whose AddPinhole was still in flight when stop came, without announcing it', async () => {
    const add = deferred<number>();
    client.script.discover.push([ROUTER_V6]);
    client.script.getFirewallStatus.push(OPEN);
    client.script.addPinhole.push(add.promise);
    client.script.deletePinhole.push(undefined);
    const { task, ofType } = makeTask();
    const started = task.start();
    await vi.advanceTimersByTimeAsync(0);
    const stopped = task.stop();
    add.resolve(12);
    await Promise.all([started, stopped]);
    expect(ofType('opened')).toEqual([]);
    expect(client.calls.at(-1)).toMatchObject({ method: 'deletePinhole', uniqueId: 12 });
    expect(task.state).toBe('stopped');
  });

  it('stopping before start asks the router nothing', async () => {
    const { task } = makeTask();
    await task.stop();
    expect(task.state).toBe('stopped');
    expect(client.calls).toEqual([]);
    await expect(task.start()).rejects.toThrow('cannot start from state stopped');
  });
});

describe('pinholeHealthState', () => {
  const base: PinholeTaskStatus = {
    state: 'open',
    uniqueId: 3,
    address: ADDRESS,
    port: PORT,
    leaseSeconds: 3600,
    leaseRemainingSeconds: 100,
    lastRenewalAt: 0,
    consecutiveFailures: 0,
    lastError: null,
    nextAttemptAt: null,
    router: null,
    steps: [],
  };
  it('is active only while a pinhole with lease left is held', () => {
    expect(pinholeHealthState(null)).toEqual({ active: false });
    expect(pinholeHealthState(base)).toEqual({ active: true, unique_id: 3, lease_seconds: 3600 });
    expect(pinholeHealthState({ ...base, state: 'retrying' })).toEqual({
      active: true,
      unique_id: 3,
      lease_seconds: 3600,
    });
    expect(pinholeHealthState({ ...base, leaseRemainingSeconds: 0 })).toEqual({ active: false });
    expect(pinholeHealthState({ ...base, state: 'stopping' })).toEqual({ active: false });
    expect(pinholeHealthState({ ...base, uniqueId: null })).toEqual({ active: false });
  });
});
