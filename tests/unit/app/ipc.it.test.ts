import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  COMMAND_NAMES,
  commandChannel,
  eventChannel,
  type CommandName,
  type NodeSnapshot,
  type Result,
} from '@shared/contract';
import { createDispatcher, type Dispatch } from '@shared/contract/dispatch';
import { ProviderNode } from '@engine/node/provider-node';
import { forwardEngineEvents, registerIpc } from '@main/app/ipc';
import { isAppUrl } from '@main/app/security';
import { tempDir } from '../../support/tmp';
import { FakeBrowserWindow, FakeIpcMain, type FakeWebContents } from './electron-fakes';

vi.mock('electron', () => {
  throw new Error('the IPC glue must not load electron itself');
});

const RENDERER_DIR = join('/opt/iicp-provider', 'out', 'renderer');
const APP_URL = pathToFileURL(join(RENDERER_DIR, 'index.html')).href;

type Failure = Extract<Result<unknown>, { ok: false }>;

const expectFailure = async (pending: Promise<Result<unknown>>, code: string): Promise<Failure> => {
  const result = await pending;
  expect(result.ok).toBe(false);
  const failure = result as Failure;
  expect(failure.error.code).toBe(code);
  return failure;
};

/** A started engine on a fresh data folder, as the desktop app runs it; `stop` stops it and removes the folder. */
async function startedNode(): Promise<{ node: ProviderNode; stop: () => Promise<void> }> {
  const tmp = tempDir('iicp-app-ipc-');
  const node = new ProviderNode({
    dataDir: tmp.dir,
    host: 'electron',
    taskHost: '127.0.0.1',
    taskPort: 0,
    appVersion: 'test',
  });
  await node.start();
  return {
    node,
    stop: async () => {
      await node.stop();
      tmp.cleanup();
    },
  };
}

describe('IPC handlers', () => {
  let node: ProviderNode;
  let ipcMain: FakeIpcMain;
  let stop: () => Promise<void>;

  const call = (command: CommandName, request: unknown, senderUrl: string | null = APP_URL) =>
    ipcMain.invoke(commandChannel(command), request, senderUrl) as Promise<Result<unknown>>;

  beforeEach(async () => {
    ({ node, stop } = await startedNode());
    ipcMain = new FakeIpcMain();
    registerIpc(ipcMain as never, createDispatcher(node.commandHandlers()), {
      isTrustedSender: (url) => isAppUrl(url, RENDERER_DIR),
    });
  });

  afterEach(async () => {
    await stop();
  });

  it('gives every contract command exactly one handler, on its own channel, and nothing else', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    expect(ipcMain.handlers.size).toBe(COMMAND_NAMES.length);
    // Electron refuses a second handler for a channel; registering again must fail loudly, not double up.
    expect(() => registerIpc(ipcMain as never, vi.fn<Dispatch>(), { isTrustedSender: () => true })).toThrow(
      /second handler/,
    );
  });

  it('routes each channel to its own command and nothing else', async () => {
    const spyIpc = new FakeIpcMain();
    const dispatch = vi.fn<Dispatch>(async (command) => ({ ok: true, value: command }));
    registerIpc(spyIpc as never, dispatch, { isTrustedSender: () => true });
    for (const name of COMMAND_NAMES) {
      await expect(spyIpc.invoke(commandChannel(name), { probe: name }, APP_URL)).resolves.toEqual({
        ok: true,
        value: name,
      });
      expect(dispatch).toHaveBeenLastCalledWith(name, { probe: name });
    }
    expect(dispatch).toHaveBeenCalledTimes(COMMAND_NAMES.length);
  });

  it('forwards a valid request to the engine, which changes state', async () => {
    const paused = await call('pause', {});
    expect(paused).toMatchObject({ ok: true, value: { available: false, state: 'paused' } });
    expect(node.getSnapshot()).toMatchObject({ available: false, state: 'paused' });

    const resumed = await call('resume', undefined); // a call without arguments arrives as undefined
    expect(resumed).toMatchObject({ ok: true, value: { available: true, state: 'online' } });
    expect(node.state).toBe('online');

    await expect(call('updateSettings', { displayName: 'Attic box' })).resolves.toMatchObject({ ok: true });
    await expect(call('getSettings', {})).resolves.toMatchObject({ ok: true, value: { displayName: 'Attic box' } });
    await expect(call('getAppInfo', {})).resolves.toMatchObject({
      ok: true,
      value: { host: 'electron', appVersion: 'test' },
    });
  });

  it('has no channel for an unknown command, and the dispatcher answers unknown_command', async () => {
    await expect(ipcMain.invoke('iicp:cmd:shutdown', {}, APP_URL)).rejects.toThrow(/No handler/);
    const dispatch = createDispatcher(node.commandHandlers());
    for (const name of ['shutdown', '__proto__', 'constructor', 42, null]) {
      await expect(dispatch(name, {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    }
    expect(node.getSnapshot().available).toBe(true);
  });

  it('refuses a call whose sender frame is gone', async () => {
    await expectFailure(call('pause', {}, null), 'unauthorized');
    expect(node.getSnapshot().available).toBe(true);
  });

  it('accepts the app page with a hash route or query', async () => {
    await expect(call('getSnapshot', {}, `${APP_URL}#/settings`)).resolves.toMatchObject({ ok: true });
    await expect(call('getSnapshot', {}, `${APP_URL}?tab=events`)).resolves.toMatchObject({ ok: true });
  });

  it('can be unregistered', () => {
    const local = new FakeIpcMain();
    const unregister = registerIpc(local as never, vi.fn<Dispatch>(), { isTrustedSender: () => true });
    unregister();
    expect(local.handlers.size).toBe(0);
  });
});

// The refused calls share one engine: each case checks for itself that it left the engine as it found it, so a fresh
// engine per case (most of a second each) would assert nothing more. Named as the block above, so the cases keep
// their names.
describe('IPC handlers', () => {
  let node: ProviderNode;
  let ipcMain: FakeIpcMain;
  let stop: () => Promise<void>;

  const call = (command: CommandName, request: unknown, senderUrl: string | null = APP_URL) =>
    ipcMain.invoke(commandChannel(command), request, senderUrl) as Promise<Result<unknown>>;

  beforeAll(async () => {
    ({ node, stop } = await startedNode());
  });

  afterAll(async () => {
    await stop();
  });

  beforeEach(() => {
    ipcMain = new FakeIpcMain();
    registerIpc(ipcMain as never, createDispatcher(node.commandHandlers()), {
      isTrustedSender: (url) => isAppUrl(url, RENDERER_DIR),
    });
  });

  it.each<[string, CommandName, unknown]>([
    ['a wrong type', 'pause', { untilMs: 'tomorrow' }],
    ['an extra field', 'pause', { untilMs: null, force: true }],
    ['a number where an object belongs', 'pause', 42],
    ['null', 'pause', null],
    ['an array', 'pause', []],
    ['a negative time', 'pause', { untilMs: -1 }],
    ['an extra field on an empty request', 'resume', { now: true }],
    ['an unknown setting', 'updateSettings', { available: false }],
    ['an out-of-range setting', 'updateSettings', { maxConcurrent: 0 }],
    ['a limit of the wrong type', 'listEvents', { limit: '10' }],
  ])('answers invalid_request for %s and leaves the engine untouched', async (_label, command, request) => {
    const before = node.getSnapshot();
    const failure = await expectFailure(call(command, request), 'invalid_request');
    expect(failure.error.message).toMatch(command);
    expect(failure.error.issues?.length).toBeGreaterThan(0);
    const after = node.getSnapshot();
    expect(after.available).toBe(before.available);
    expect(after.state).toBe('online');
    expect(node.getSettings().maxConcurrent).toBe(2);
  });

  it.each([
    ['a web page', 'https://evil.example/'],
    ['another local file', 'file:///etc/passwd'],
    ['a sibling folder with the same prefix', pathToFileURL(`${RENDERER_DIR}-evil/index.html`).href],
    ['a path that climbs out of the bundle', `file://${RENDERER_DIR}/../../secrets.html`],
    ['the devtools', 'devtools://devtools/bundled/inspector.html'],
    ['a network share', 'file://server/opt/iicp-provider/out/renderer/index.html'],
    ['an empty URL', ''],
  ])('refuses a sender that is %s', async (_label, url) => {
    const failure = await expectFailure(call('pause', {}, url), 'unauthorized');
    expect(failure.error.message).toMatch(/IICP Provider window/);
    expect(node.getSnapshot()).toMatchObject({ available: true, state: 'online' });
  });
});

describe('engine events to the window', () => {
  let node: ProviderNode;
  let cleanup: () => void;

  beforeEach(async () => {
    const tmp = tempDir('iicp-app-events-');
    cleanup = tmp.cleanup;
    node = new ProviderNode({
      dataDir: tmp.dir,
      host: 'electron',
      taskHost: '127.0.0.1',
      taskPort: 0,
      appVersion: 'test',
      tuning: { snapshotIntervalMs: 0 },
    });
    await node.start();
  });

  afterEach(async () => {
    await node.stop();
    cleanup();
  });

  const sentOn = (contents: FakeWebContents, channel: string) =>
    contents.sent.filter((m) => m.channel === channel).map((m) => m.payload);

  it('pushes snapshots and event log entries on the contract event channels', () => {
    const win = new FakeBrowserWindow({});
    const stop = forwardEngineEvents(node, () => win as never);
    node.commands.pause();
    const snapshots = sentOn(win.webContents, eventChannel('snapshot')) as NodeSnapshot[];
    expect(snapshots.at(-1)).toMatchObject({ available: false, state: 'paused' });
    expect(sentOn(win.webContents, eventChannel('engineEvent'))).toContainEqual(
      expect.objectContaining({ event: 'availability_off' }),
    );

    stop();
    const count = win.webContents.sent.length;
    node.commands.resume();
    expect(win.webContents.sent.length).toBe(count);
  });

  it('skips a missing or destroyed window', () => {
    let target: FakeBrowserWindow | null = null;
    forwardEngineEvents(node, () => target as never);
    expect(() => node.commands.pause()).not.toThrow();

    target = new FakeBrowserWindow({});
    target.destroyed = true;
    node.commands.resume();
    expect(target.webContents.sent).toEqual([]);

    target = new FakeBrowserWindow({});
    target.webContents.destroyed = true;
    node.commands.pause();
    expect(target.webContents.sent).toEqual([]);
  });
});
