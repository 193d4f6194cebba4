/**
 * The desktop shell runs the engine under the same supervisor as the headless host: a real engine process (the
 * fakes' utilityProcess forks the engine's entry), Electron stood in for. Killed, crash-looping or frozen, the engine
 * never takes the window, the tray or the main process with it; they say what happens, commands are answered
 * `engine_unavailable` instead of hanging, and a new engine takes over by itself (or when the person asks, after a
 * crash loop).
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commandChannel, type CommandName, type NodeSnapshot, type Result } from '@shared/contract';
import { bootstrap, type BootstrapOptions, type RunningApp } from '@main/app/bootstrap';
import { DEVELOPMENT_BUILD } from '@main/app/update-support';
import { PLAIN_SECRETS_FILE, SEALED_SECRETS_FILE } from '@engine/identity/secret-store';
import { eventually } from '../../support/eventually';
import { tempDir } from '../../support/tmp';
import {
  asElectron,
  LOCAL_ONLY,
  TASK_ENV,
  FakeBrowserWindow,
  fakeElectron,
  FakeTray,
  reapUtilityProcesses,
  type FakeElectron,
} from './electron-fakes';
import { pidAlive } from '@engine/identity/instance-lock';

vi.mock('electron', () => {
  throw new Error('bootstrap must take Electron from its caller, not import it');
});

const APP_ROOT = '/opt/iicp-provider';
const APP_URL = pathToFileURL(join(APP_ROOT, 'out', 'renderer', 'index.html')).href;
/** What the tray's first line says of a fresh node running normally. */
const NORMAL_STATUS = 'Setup is not finished';

/**
 * The longest the main process's event loop went without running a timer, from `start()` on: a main process that
 * waits for the engine synchronously anywhere shows up here.
 */
function loopWatch() {
  let last = Date.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 20);
  return {
    stop(): number {
      clearInterval(timer);
      return longest;
    },
  };
}

describe('the desktop shell uses the same supervisor (electron mocked, a real engine process)', () => {
  let dir: string;
  let cleanup: () => void;
  let fakes: FakeElectron;
  let running: RunningApp | null;

  const start = async (more: Partial<BootstrapOptions> = {}) => {
    running = await bootstrap({
      electron: asElectron(fakes),
      argv: [],
      env: TASK_ENV,
      platform: 'linux',
      execPath: '/opt/IICP Provider/iicp-provider',
      engineOptions: LOCAL_ONLY,
      ...more,
    });
    expect(running).not.toBeNull();
    return running!;
  };
  const invoke = (command: CommandName, request: unknown = {}) =>
    fakes.ipcMain.invoke(commandChannel(command), request, APP_URL);
  const snapshot = (): NodeSnapshot => running!.engine.getSnapshot()!;
  const statusLine = (): string => FakeTray.instances[0]!.item('status').label ?? '';
  const sentToWindow = (): NodeSnapshot[] =>
    FakeBrowserWindow.instances[0]!.webContents.sent.filter((m) => m.channel === 'iicp:evt:snapshot').map(
      (m) => m.payload as NodeSnapshot,
    );
  /** Waits until an engine other than `not` runs, and returns its pid. */
  const runningEngine = async (not: readonly number[] = [], timeoutMs = 20_000): Promise<number> => {
    let pid = 0;
    await eventually(() => {
      const info = snapshot().engineProcess;
      expect(info.state).toBe('running');
      expect(info.pid).toBeTypeOf('number');
      expect(not).not.toContain(info.pid);
      pid = info.pid!;
    }, timeoutMs);
    return pid;
  };

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('iicp-app-supervised-'));
    fakes = fakeElectron(dir, APP_ROOT);
    running = null;
  });

  afterEach(async () => {
    await running?.engine.stop();
    expect(await reapUtilityProcesses()).toEqual([]);
    cleanup();
  });

  it(
    'an engine killed with SIGKILL: tray and window say it is restarting, commands answer engine_unavailable, then a new engine runs',
    { timeout: 60_000 },
    async () => {
      await start();
      const first = await runningEngine();
      expect(first).toBe(fakes.utilityProcess.latest().pid);
      expect(statusLine()).toBe(NORMAL_STATUS);

      // What the shell does at the moment it learns the engine is gone (the tray has its snapshot first).
      const duringRestart: { tray: string; answer: Promise<unknown> }[] = [];
      const off = running!.engine.onSnapshot((s) => {
        if (s.engineProcess.state === 'restarting' && duringRestart.length === 0)
          duringRestart.push({ tray: statusLine(), answer: invoke('pause') });
      });
      const watch = loopWatch();
      process.kill(first, 'SIGKILL');

      await eventually(() => expect(duringRestart).toHaveLength(1));
      off();
      expect(duringRestart[0]!.tray).toBe('Restarting the node after a problem…');
      await expect(duringRestart[0]!.answer).resolves.toMatchObject({
        ok: false,
        error: {
          code: 'engine_unavailable',
          message: 'The node is restarting after a problem; try again in a moment.',
        },
      });
      expect(
        sentToWindow().some(
          (s) => s.engineProcess.state === 'restarting' && /stopped unexpectedly/.test(s.engineProcess.message ?? ''),
        ),
      ).toBe(true);

      const second = await runningEngine([first]);
      expect(pidAlive(first)).toBe(false);
      expect(fakes.utilityProcess.forked).toHaveLength(2);
      await eventually(() => expect(statusLine()).toBe(NORMAL_STATUS));
      expect(snapshot().engineProcess).toMatchObject({ state: 'running', restarts: 1, message: null, pid: second });
      expect(sentToWindow().at(-1)!.engineProcess).toMatchObject({ state: 'running', pid: second });
      // The new engine takes commands again.
      await expect(invoke('pause')).resolves.toMatchObject({ ok: true, value: { state: 'paused' } });
      // The main process kept running its loop all along (a blocked one would show seconds here).
      expect(watch.stop()).toBeLessThan(1_500);
    },
  );

  it(
    'a crash loop ends in "The node has stopped" in tray and window; Restart now over IPC brings it back',
    { timeout: 90_000 },
    async () => {
      await start({ restartPolicy: { maxRestarts: 2, windowMs: 60_000, backoffMs: [50] } });
      const killed: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const pid = await runningEngine(killed);
        killed.push(pid);
        process.kill(pid, 'SIGKILL');
      }

      await eventually(() => expect(snapshot().engineProcess.state).toBe('failed'), 20_000);
      const message = 'The node stopped unexpectedly 3 times within a minute, so it is not restarted again by itself.';
      expect(snapshot().engineProcess.message).toContain(message);
      await eventually(() => expect(statusLine()).toBe('The node has stopped'));
      expect(sentToWindow().at(-1)!.engineProcess).toMatchObject({
        state: 'failed',
        pid: null,
        message: expect.stringContaining(message),
      });
      // Not restarted again behind the person's back, and asked commands get a plain answer, not a hang.
      expect(fakes.utilityProcess.forked).toHaveLength(3);
      for (const pid of killed) expect(pidAlive(pid)).toBe(false);
      await expect(invoke('resume')).resolves.toMatchObject({ ok: false, error: { code: 'engine_unavailable' } });

      await expect(invoke('restartEngine')).resolves.toMatchObject({ ok: true, value: { state: 'restarting' } });
      const back = await runningEngine(killed);
      expect(fakes.utilityProcess.forked).toHaveLength(4);
      await eventually(() => expect(statusLine()).toBe(NORMAL_STATUS));
      expect(snapshot().engineProcess).toMatchObject({ state: 'running', pid: back });
      // Asked again while it runs: nothing to restart.
      await expect(invoke('restartEngine')).resolves.toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    },
  );

  it(
    'a frozen engine is detected and replaced within 10 s, while the main side keeps answering and the tray keeps rendering',
    { timeout: 60_000 },
    async () => {
      fakes.utilityProcess.env.IICP_ENGINE_TEST_HOOKS = '1';
      await start();
      const frozen = await runningEngine();
      const frozenChild = fakes.utilityProcess.latest();
      const watch = loopWatch();
      const frozenAt = Date.now();
      process.kill(frozen, 'SIGUSR2'); // the test hook: its loop blocks, as a hung engine's would

      // Commands go to the engine until one finds it frozen: that one waits, and is answered once the shell gives up on
      // the engine. Meanwhile the main side answers what it answers itself at once, and the tray still draws.
      let hostAnsweredIn: number | null = null;
      let last: { sentWhile: string; result: Result<unknown> } | null = null;
      while (last === null || last.result.ok) {
        expect(Date.now() - frozenAt).toBeLessThan(15_000);
        const sentWhile = snapshot().engineProcess.state;
        const probe = invoke('getSnapshot') as Promise<Result<unknown>>;
        const waiting = await Promise.race([
          probe.then(() => false),
          new Promise<boolean>((r) => setTimeout(() => r(true), 1_500)),
        ]);
        if (waiting && hostAnsweredIn === null) {
          const askedAt = Date.now();
          await expect(invoke('getUpdateStatus')).resolves.toMatchObject({
            ok: true,
            value: { supported: false, reason: DEVELOPMENT_BUILD },
          });
          hostAnsweredIn = Date.now() - askedAt;
          const builds = FakeTray.instances[0]!.menuBuilds;
          running!.tray.refresh();
          expect(FakeTray.instances[0]!.menuBuilds).toBe(builds + 1);
          expect(statusLine()).toBe(NORMAL_STATUS); // the freeze is not known yet; the menu draws all the same
          expect(frozenChild.running).toBe(true);
        }
        last = { sentWhile, result: await probe };
      }
      expect(last.sentWhile).toBe('running');
      expect(last.result).toMatchObject({ ok: false, error: { code: 'engine_unavailable' } });
      expect(hostAnsweredIn).not.toBeNull();
      expect(hostAnsweredIn!).toBeLessThan(1_000);

      await eventually(() => expect(snapshot().engineProcess.state).not.toBe('running'), 10_000);
      const detectedAfter = Date.now() - frozenAt;
      const replacement = await runningEngine([frozen], 15_000);
      const recoveredAfter = Date.now() - frozenAt;
      expect(
        recoveredAfter,
        `detected after ${detectedAfter} ms, a new engine ran after ${recoveredAfter} ms`,
      ).toBeLessThan(10_000);
      expect(frozenChild.exitSignal).toBe('SIGKILL'); // a frozen loop never handles SIGTERM
      expect(pidAlive(frozen)).toBe(false);
      expect(replacement).not.toBe(frozen);
      expect(snapshot().engineProcess).toMatchObject({ restarts: 1 });
      await eventually(() => expect(statusLine()).toBe(NORMAL_STATUS));
      expect(watch.stop()).toBeLessThan(1_500);
    },
  );

  it(
    "Quit in the tray ends the engine's process by itself, then the app quits without a forced exit code",
    { timeout: 60_000 },
    async () => {
      await start();
      const pid = await runningEngine();
      const child = fakes.utilityProcess.latest();
      await FakeTray.instances[0]!.click('quit');
      await vi.waitFor(() => expect(fakes.app.quitted).toBe(true), { timeout: 30_000 });
      expect(pidAlive(pid)).toBe(false);
      expect(child.exitCode).toBe(0);
      expect(fakes.app.exitCode).toBeNull();
      // Stopped on purpose: not restarted.
      expect(fakes.utilityProcess.forked).toHaveLength(1);
    },
  );

  it(
    "the engine's secrets are sealed by safeStorage in the main process; the engine never writes a plain secrets file",
    { timeout: 60_000 },
    async () => {
      await start();
      await runningEngine();
      const sealedPath = join(dir, SEALED_SECRETS_FILE);
      const plainPath = join(dir, PLAIN_SECRETS_FILE);
      const sealedBefore = existsSync(sealedPath) ? readFileSync(sealedPath) : Buffer.alloc(0);
      const credential = `iicp_mem_${randomBytes(16).toString('hex')}`;

      await expect(invoke('setMembership', { credential })).resolves.toMatchObject({ ok: true });
      await eventually(() => expect(readFileSync(sealedPath).equals(sealedBefore)).toBe(false));
      const sealed = readFileSync(sealedPath);
      expect(sealed.includes(credential)).toBe(false);
      // Opened with this process's key store, it holds the new credential.
      expect(JSON.parse(fakes.safeStorage.decryptString(sealed))).toMatchObject({ membership_credential: credential });
      expect(existsSync(plainPath)).toBe(false);
      expect(fakes.utilityProcess.latest().output).not.toContain(credential);

      // And a new engine (after a crash) starts with it: the main process hands it over.
      process.kill(snapshot().engineProcess.pid!, 'SIGKILL');
      await eventually(() => expect(fakes.utilityProcess.forked).toHaveLength(2), 20_000);
      const init = fakes.utilityProcess.latest().posted.find((m) => (m as { t?: string }).t === 'init') as {
        secrets: { values: Record<string, string> };
      };
      expect(init.secrets.values.membership_credential).toBe(credential);
      await running!.quit();
      expect(existsSync(plainPath)).toBe(false);
    },
  );
});
