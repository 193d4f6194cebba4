import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NodeSnapshot } from '../../../src-preload/contract';
import { ProviderNode } from '../../../src-main/engine/provider-node';
import { appPaths } from '../../../src-main/app/paths';
import { createQuitController } from '../../../src-main/app/quit';
import { createAppTray, statusLine, trayIconKind, type AppTray } from '../../../src-main/app/tray';
import { tempDir } from '../../support/tmp';
import { FakeApp, FakeEvent, FakeMenu, FakeTray, settle } from './electron-fakes';

vi.mock('electron', () => {
  throw new Error('the tray glue must not load electron itself');
});

const paths = appPaths('/opt/iicp-provider');
const icon = (kind: 'online' | 'paused' | 'problem') => join('/opt/iicp-provider', 'build', 'tray', `tray-${kind}.png`);

describe('tray', () => {
  let node: ProviderNode;
  let app: FakeApp;
  let appTray: AppTray;
  let tray: FakeTray;
  let openWindow: ReturnType<typeof vi.fn<() => void>>;
  let cleanup: () => void;

  beforeEach(async () => {
    const tmp = tempDir('iicp-app-tray-');
    cleanup = tmp.cleanup;
    node = new ProviderNode({ dataDir: tmp.dir, host: 'electron', taskHost: '127.0.0.1', taskPort: 0, appVersion: 'test', snapshotIntervalMs: 0 });
    await node.start();
    app = new FakeApp(tmp.dir);
    const quitter = createQuitController(app, node);
    app.on('before-quit', (event: FakeEvent) => quitter.onBeforeQuit(event));
    openWindow = vi.fn<() => void>();
    FakeTray.instances = [];
    appTray = createAppTray({ Tray: FakeTray as never, Menu: FakeMenu as never, iconPath: paths.trayIcon, platform: 'linux' }, node, {
      openWindow,
      quit: () => quitter.quit(),
    });
    tray = FakeTray.instances[0]!;
  });

  afterEach(async () => {
    appTray.dispose();
    await node.stop();
    cleanup();
  });

  it('shows the status, an Available checkbox, Open, a separator and Quit', () => {
    expect(FakeTray.instances).toHaveLength(1);
    expect(tray.labels()).toEqual(['Online', 'Available', 'Open IICP Provider', '---', 'Quit']);
    expect(tray.item('status').enabled).toBe(false);
    expect(tray.item('available')).toMatchObject({ type: 'checkbox', checked: true, enabled: true });
    expect(tray.image).toBe(icon('online'));
    expect(tray.tooltip).toBe('IICP Provider · Online');
  });

  it('pauses the engine when Available is unticked and resumes it when ticked again', async () => {
    await tray.click('available');
    expect(node.getSnapshot()).toMatchObject({ available: false, state: 'paused' });
    expect(node.state).toBe('paused');
    expect(tray.item('status').label).toBe('Paused');
    expect(tray.item('available').checked).toBe(false);
    expect(tray.image).toBe(icon('paused'));

    await tray.click('available');
    expect(node.getSnapshot()).toMatchObject({ available: true, state: 'online' });
    expect(node.state).toBe('online');
    expect(tray.item('status').label).toBe('Online');
    expect(tray.item('available').checked).toBe(true);
    expect(tray.image).toBe(icon('online'));
  });

  it('follows changes made elsewhere (the window, a timed pause, a problem)', async () => {
    node.pause(Date.now() + 3_600_000);
    await settle();
    expect(tray.item('status').label).toMatch(/^Paused until /);
    expect(tray.item('available').checked).toBe(false);

    node.resume();
    node.setProblem('backend', 'The local LLM server does not answer.');
    await settle();
    expect(tray.item('status').label).toBe('Degraded · The local LLM server does not answer.');
    expect(tray.item('available').checked).toBe(true);
    expect(tray.image).toBe(icon('problem'));
    expect(tray.tooltip).toMatch(/^IICP Provider · Degraded · /);

    node.setProblem('backend', null);
    await settle();
    expect(tray.item('status').label).toBe('Online');
    expect(tray.image).toBe(icon('online'));
  });

  it('rebuilds the menu only when what it shows changes', async () => {
    const builds = tray.menuBuilds;
    node.updateSettings({ displayName: 'Attic box' });
    await settle();
    expect(tray.menuBuilds).toBe(builds);
    node.pause();
    await settle();
    expect(tray.menuBuilds).toBeGreaterThan(builds);
  });

  it('opens the window from the menu', async () => {
    await tray.click('open');
    expect(openWindow).toHaveBeenCalledTimes(1);
  });

  it('Quit stops the engine, then quits the app (once, however often it is clicked)', async () => {
    await Promise.all([tray.click('quit'), tray.click('quit')]);
    await settle();
    expect(node.state).toBe('stopped');
    expect(app.quitCalls).toBe(1);
    expect(app.quitted).toBe(true);
    expect(app.exitCode).toBeNull();
    expect(tray.item('status').label).toBe('Stopped');
    expect(tray.item('available').enabled).toBe(false);
  });

  it('a quit from the OS (before-quit) waits for the engine to stop, then exits', async () => {
    const event = new FakeEvent();
    app.emit('before-quit', event);
    expect(event.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(app.exitCode).toBe(0));
    expect(node.state).toBe('stopped');
    // A second request while exiting changes nothing.
    const again = new FakeEvent();
    app.emit('before-quit', again);
    expect(app.exitCode).toBe(0);
  });
});

describe('tray wording', () => {
  const at = (state: NodeSnapshot['state'], stateReason: string | null = null, pausedUntil: string | null = null) =>
    statusLine({ state, stateReason, pausedUntil });

  it('says what the node is doing in plain words', () => {
    expect(at('online')).toBe('Online');
    expect(at('paused')).toBe('Paused');
    expect(at('starting')).toBe('Starting…');
    expect(at('stopping')).toBe('Stopping…');
    expect(at('stopped')).toBe('Stopped');
    expect(at('degraded')).toBe('Degraded');
    expect(at('degraded', 'No model loaded.')).toBe('Degraded · No model loaded.');
  });

  it('keeps a long reason to one short line', () => {
    const line = at('degraded', `${'very '.repeat(40)}long\nreason`);
    expect(line.length).toBeLessThanOrEqual('Degraded · '.length + 60);
    expect(line).toMatch(/…$/);
    expect(line).not.toMatch(/\n/);
  });

  it('picks the icon by state', () => {
    expect(trayIconKind('online')).toBe('online');
    expect(trayIconKind('degraded')).toBe('problem');
    for (const s of ['paused', 'starting', 'stopping', 'stopped'] as const) expect(trayIconKind(s)).toBe('paused');
  });

  it('opens the window on a left click only on Windows', () => {
    const fakeEngine = {
      getSnapshot: () => ({ state: 'online', available: true, stateReason: null, pausedUntil: null }) as NodeSnapshot,
      onSnapshot: () => () => undefined,
      pause: vi.fn(),
      resume: vi.fn(),
    };
    for (const [platform, listeners] of [
      ['win32', 1],
      ['linux', 0],
      ['darwin', 0],
    ] as const) {
      FakeTray.instances = [];
      createAppTray({ Tray: FakeTray as never, Menu: FakeMenu as never, iconPath: paths.trayIcon, platform }, fakeEngine, {
        openWindow: vi.fn(),
        quit: vi.fn(),
      });
      expect(FakeTray.instances[0]!.listenerCount('click')).toBe(listeners);
    }
  });
});
