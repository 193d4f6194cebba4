import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MappingTask, type MappingTaskEvent, type MappingTaskOptions } from '@engine/nat/mapping-task';
import type { Mapping } from '@engine/nat/port-mapper';
import { createSay, english } from '@shared/i18n/say';
import { stepWords } from '../../support/step-words';
import { done, fail, grant, ip, LEASE, ScriptedMapper } from '../../support/scripted-mapper';

const PORT = 7443;

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function makeTask(mapper: ScriptedMapper, overrides: Partial<MappingTaskOptions> = {}) {
  const task = new MappingTask({
    mapper,
    port: PORT,
    leaseSeconds: LEASE,
    renewIntervalMs: 300_000,
    retryDelayMs: 5_000,
    reinstallInitialDelayMs: 30_000,
    reinstallMaxDelayMs: 120_000,
    timers: {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    },
    now: () => Date.now(),
    ...overrides,
  });
  const events: MappingTaskEvent[] = [];
  task.onChange((e) => events.push(e));
  const ofType = <T extends MappingTaskEvent['type']>(t: T) =>
    events.filter((e): e is Extract<MappingTaskEvent, { type: T }> => e.type === t);
  return { task, events, ofType };
}

/** Starts a task whose probe and first install succeed. */
async function startMapped(mapper: ScriptedMapper, overrides: Partial<MappingTaskOptions> = {}) {
  mapper.script.probe.push(ip('203.0.113.5'));
  mapper.script.install.push(grant('203.0.113.5'));
  const t = makeTask(mapper, overrides);
  await t.task.start();
  expect(t.task.state).toBe('mapped');
  return t;
}

let mapper: ScriptedMapper;
let checkPorts: boolean;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
  mapper = new ScriptedMapper();
  checkPorts = true;
});

afterEach(() => {
  vi.useRealTimers();
  expect(mapper.unscripted).toEqual([]);
  if (checkPorts) {
    // The task must never ask the router for anything but its own port, on either side.
    for (const c of mapper.calls) {
      if (c.ports) expect(c.ports).toEqual({ internalPort: PORT, externalPort: PORT });
    }
  }
});

describe('MappingTask', () => {
  it('fails with a reason and installs nothing when the probe fails', async () => {
    mapper.script.probe.push(fail('unavailable', 'no UPnP router answered'));
    const { task, ofType } = makeTask(mapper);
    const status = await task.start();
    expect(status.state).toBe('failed');
    expect(english.said(status.lastError!)).toContain('no UPnP router answered');
    expect(ofType('failed')).toEqual([expect.objectContaining({ kind: 'unavailable' })]);
    expect(mapper.count('install')).toBe(0);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(mapper.calls.map((c) => c.method)).toEqual(['probe']);
  });

  it('when the router refuses the task port, asks for two other explicit public ports, then reports the refusal', async () => {
    checkPorts = false;
    mapper.script.probe.push(ip('203.0.113.5'));
    mapper.script.install.push(
      fail('refused', 'port in use'),
      fail('refused', 'port in use'),
      fail('refused', 'port in use'),
    );
    const { task, ofType } = makeTask(mapper, { random: () => 0.5 });
    const status = await task.start();
    expect(status.state).toBe('failed');
    expect(ofType('failed')).toEqual([expect.objectContaining({ kind: 'refused' })]);
    expect(status.externalAddress).toBeNull();
    expect(mapper.calls.filter((c) => c.ports).map((c) => c.ports)).toEqual([
      { internalPort: PORT, externalPort: PORT },
      { internalPort: PORT, externalPort: 40_000 },
      { internalPort: PORT, externalPort: 40_000 },
    ]);
  });

  it('takes another public port the router accepts, and keeps asking for it on a re-install', async () => {
    checkPorts = false;
    mapper.script.probe.push(ip('203.0.113.5'));
    mapper.script.install.push(fail('refused', 'port in use'), grant('203.0.113.5'));
    const { task } = makeTask(mapper, { random: () => 0.25 });
    const status = await task.start();
    expect(status.state).toBe('mapped');
    expect(status.externalAddress).toBe('203.0.113.5:30000');
    expect(status.internalPort).toBe(PORT);
  });

  it('falls back once to whatever port the router grants when the mapper supports it', async () => {
    checkPorts = false;
    mapper.supportsAnyExternalPort = true;
    mapper.script.probe.push(ip('203.0.113.5'));
    mapper.script.install.push(fail('refused'), grant('203.0.113.5'));
    const { task } = makeTask(mapper);
    const status = await task.start();
    expect(status.state).toBe('mapped');
    expect(status.externalAddress).toBe('203.0.113.5:40000');
    expect(mapper.calls.filter((c) => c.ports).map((c) => c.ports)).toEqual([
      { internalPort: PORT, externalPort: PORT },
      { internalPort: PORT, externalPort: 0 },
    ]);
  });

  it('retries a failed renewal once after the pause and does not revoke when the retry succeeds', async () => {
    const { task, ofType } = await startMapped(mapper);
    mapper.script.renew.push(fail('timeout'), grant('203.0.113.5'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(task.state).toBe('retrying');
    expect(task.status.consecutiveFailures).toBe(1);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(mapper.count('renew')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(mapper.count('renew')).toBe(2);
    expect(task.state).toBe('mapped');
    expect(task.status.consecutiveFailures).toBe(0);
    expect(task.status.lastRenewalAt).toBe(Date.now());
    expect(ofType('revoked')).toHaveLength(0);
    expect(ofType('changed')).toHaveLength(0);
  });

  it('revokes after three consecutive failures and re-installs on a backoff once the router is back', async () => {
    const { task, ofType } = await startMapped(mapper);
    mapper.script.renew.push(fail('timeout'), fail('transport'), fail('timeout'));
    await vi.advanceTimersByTimeAsync(60_000); // renewal 1 fails
    await vi.advanceTimersByTimeAsync(5_000); // quick retry fails
    expect(task.state).toBe('retrying');
    // Next try comes before the 120 s lease runs out: half of the 55 s left.
    await vi.advanceTimersByTimeAsync(27_500);
    expect(mapper.count('renew')).toBe(3);
    expect(task.state).toBe('revoked');
    expect(task.status.externalAddress).toBeNull();
    expect(ofType('revoked')).toHaveLength(1);

    mapper.script.install.push(fail('timeout'), grant('198.51.100.7'));
    await vi.advanceTimersByTimeAsync(30_000); // first re-install: router still down
    expect(mapper.count('install')).toBe(2);
    expect(task.state).toBe('revoked');
    await vi.advanceTimersByTimeAsync(59_999); // backoff doubled to 60 s
    expect(mapper.count('install')).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(mapper.count('install')).toBe(3);
    expect(task.state).toBe('mapped');
    expect(task.status.externalAddress).toBe(`198.51.100.7:${PORT}`);
    expect(task.status.consecutiveFailures).toBe(0);
    expect(ofType('mapped').map((e) => e.mapping.externalIp)).toEqual(['203.0.113.5', '198.51.100.7']);
    expect(mapper.count('remove')).toBe(0);
  });

  it('emits changed with the new mapping when a renewal reports a different external address', async () => {
    const { task, ofType } = await startMapped(mapper);
    mapper.script.renew.push(grant('203.0.113.99'));
    await vi.advanceTimersByTimeAsync(60_000);
    const changed = ofType('changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]?.mapping.externalIp).toBe('203.0.113.99');
    expect(changed[0]?.previous.externalIp).toBe('203.0.113.5');
    expect(task.status.externalAddress).toBe(`203.0.113.99:${PORT}`);
  });

  it('on stop during a renewal waits for it to settle, then removes the mapping exactly once', async () => {
    const { task, ofType } = await startMapped(mapper);
    const pending = deferred<Mapping>();
    mapper.script.renew.push(() => pending.promise);
    mapper.script.remove.push(done);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(task.state).toBe('renewing');

    const stopped = task.stop();
    const again = task.stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(task.state).toBe('stopping');
    expect(mapper.count('remove')).toBe(0);

    pending.resolve({ ...(await grant('203.0.113.5')({ internalPort: PORT, externalPort: PORT })) });
    await stopped;
    await again;
    expect(task.state).toBe('stopped');
    expect(mapper.count('remove')).toBe(1);
    expect(mapper.closeCount).toBe(1);
    expect(ofType('removed')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(mapper.count('renew')).toBe(1);
  });

  it.each([
    [300_000, 60_000],
    [30_000, 30_000],
  ])('renews every min(configured %i ms, lease/2)', async (configured, expected) => {
    const { task } = await startMapped(mapper, { renewIntervalMs: configured });
    expect(task.renewDelayMs(LEASE)).toBe(expected);
    mapper.script.renew.push(grant('203.0.113.5'), grant('203.0.113.5'));
    await vi.advanceTimersByTimeAsync(expected - 1);
    expect(mapper.count('renew')).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(mapper.count('renew')).toBe(1);
    await vi.advanceTimersByTimeAsync(expected);
    expect(mapper.count('renew')).toBe(2);
  });

  it('stop is idempotent', async () => {
    const { task } = await startMapped(mapper);
    mapper.script.remove.push(done);
    await Promise.all([task.stop(), task.stop()]);
    await task.stop();
    expect(task.state).toBe('stopped');
    expect(mapper.count('remove')).toBe(1);
    expect(mapper.closeCount).toBe(1);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(mapper.count('renew')).toBe(0);
  });

  it('stop before start asks nothing of the router', async () => {
    const { task } = makeTask(mapper);
    await task.stop();
    await task.stop();
    expect(task.state).toBe('stopped');
    expect(mapper.calls).toEqual([]);
  });

  it('bounds a mapper call that never answers with a timeout', async () => {
    mapper.script.probe.push(() => new Promise(() => {}));
    const { task } = makeTask(mapper, { callTimeoutMs: 2_000 });
    const started = task.start();
    await vi.advanceTimersByTimeAsync(2_000);
    const status = await started;
    expect(status.state).toBe('failed');
    expect(english.said(status.lastError!)).toMatch(/timed out/);
  });

  it('exposes status with lease remaining and a plain-words step log', async () => {
    const { task } = await startMapped(mapper);
    await vi.advanceTimersByTimeAsync(10_000);
    const s = task.status;
    expect(s).toMatchObject({ protocol: 'upnp', internalPort: PORT, externalPort: PORT, leaseRemainingSeconds: 110 });
    expect(s.nextAttemptAt).toBe(Date.now() + 50_000);
    expect(stepWords(s.steps).some((l) => l.includes(`forwards to local port ${PORT}`))).toBe(true);
    // The German page says the same step in German.
    const installed = s.steps.find((st) => st.words.id === 'ladder.mapping.installed')!;
    expect(createSay('de', 'de-DE').said(installed.words)).toBe(
      `Die öffentliche Adresse ${s.externalAddress} leitet jetzt an den lokalen Port ${PORT} weiter (Laufzeit 120 s).`,
    );
  });
});
