import type { Browser } from 'playwright-core';
import { startFakeBackend, type FakeBackend, type FakeBackendOptions } from './backends';
import { launchChromium } from './browser';
import { TestBridgeClient } from './bridge-client';
import { startTestDirectory, type TestDirectory, type TestDirectoryOptions } from './directory';
import { startHeadlessProcess, type HeadlessProcess } from './headless-process';
import { tempDir } from './tmp';

export interface E2eNodeOptions {
  /** Start of the data folder's name (under the system temp folder). */
  dataPrefix: string;
  backend: FakeBackendOptions;
  /** Hand the fake's address to the host (IICP_BACKEND_URL). Off leaves connecting the two to the setup wizard. */
  backendUrl?: boolean;
  /** Start the test directory with these options and point the host at it (IICP_DIRECTORY_URL). */
  directory?: TestDirectoryOptions;
  /** More environment for the host. */
  env?: NodeJS.ProcessEnv;
  /** Count setup as done, so the page opens on the dashboard rather than the wizard. */
  completeSetup?: boolean;
  /** Prepares the fresh data folder before the host starts (e.g. what a previous run left in its database). */
  beforeStart?: (dataDir: string) => void;
}

export interface E2eNode {
  data: { dir: string; cleanup: () => void };
  backend: FakeBackend;
  /** The test directory, when `directory` options were given. */
  directory: TestDirectory | null;
  host: HeadlessProcess;
  /** A bridge client of the host (a second dashboard, as far as the page is concerned). */
  client: TestBridgeClient;
  browser: Browser;
  /** Calls a command over the bridge and returns its value, or throws with its error message. */
  callOk<T>(command: string, request?: unknown): Promise<T>;
  /**
   * Closes everything it started, the host with SIGTERM; resolves with the host's exit code (0 when it stopped
   * cleanly).
   */
  stop(): Promise<number | null | undefined>;
}

/**
 * A real provider node for a browser test: a fresh data folder, a fake LLM server, optionally the test directory,
 * the built headless host, a bridge client and Chromium. If a part fails to start, the parts already started are
 * stopped before the error is thrown.
 */
export async function startE2eNode(options: E2eNodeOptions): Promise<E2eNode> {
  const { dataPrefix, backendUrl = true, completeSetup = true } = options;
  let data: E2eNode['data'] | undefined;
  let backend: FakeBackend | undefined;
  let directory: TestDirectory | undefined;
  let host: HeadlessProcess | undefined;
  let client: TestBridgeClient | undefined;
  let browser: Browser | undefined;

  const stop = async () => {
    client?.close();
    await browser?.close();
    const code = await host?.stop();
    await directory?.close();
    await backend?.close();
    data?.cleanup();
    return code;
  };

  try {
    data = tempDir(dataPrefix);
    options.beforeStart?.(data.dir);
    backend = await startFakeBackend(options.backend);
    if (options.directory) directory = await startTestDirectory(options.directory);
    host = await startHeadlessProcess({
      IICP_HOME: data.dir,
      ...(backendUrl ? { IICP_BACKEND_URL: backend.url } : {}),
      ...(directory ? { IICP_DIRECTORY_URL: directory.url } : {}),
      ...options.env,
    });
    client = await TestBridgeClient.connect(host.port, host.token);
    const bridge = client;
    const callOk = async <T>(command: string, request: unknown = {}): Promise<T> => {
      const r = await bridge.call(command, request);
      if (!r.ok) throw new Error(`${command}: ${r.error.message}`);
      return r.value as T;
    };
    if (completeSetup) await callOk('completeSetup', { startAtLogin: false });
    browser = await launchChromium();
    return { data, backend, directory: directory ?? null, host, client, browser, callOk, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
