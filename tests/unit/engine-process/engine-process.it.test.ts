/**
 * The engine's side of the channel, run in this process over an in-memory channel (the real processes are covered
 * by tests/e2e/engine-supervision.test.ts): what it answers, how it uses the host's secret store, and how it stops.
 */
import { english } from '@shared/i18n/say';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeSnapshot } from '@shared/contract';
import { runEngineProcess } from '@main/engine-process/engine-process';
import type { Channel } from '@main/supervisor/channel';
import type { EngineMessage, HostMessage } from '@main/supervisor/protocol';
import { eventually } from '../../support/eventually';
import { tempDir } from '../../support/tmp';

interface Rig {
  host: { send(message: HostMessage): void };
  received: EngineMessage[];
  exits: number[];
  /** Each time the process was told its node runs: how many messages the host had received by then. */
  running: number[];
  of<T extends EngineMessage['t']>(t: T): Extract<EngineMessage, { t: T }>[];
}

function engine(): Rig {
  const received: EngineMessage[] = [];
  const exits: number[] = [];
  const running: number[] = [];
  let toEngine: ((message: unknown) => void) | null = null;
  const channel: Channel<EngineMessage, unknown> = {
    send: (message) => void received.push(structuredClone(message)),
    onMessage: (listener) => {
      toEngine = listener;
      return () => (toEngine = null);
    },
  };
  runEngineProcess({
    channel,
    env: {},
    exit: (code) => void exits.push(code),
    log: () => undefined,
    onRunning: () => void running.push(received.length),
  });
  return {
    host: { send: (message) => toEngine?.(structuredClone(message)) },
    received,
    exits,
    running,
    of: <T extends EngineMessage['t']>(t: T) =>
      received.filter((m): m is Extract<EngineMessage, { t: T }> => m.t === t),
  };
}

describe('the engine process', () => {
  let data: { dir: string; cleanup: () => void };
  let rig: Rig;

  beforeEach(() => {
    data = tempDir('iicp-engine-process-');
    rig = engine();
  });

  afterEach(async () => {
    rig.host.send({ t: 'stop' });
    await eventually(() => expect(rig.exits.length).toBeGreaterThan(0), 20_000);
    data.cleanup();
  });

  const init = (secrets: Extract<HostMessage, { t: 'init' }>['secrets'] = null) =>
    rig.host.send({
      t: 'init',
      node: {
        dataDir: data.dir,
        host: 'electron',
        appVersion: 'test',
        taskHost: '127.0.0.1',
        taskPort: 0,
        overrides: { portMapping: 'off', directoryUrl: 'http://127.0.0.1:9' },
      },
      secrets,
      conditions: null,
      startAtLogin: false,
      restartedBecause: null,
    });

  it('answers pings at once, even before it was told what to run', () => {
    rig.host.send({ t: 'ping', seq: 1 });
    expect(rig.of('pong')).toEqual([{ t: 'pong', seq: 1 }]);
  });

  it('answers a command sent while it starts once it runs, and ignores a second init', async () => {
    init();
    rig.host.send({ t: 'call', id: 1, command: 'getSettings', request: {} });
    init();
    await eventually(() => expect(rig.of('result')).toHaveLength(1), 20_000);
    expect(rig.of('ready')).toHaveLength(1);
    // Its process is told the node runs once, after the host heard it is ready (the young generation may grow now).
    expect(rig.running).toHaveLength(1);
    expect(rig.received.slice(0, rig.running[0]).map((m) => m.t)).toContain('ready');
    expect(rig.of('result')[0]).toMatchObject({ id: 1, result: { ok: true, value: { portMapping: 'off' } } });
  });

  it("keeps its secrets in the host's store: values from init, each change written back through the host", async () => {
    init({ description: 'the OS key store', encryptedAtRest: true, values: {} });
    await eventually(() => expect(rig.of('ready')).toHaveLength(1), 20_000);
    // A new node made its IICP-CX key and asked the host to keep it.
    const first = rig.of('writeSecrets')[0]!;
    expect(Object.keys(first.changes)).toEqual(['cx_private_key']);
    rig.host.send({ t: 'secretsWritten', id: first.id, error: null });

    rig.host.send({ t: 'call', id: 2, command: 'setMembership', request: { credential: 'iicp_mem_0123456789abcdef' } });
    await eventually(() => expect(rig.of('writeSecrets')).toHaveLength(2));
    const second = rig.of('writeSecrets')[1]!;
    expect(second.changes).toEqual({ membership_credential: 'iicp_mem_0123456789abcdef' });

    // The host could not write it: the node says so (degraded, with what to do) instead of looking fine.
    rig.host.send({ t: 'secretsWritten', id: second.id, error: 'the key store is locked' });
    const degraded = await eventually(() => {
      const last = rig.of('snapshot').at(-1)!.snapshot as NodeSnapshot;
      expect(last.state).toBe('degraded');
      return last;
    });
    expect(english.said(degraded.stateReason!)).toMatch(/could not save the node’s secrets/);
    expect(degraded.recentEvents.some((e) => e.event === 'secrets_not_saved')).toBe(true);

    // The next write that works clears it.
    rig.host.send({ t: 'call', id: 3, command: 'setMembership', request: { credential: null } });
    await eventually(() => expect(rig.of('writeSecrets')).toHaveLength(3));
    rig.host.send({ t: 'secretsWritten', id: rig.of('writeSecrets')[2]!.id, error: null });
    await eventually(() => expect((rig.of('snapshot').at(-1)!.snapshot as NodeSnapshot).state).not.toBe('degraded'));
  });

  it('a stop that arrives while the node starts waits for the start, then stops it and exits 0', async () => {
    init();
    rig.host.send({ t: 'stop' });
    await eventually(() => expect(rig.exits).toEqual([0]), 20_000);
    expect(rig.of('stopped')).toHaveLength(1);
    // Nothing was left half-started: the lock is released, so the same folder starts again.
    rig = engine();
    init();
    await eventually(() => expect(rig.of('ready')).toHaveLength(1), 20_000);
  });

  it('a node it cannot start (data in use) says why and exits with the code that stops restarts', async () => {
    const other = engine();
    other.host.send({
      t: 'init',
      node: {
        dataDir: data.dir,
        host: 'headless',
        appVersion: 'test',
        taskHost: '127.0.0.1',
        taskPort: 0,
        overrides: { portMapping: 'off', directoryUrl: 'http://127.0.0.1:9' },
      },
      secrets: null,
      conditions: null,
      startAtLogin: false,
      restartedBecause: null,
    });
    await eventually(() => expect(other.of('ready')).toHaveLength(1), 20_000);
    try {
      init();
      await eventually(() => expect(rig.exits).toEqual([73]), 20_000);
      expect(rig.of('fatal')).toEqual([
        expect.objectContaining({ kind: 'node_in_use', title: 'This node is already running' }),
      ]);
      expect(rig.running).toEqual([]);
    } finally {
      other.host.send({ t: 'stop' });
      await eventually(() => expect(other.exits).toEqual([0]), 20_000);
    }
  });
});
