/**
 * The engine supervisor, driven with stand-in engine processes and a fake clock: how it starts, restarts, gives up,
 * stops, and what it tells the person (the snapshot's `engineProcess`) on the way. The real processes are exercised
 * by tests/e2e/engine-supervision.test.ts (headless host) and tests/unit/app (desktop shell).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type NodeSnapshot } from '@shared/contract';
import { ContractError } from '@shared/contract/errors';
import { said } from '@shared/i18n/said';
import type { SecretName, SecretStore } from '@engine/identity/secret-store';
import type { EngineMessage, HostMessage } from '@main/supervisor/protocol';
import { EngineStartError } from '@main/supervisor/exit-reasons';
import type { EngineProcess, SupervisorOptions } from '@main/supervisor/options';
import { EngineSupervisor } from '@main/supervisor/supervisor';
import { snapshotWith } from '../app/snapshots';

interface Behaviour {
  /** Answer pings (false: a frozen loop). */
  answerPings: boolean;
  /** Start failure reported on init. */
  fatal: Extract<EngineMessage, { t: 'fatal' }> | null;
  /** Never answer init (stuck while starting). */
  silentStart: boolean;
  /** Ignore `stop` (a stop that hangs). */
  ignoreStop: boolean;
  /** Delay between kill() and the exit being seen (a process takes a moment to go). */
  exitDelayMs: number;
}

class FakeEngineProcess implements EngineProcess {
  static seq = 100;
  readonly pid = FakeEngineProcess.seq++;
  readonly received: HostMessage[] = [];
  alive = true;
  killed = false;
  private listeners = new Set<(m: unknown) => void>();
  private resolveExit!: (exit: { code: number | null; signal: string | null }) => void;
  readonly exited = new Promise<{ code: number | null; signal: string | null }>((r) => (this.resolveExit = r));

  constructor(private readonly behaviour: Behaviour) {}

  readonly channel = {
    send: (message: HostMessage) => {
      if (!this.alive) return;
      this.received.push(message);
      this.react(message);
    },
    onMessage: (listener: (m: unknown) => void) => {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    },
  };

  emit(message: EngineMessage): void {
    if (!this.alive) return;
    for (const l of [...this.listeners]) l(message);
  }

  exit(code: number | null, signal: string | null = null): void {
    if (!this.alive) return;
    this.alive = false;
    this.resolveExit({ code, signal });
  }

  kill(): void {
    this.killed = true;
    setTimeout(() => this.exit(null, 'SIGKILL'), this.behaviour.exitDelayMs);
  }

  private react(message: HostMessage): void {
    switch (message.t) {
      case 'init':
        if (this.behaviour.silentStart) return;
        if (this.behaviour.fatal) {
          this.emit(this.behaviour.fatal);
          queueMicrotask(() => this.exit(73));
          return;
        }
        queueMicrotask(() =>
          this.emit({ t: 'ready', snapshot: snapshotWith({ version: 1 }), settings: DEFAULT_SETTINGS }),
        );
        return;
      case 'ping':
        if (this.behaviour.answerPings) queueMicrotask(() => this.emit({ t: 'pong', seq: message.seq }));
        return;
      case 'call':
        queueMicrotask(() =>
          this.emit({
            t: 'result',
            id: message.id,
            result: { ok: true, value: { command: message.command, request: message.request } },
          }),
        );
        return;
      case 'stop':
        if (this.behaviour.ignoreStop) return;
        queueMicrotask(() => {
          this.emit({ t: 'stopped' });
          this.exit(0);
        });
        return;
      default:
    }
  }
}

describe('EngineSupervisor', () => {
  let launched: FakeEngineProcess[];
  let next: Partial<Behaviour>[];
  let supervisor: EngineSupervisor | null;
  let lines: string[];

  const behaviour = (b: Partial<Behaviour> = {}): Behaviour => ({
    answerPings: true,
    fatal: null,
    silentStart: false,
    ignoreStop: false,
    exitDelayMs: 5,
    ...b,
  });
  const alive = () => launched.filter((p) => p.alive);
  const latest = () => launched[launched.length - 1]!;

  const make = (options: Partial<SupervisorOptions> = {}) => {
    supervisor = new EngineSupervisor({
      launch: () => {
        // Never two engines on one data folder: a launch while another is alive is a bug the test must see.
        expect(alive()).toHaveLength(0);
        const proc = new FakeEngineProcess(behaviour(next.shift()));
        launched.push(proc);
        return proc;
      },
      node: { dataDir: '/data', host: 'headless', appVersion: '1.0.0' },
      restartPolicy: { maxRestarts: 3, windowMs: 60_000, backoffMs: [250, 1_000, 2_000] },
      log: (line) => lines.push(line),
      ...options,
    });
    return supervisor;
  };

  /** Advances the fake clock, letting promise callbacks run in between. */
  const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

  beforeEach(() => {
    vi.useFakeTimers();
    launched = [];
    next = [];
    supervisor = null;
    lines = [];
  });

  afterEach(async () => {
    const stopping = supervisor?.stop();
    await advance(30_000);
    await stopping;
    vi.useRealTimers();
  });

  it('starts once the engine says it is ready, and hands on its snapshot with the process in it', async () => {
    const s = make({
      decorate: (snap) => ({ ...snap, update: { ...snap.update, reason: said('settings.updates.why.development') } }),
    });
    const started = s.start();
    await advance(0);
    await started;
    const snap = s.getSnapshot()!;
    expect(snap.engineProcess).toMatchObject({ state: 'running', restarts: 0, message: null, pid: latest().pid });
    expect(snap.update.reason).toEqual(said('settings.updates.why.development'));
    expect(latest().received[0]).toMatchObject({
      t: 'init',
      node: { dataDir: '/data' },
      secrets: null,
      conditions: null,
      restartedBecause: null,
    });
    expect(s.getSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('forwards commands and returns their answers', async () => {
    const s = make();
    const started = s.start();
    await advance(0);
    await started;
    const answer = s.call('pause', { untilMs: null });
    await advance(0);
    await expect(answer).resolves.toEqual({ ok: true, value: { command: 'pause', request: { untilMs: null } } });
  });

  it('restarts a crashed engine after a short back-off, saying so meanwhile, and answers calls in between at once', async () => {
    const s = make();
    const snapshots: NodeSnapshot[] = [];
    s.onSnapshot((snap) => snapshots.push(snap));
    const started = s.start();
    await advance(0);
    await started;
    const first = latest();
    // A call in flight when the engine dies is answered, not left hanging.
    const inFlight = new Promise((resolve) => {
      first.channel.send = () => undefined; // the engine never answers this one
      void s.call('getSettings', {}).then(resolve);
    });
    first.exit(null, 'SIGKILL');
    await advance(0);
    await expect(inFlight).resolves.toMatchObject({ ok: false, error: { code: 'engine_unavailable' } });

    expect(s.processInfo()).toMatchObject({ state: 'restarting', restarts: 1 });
    expect(s.processInfo().message).toBe('The node stopped unexpectedly (ended by signal SIGKILL) and is restarting…');
    expect(snapshots.at(-1)!.engineProcess.state).toBe('restarting');
    await expect(s.call('getSettings', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'engine_unavailable', message: expect.stringMatching(/restarting/) },
    });

    expect(launched).toHaveLength(1);
    await advance(249);
    expect(launched).toHaveLength(1);
    await advance(1);
    expect(launched).toHaveLength(2);
    expect(latest().received[0]).toMatchObject({
      t: 'init',
      restartedBecause: 'The node was restarted because it stopped unexpectedly (ended by signal SIGKILL).',
    });
    await advance(0);
    expect(s.processInfo()).toMatchObject({ state: 'running', restarts: 1, message: null, pid: latest().pid });
    // Running again is said with the new engine's first snapshot, never with the dead one's last.
    const afterRestart = snapshots.slice(
      snapshots.findLastIndex((snap) => snap.engineProcess.state === 'restarting') + 1,
    );
    expect(afterRestart.map((snap) => snap.engineProcess)).toEqual([
      expect.objectContaining({ state: 'running', pid: latest().pid }),
    ]);
    // The new engine counts its snapshots from 1 again; the host's numbering keeps going up.
    const versions = snapshots.map((snap) => snap.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(lines.join('\n')).toMatch(/running again/);
  });

  it('kills an engine that stops answering and launches the next only once the old one is gone', async () => {
    next = [{ answerPings: false, exitDelayMs: 500 }];
    const s = make();
    const started = s.start();
    await advance(0);
    await started;
    const frozen = latest();
    // Ping every second; silent for more than 4 s → killed at the next beat.
    await advance(4_000);
    expect(frozen.killed).toBe(false);
    await advance(1_000);
    expect(frozen.killed).toBe(true);
    expect(s.processInfo().state).toBe('running'); // until it is really gone
    await advance(499);
    expect(launched).toHaveLength(1);
    await advance(1);
    expect(s.processInfo()).toMatchObject({
      state: 'restarting',
      message: expect.stringMatching(/^The node stopped answering for [45] s and is restarting…$/),
    });
    await advance(250);
    expect(launched).toHaveLength(2);
    await advance(0);
    expect(s.processInfo().state).toBe('running');
  });

  it('does not take a computer that slept (or a host that was blocked) for a frozen engine', async () => {
    const s = make();
    const started = s.start();
    await advance(0);
    await started;
    // An hour of sleep: no timer ran, the clock moved on.
    vi.setSystemTime(Date.now() + 3_600_000);
    await advance(1_000);
    await advance(5_000);
    expect(latest().killed).toBe(false);
    expect(s.processInfo()).toMatchObject({ state: 'running', restarts: 0 });
    expect(lines.join('\n')).not.toMatch(/stopped answering/);
  });

  it('a frozen engine after a sleep is still noticed, counting from the wake-up', async () => {
    next = [{ answerPings: false }];
    const s = make();
    const started = s.start();
    await advance(0);
    await started;
    vi.setSystemTime(Date.now() + 3_600_000);
    await advance(1_000);
    expect(latest().killed).toBe(false);
    await advance(5_000);
    expect(latest().killed).toBe(true);
  });

  it('gives a starting engine longer, but not for ever', async () => {
    next = [{ silentStart: true, answerPings: false }];
    const s = make({ timings: { startTimeoutMs: 30_000 } });
    const started = s.start();
    const failure = started.catch((err: unknown) => err);
    await advance(14_000);
    expect(latest().killed).toBe(false);
    await advance(2_000);
    expect(latest().killed).toBe(true);
    await advance(10);
    const err = await failure;
    expect(err).toBeInstanceOf(EngineStartError);
    expect((err as EngineStartError).message).toMatch(/ended while starting/);
    // A first start that fails is reported, never retried in a loop.
    await advance(10_000);
    expect(launched).toHaveLength(1);
  });

  it('stops restarting after too many stops within a minute, says so plainly, and starts again when asked', async () => {
    const s = make();
    const started = s.start();
    await advance(0);
    await started;
    for (const delay of [250, 1_000, 2_000]) {
      latest().exit(1);
      await advance(delay);
      await advance(0);
      expect(s.processInfo().state).toBe('running');
    }
    latest().exit(1);
    await advance(0);
    expect(s.processInfo()).toMatchObject({ state: 'failed', restarts: 4 });
    expect(s.processInfo().message).toMatch(
      /^The node stopped unexpectedly 4 times within a minute, so it is not restarted again by itself\./,
    );
    expect(s.getSnapshot()!.engineProcess.state).toBe('failed');
    await advance(120_000);
    expect(launched).toHaveLength(4);
    await expect(s.call('getSettings', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'engine_unavailable', message: expect.stringMatching(/Restart now/) },
    });

    expect(s.restartNow()).toMatchObject({ state: 'restarting' });
    expect(launched).toHaveLength(5);
    expect(latest().received[0]).toMatchObject({ restartedBecause: 'You asked to start it again.' });
    await advance(0);
    expect(s.processInfo().state).toBe('running');
    expect(() => s.restartNow()).toThrow(ContractError);
  });

  it('forgets stops older than the window', async () => {
    const s = make();
    const started = s.start();
    await advance(0);
    await started;
    for (let i = 0; i < 6; i++) {
      latest().exit(1);
      await advance(61_000);
      expect(s.processInfo().state).toBe('running');
    }
    expect(s.processInfo().restarts).toBe(6);
  });

  it('reports a first start that cannot work (node in use) and does not retry it', async () => {
    next = [
      {
        fatal: { t: 'fatal', kind: 'node_in_use', title: 'This node is already running', message: 'PID 42 serves it.' },
      },
    ];
    const s = make();
    const err = await Promise.all([s.start().catch((e: unknown) => e), advance(0)]).then(([e]) => e);
    expect(err).toBeInstanceOf(EngineStartError);
    expect(err).toMatchObject({
      kind: 'node_in_use',
      title: 'This node is already running',
      message: 'PID 42 serves it.',
    });
    await advance(10_000);
    expect(launched).toHaveLength(1);
  });

  it('does not restart an engine whose data became unusable or whose node another program took', async () => {
    next = [
      {},
      {
        fatal: {
          t: 'fatal',
          kind: 'data_unusable',
          title: 'IICP Provider cannot open its data',
          message: 'The database is damaged.',
        },
      },
    ];
    const s = make();
    const started = s.start();
    await advance(0);
    await started;
    latest().exit(null, 'SIGKILL');
    await advance(250);
    await advance(0);
    expect(s.processInfo()).toMatchObject({
      state: 'failed',
      message: 'IICP Provider cannot open its data: The database is damaged.',
    });
    await advance(60_000);
    expect(launched).toHaveLength(2);
  });

  it('stops cleanly when asked, and kills an engine whose stop takes too long', async () => {
    next = [{ ignoreStop: true }];
    const s = make({ timings: { stopTimeoutMs: 5_000 } });
    const started = s.start();
    await advance(0);
    await started;
    const proc = latest();
    const stopped = s.stop();
    expect(proc.received.at(-1)).toEqual({ t: 'stop' });
    await advance(4_999);
    expect(proc.killed).toBe(false);
    await advance(1);
    expect(proc.killed).toBe(true);
    await advance(10);
    await stopped;
    expect(proc.alive).toBe(false);
    await advance(60_000);
    expect(launched).toHaveLength(1); // a stop is not a crash
    await expect(s.call('getSettings', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'engine_unavailable', message: 'The node is shutting down.' },
    });
  });

  it('serves its secret store to the engine: values at start, every change written back in order', async () => {
    const values = new Map<SecretName, string>([['node_token', 'tok-1']]);
    const store: SecretStore = {
      description: 'the OS key store',
      encryptedAtRest: true,
      get: (name) => values.get(name) ?? null,
      update: vi.fn((changes: Partial<Record<SecretName, string | null>>) => {
        if ('membership_credential' in changes) throw new Error('the key store refused');
        for (const [k, v] of Object.entries(changes)) {
          if (v === null) values.delete(k as SecretName);
          else values.set(k as SecretName, v!);
        }
      }),
    };
    const s = make({ secrets: store });
    const started = s.start();
    await advance(0);
    await started;
    const proc = latest();
    expect(proc.received[0]).toMatchObject({
      t: 'init',
      secrets: { description: 'the OS key store', encryptedAtRest: true, values: { node_token: 'tok-1' } },
    });
    proc.emit({ t: 'writeSecrets', id: 1, changes: { node_token: 'tok-2', node_hmac_key: 'k' } });
    proc.emit({ t: 'writeSecrets', id: 2, changes: { membership_credential: 'x' } });
    expect(values.get('node_token')).toBe('tok-2');
    expect(proc.received.filter((m) => m.t === 'secretsWritten')).toEqual([
      { t: 'secretsWritten', id: 1, error: null },
      { t: 'secretsWritten', id: 2, error: 'the key store refused' },
    ]);
  });

  it('passes power source and idle time on every few seconds and at once on a wake-up', async () => {
    let onBattery = false;
    const s = make({
      conditions: { onBattery: () => onBattery, idleSeconds: () => 12 },
      timings: { conditionsMs: 5_000 },
    });
    const started = s.start();
    await advance(0);
    await started;
    const proc = latest();
    expect(proc.received[0]).toMatchObject({ conditions: { onBattery: false, idleSeconds: 12 } });
    onBattery = true;
    await advance(5_000);
    expect(proc.received.filter((m) => m.t === 'conditions').at(-1)).toEqual({
      t: 'conditions',
      value: { onBattery: true, idleSeconds: 12 },
    });
    onBattery = false;
    s.wake();
    expect(proc.received.slice(-2)).toEqual([
      { t: 'conditions', value: { onBattery: false, idleSeconds: 12 } },
      { t: 'wake' },
    ]);
  });

  it('applies the secret writes an engine sent just before it went', async () => {
    const written: Partial<Record<SecretName, string | null>>[] = [];
    const store: SecretStore = {
      description: 'key store',
      encryptedAtRest: true,
      get: () => null,
      update: (changes) => void written.push(changes),
    };
    const s = make({ secrets: store });
    const started = s.start();
    await advance(0);
    await started;
    const old = latest();
    old.exit(null, 'SIGKILL');
    await advance(0);
    // Node may hand over a process's last messages after its exit.
    old.alive = true;
    old.emit({ t: 'writeSecrets', id: 7, changes: { node_token: 'rotated' } });
    old.emit({ t: 'snapshot', snapshot: snapshotWith({ version: 99, state: 'paused' }) });
    expect(written).toEqual([{ node_token: 'rotated' }]);
    expect(s.getSnapshot()!.state).not.toBe('paused');
  });

  it('reads the start-failure exit codes of an engine whose last message was lost', async () => {
    const s = make();
    const started = s.start();
    await advance(0);
    await started;
    latest().exit(73);
    await advance(0);
    expect(s.processInfo()).toMatchObject({
      state: 'failed',
      message: 'This node is already running: Another program serves this node.',
    });
    await advance(60_000);
    expect(launched).toHaveLength(1);
  });

  it('a secret store that cannot be read ends the first start as unusable data', async () => {
    const store: SecretStore = {
      description: 'the OS key store',
      encryptedAtRest: true,
      get: () => {
        throw new Error('the key store is locked');
      },
      update: () => undefined,
    };
    const s = make({ secrets: store });
    const err = await Promise.all([s.start().catch((e: unknown) => e), advance(100)]).then(([e]) => e);
    expect(err).toMatchObject({ kind: 'data_unusable', message: 'the key store is locked' });
    // No engine process was started for nothing.
    expect(launched).toHaveLength(0);
  });
});
