/**
 * How the hosts fail to start when the node's lock or secrets are in the way. Both are conditions a
 * restart cannot fix, so they end with a clear message and a distinct exit code instead of a crash loop:
 * 73 when another process already serves the node, 78 when the secrets file cannot be used.
 * (The headless host's exit codes themselves are checked end to end in tests/e2e/headless-lock.test.ts.)
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bootstrap, EXIT_NODE_IN_USE, EXIT_STORE_UNUSABLE, type RunningApp } from '@main/app/bootstrap';
import { InstanceLockError } from '@engine/identity/instance-lock';
import { SecretStoreError } from '@engine/identity/secret-store';
import { parseHeadlessConfig } from '@main/headless/config';
import { startHeadless, type HeadlessHost } from '@main/headless/in-process-host';
import { tempDir } from '../../support/tmp';
import { engineBundleEntry } from '../../support/engine-bundle';
import { forkLauncher } from '@main/supervisor/fork-launcher';
import { EngineSupervisor } from '@main/supervisor/supervisor';
import {
  asElectron,
  LOCAL_ONLY,
  TASK_ENV,
  FakeBrowserWindow,
  fakeElectron,
  FakeTray,
  reapUtilityProcesses,
  type FakeElectron,
} from '../app/electron-fakes';

vi.mock('electron', () => {
  throw new Error('bootstrap must take Electron from its caller, not import it');
});

const isPosix = process.platform !== 'win32';

describe('start failures caused by the lock or the secrets', () => {
  let dir: string;
  let cleanup: () => void;
  let dataDir: string;
  const stops: (() => Promise<void>)[] = [];

  beforeEach(() => {
    ({ dir, cleanup } = tempDir('iicp-start-fail-'));
    dataDir = join(dir, 'data');
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    cleanup();
  });

  describe('headless host (startHeadless)', () => {
    function config() {
      const c = parseHeadlessConfig(
        ['--data-dir', dataDir, '--host', '127.0.0.1', '--port', '0', '--port-mapping', 'off'],
        {},
      );
      if (c === 'help') throw new Error('unexpected');
      return c;
    }
    function rendererDir(): string {
      const r = join(dir, 'renderer');
      mkdirSync(join(r, 'assets'), { recursive: true });
      writeFileSync(join(r, 'index.html'), '<!doctype html><title>IICP Provider</title>');
      return r;
    }
    const start = () => startHeadless(config(), { appVersion: 'test', rendererDir: rendererDir() });

    it('throws InstanceLockError (held) for a node another host already serves, and the first keeps running', async () => {
      const first: HeadlessHost = await start();
      stops.push(() => first.stop());
      const err: unknown = await start().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InstanceLockError);
      expect((err as InstanceLockError).code).toBe('held');
      expect((err as InstanceLockError).message).toMatch(/already being served/);
      expect(first.node.state).toBe('online');
      expect(readFileSync(join(dataDir, 'run', `${first.node.runtime!.identity.nodeId}.pid`), 'utf8')).toBe(
        String(process.pid),
      );
    });

    it.skipIf(!isPosix)(
      'throws SecretStoreError (unsafe_file) for a secrets file others can read, before serving anything',
      async () => {
        mkdirSync(dataDir, { recursive: true });
        writeFileSync(join(dataDir, 'secrets.json'), '{}');
        chmodSync(join(dataDir, 'secrets.json'), 0o644);
        const err: unknown = await start().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(SecretStoreError);
        expect((err as SecretStoreError).code).toBe('unsafe_file');
        expect((err as SecretStoreError).message).toMatch(/chmod 600/);
      },
    );

    it('throws SecretStoreError (unreadable) for a damaged secrets file, and leaves the file as it was', async () => {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(join(dataDir, 'secrets.json'), '{"node_token": "tok_trunc', { mode: 0o600 });
      const err: unknown = await start().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SecretStoreError);
      expect((err as SecretStoreError).code).toBe('unreadable');
      expect(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).toBe('{"node_token": "tok_trunc');
    });
  });

  describe('desktop app (bootstrap; the engine in a utilityProcess)', () => {
    const apps: RunningApp[] = [];
    const boot = async (fakes: FakeElectron, argv: string[] = []) => {
      const running = await bootstrap({
        electron: asElectron(fakes),
        argv,
        env: TASK_ENV,
        engineOptions: LOCAL_ONLY,
        platform: 'linux',
      });
      if (running) apps.push(running);
      return running;
    };

    afterEach(async () => {
      for (const running of apps.splice(0)) await running.engine.stop();
      // Every engine process the fakes started is gone, whatever the test did.
      expect(await reapUtilityProcesses()).toEqual([]);
    });

    /** The headless host's way of serving the node: its engine in another process, with the plain secrets file. */
    async function headlessEngineInAnotherProcess(): Promise<EngineSupervisor> {
      const supervisor = new EngineSupervisor({
        launch: forkLauncher(engineBundleEntry(), { execArgv: [] }),
        node: {
          dataDir,
          host: 'headless',
          appVersion: 'test',
          taskHost: '127.0.0.1',
          taskPort: 0,
          overrides: LOCAL_ONLY.overrides,
        },
      });
      await supervisor.start();
      stops.push(() => supervisor.stop());
      return supervisor;
    }

    it('a node the headless host already serves: error dialog, exit 73, nothing opened, and its secrets left alone', async () => {
      await headlessEngineInAnotherProcess();
      const plainBefore = readFileSync(join(dataDir, 'secrets.json'));
      const fakes = fakeElectron(dataDir);
      const running = await boot(fakes);
      expect(running).toBeNull();
      expect(fakes.app.exitCode).toBe(EXIT_NODE_IN_USE);
      expect(EXIT_NODE_IN_USE).toBe(73);
      expect(fakes.dialog.errors).toHaveLength(1);
      expect(fakes.dialog.errors[0]!.title).toBe('This node is already running');
      expect(fakes.dialog.errors[0]!.content).toMatch(/already being served/);
      expect(FakeBrowserWindow.instances).toHaveLength(0);
      expect(FakeTray.instances).toHaveLength(0);
      // The refused app did not move the running host's secrets into its key store under it.
      expect(readFileSync(join(dataDir, 'secrets.json'))).toEqual(plainBefore);
      expect(() => readFileSync(join(dataDir, 'secrets.enc'))).toThrow(/ENOENT/);
    });

    it('a secrets file it cannot use: error dialog naming the file, exit 78', async () => {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(join(dataDir, 'secrets.enc'), 'not sealed by this key store', { mode: 0o600 });
      const fakes = fakeElectron(dataDir);
      const running = await boot(fakes);
      expect(running).toBeNull();
      expect(fakes.app.exitCode).toBe(EXIT_STORE_UNUSABLE);
      expect(fakes.dialog.errors).toEqual([
        {
          title: 'IICP Provider cannot use its secrets file',
          content: expect.stringContaining(join(dataDir, 'secrets.enc')),
        },
      ]);
      expect(fakes.dialog.errors[0]!.content).not.toMatch(/\n\s+at /);
      expect(FakeBrowserWindow.instances).toHaveLength(0);
    });

    it('sealed secrets while the keyring is unavailable: exit 78 rather than a new identity', async () => {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(join(dataDir, 'secrets.enc'), 'sealed earlier', { mode: 0o600 });
      const fakes = fakeElectron(dataDir);
      fakes.safeStorage.available = false;
      const running = await boot(fakes);
      expect(running).toBeNull();
      expect(fakes.app.exitCode).toBe(EXIT_STORE_UNUSABLE);
      expect(fakes.dialog.errors[0]!.content).toMatch(/not available now/);
      expect(readFileSync(join(dataDir, 'secrets.enc'), 'utf8')).toBe('sealed earlier');
    });

    it('starts with its secrets sealed by the OS key store, moving the headless host’s file once it has stopped', async () => {
      const headless = await headlessEngineInAnotherProcess();
      const nodeId = headless.getSnapshot()!.node.nodeId;
      expect(nodeId).toEqual(expect.any(String));
      await headless.stop();
      const fakes = fakeElectron(dataDir);
      const running = await boot(fakes, ['--hidden']);
      expect(running).not.toBeNull();
      expect(running!.engine.getSnapshot()).toMatchObject({
        state: 'online',
        node: { nodeId },
        engineProcess: { state: 'running' },
      });
      expect(() => readFileSync(join(dataDir, 'secrets.json'))).toThrow(/ENOENT/);
      expect(readFileSync(join(dataDir, 'secrets.enc')).subarray(0, 8).toString()).toBe('fake-v10');
    });
  });
});
