import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_ERRORS, COMMAND_NAMES, COMMANDS, DEFAULT_GATEWAY_SETTINGS, ERROR_CODES } from '@shared/contract';
import { createDispatcher } from '@shared/contract/dispatch';
import { dispatchingNode } from '../../support/dispatching-node';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const runningNode = () => dispatchingNode(cleanups);

describe('contract', () => {
  it('lists the error codes of every command from the known set', () => {
    expect(Object.keys(COMMAND_ERRORS).sort()).toEqual([...COMMAND_NAMES].sort());
    for (const codes of Object.values(COMMAND_ERRORS)) for (const c of codes) expect(ERROR_CODES).toContain(c);
  });

  it('has a request schema for every command', () => {
    for (const name of COMMAND_NAMES) expect(COMMANDS[name].safeParse).toBeTypeOf('function');
  });
});

describe('dispatch: valid requests reach the engine', () => {
  it('pause and resume change the engine state', async () => {
    const { node, dispatch } = await runningNode();
    expect(await dispatch('pause', {})).toMatchObject({ ok: true, value: { state: 'paused' } });
    expect(node.state).toBe('paused');
    expect(await dispatch('resume', undefined)).toMatchObject({ ok: true, value: { state: 'online' } });
    expect(node.state).toBe('online');
  });

  it('applies defaults of the schema (listEvents without a limit)', async () => {
    const { dispatch } = await runningNode();
    const r = await dispatch('listEvents', {});
    expect(r.ok).toBe(true);
  });

  it('exportLedger takes ";" as its separator, and "," by default', async () => {
    const { dispatch } = await runningNode();
    expect(await dispatch('exportLedger', { separator: ';' })).toMatchObject({
      ok: true,
      value: { csv: expect.stringMatching(/^"task_id";"time_utc";/) },
    });
    expect(await dispatch('exportLedger', {})).toMatchObject({
      ok: true,
      value: { csv: expect.stringMatching(/^"task_id","time_utc",/) },
    });
  });

  it('updateSettings stores the validated patch', async () => {
    const { node, dispatch } = await runningNode();
    expect(await dispatch('updateSettings', { displayName: '  Attic box  ' })).toMatchObject({
      ok: true,
      value: { displayName: 'Attic box' },
    });
    expect(node.getSettings().displayName).toBe('Attic box');
  });

  it('updateSettings sets the key-less Ollama choice, off by default, and a gateway sent without it reads as off', async () => {
    const { node, dispatch } = await runningNode();
    expect(node.getSettings().gateway.keylessOllama).toBe(false);
    expect(
      await dispatch('updateSettings', { gateway: { ...node.getSettings().gateway, keylessOllama: true } }),
    ).toMatchObject({ ok: true, value: { gateway: { keylessOllama: true } } });
    expect(node.getSettings().gateway.keylessOllama).toBe(true);
    const { keylessOllama: _dropped, ...older } = node.getSettings().gateway;
    expect(await dispatch('updateSettings', { gateway: older })).toMatchObject({
      ok: true,
      value: { gateway: { keylessOllama: false } },
    });
  });
});

describe('dispatch: invalid requests get a typed error and leave the engine untouched', () => {
  // The refused requests share one engine: each case checks for itself that it left the engine as it found it, so a
  // fresh engine per case (a second each) would assert nothing more.
  const sharedCleanups: (() => Promise<void> | void)[] = [];
  let shared: Awaited<ReturnType<typeof runningNode>>;
  beforeAll(async () => {
    shared = await dispatchingNode(sharedCleanups);
  });
  afterAll(async () => {
    for (const c of sharedCleanups.splice(0).reverse()) await c();
  });

  const bad: [string, unknown][] = [
    ['pause', { untilMs: 'tomorrow' }],
    ['pause', { untilMs: -5 }],
    ['pause', { untilMs: 1.5 }],
    ['pause', { extra: true }],
    ['pause', 'please'],
    ['pause', null],
    ['pause', [1, 2]],
    ['updateSettings', { maxConcurrent: 0 }],
    ['updateSettings', { maxConcurrent: '4' }],
    ['updateSettings', { taskPort: 80 }],
    ['updateSettings', { directoryUrl: 'javascript:alert(1)' }],
    ['updateSettings', { directoryUrl: 'file:///etc/passwd' }],
    ['updateSettings', { region: 'eu west; DROP TABLE' }],
    // The production directory refuses a region that does not start with a letter on every REGISTER.
    ['updateSettings', { region: '1eu' }],
    ['updateSettings', { region: '-eu' }],
    ['updateSettings', { region: '_eu' }],
    ['updateSettings', { displayName: 'x'.repeat(65) }],
    ['updateSettings', { theme: 'neon' }],
    ['updateSettings', { gateway: { ...DEFAULT_GATEWAY_SETTINGS, keylessOllama: 'yes' } }],
    ['updateSettings', { __proto__: { polluted: true }, displayName: 'ok' }],
    ['updateSettings', { constructor: 'x' }],
    ['listEvents', { limit: 100000 }],
    ['listEvents', { beforeId: 'x' }],
    ['getSnapshot', { unexpected: 1 }],
    // The CSV's separator is one of the two a spreadsheet reads, nothing a caller makes up.
    ['exportLedger', { separator: '\t' }],
    ['exportLedger', { separator: ';;' }],
    ['exportLedger', { separator: '=' }],
  ];

  it.each(bad)('%s %j → invalid_request', async (command, request) => {
    const { node, dispatch } = shared;
    const before = node.getSnapshot();
    const settingsBefore = node.getSettings();
    const r = await dispatch(command, request);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    if (!r.ok) {
      expect(typeof r.error.message).toBe('string');
      expect(Array.isArray(r.error.issues)).toBe(true);
    }
    const after = node.getSnapshot();
    expect(after.state).toBe(before.state);
    expect(after.available).toBe(before.available);
    expect(node.getSettings()).toEqual(settingsBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([['deleteEverything'], ['__proto__'], ['constructor'], ['toString'], [42], [null], ['']])(
    'unknown command %j → unknown_command',
    async (command) => {
      const { node, dispatch } = shared;
      const r = await dispatch(command, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
      expect(node.state).toBe('online');
    },
  );

  it("a region that does not start with a letter is refused with the directory's rule in plain words", async () => {
    const { dispatch } = await runningNode();
    const r = await dispatch('updateSettings', { region: '9west' });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error.issues).toEqual([
        expect.objectContaining({ path: 'region', message: expect.stringMatching(/start with a letter/) }),
      ]);
    expect(await dispatch('updateSettings', { region: 'eu-west_2' })).toMatchObject({ ok: true });
  });

  it('a command the engine cannot do now answers invalid_state, not a crash', async () => {
    const { node, dispatch } = await runningNode();
    await node.stop();
    expect(await dispatch('pause', {})).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(await dispatch('updateSettings', { maxConcurrent: 3 })).toMatchObject({
      ok: false,
      error: { code: 'engine_unavailable' },
    });
  });

  it('an unexpected engine failure becomes `internal` without leaking its message', async () => {
    const { node } = await runningNode();
    const errors: unknown[] = [];
    const handlers = {
      ...node.commandHandlers(),
      getSnapshot: () => {
        throw new Error('secret /home/alice/path');
      },
    };
    const dispatch = createDispatcher(handlers, (e) => errors.push(e));
    const r = await dispatch('getSnapshot', {});
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: 'getSnapshot failed unexpectedly.',
        said: { id: 'refusal.dispatch.failed', values: { command: 'getSnapshot' } },
      },
    });
    expect(errors).toHaveLength(1);
  });
});
