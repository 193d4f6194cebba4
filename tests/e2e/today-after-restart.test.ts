/**
 * Today's count and credits across restarts, on a real node: the built headless host with a fake Ollama, registered
 * with the test directory, tasks served and their receipts awarded. The status line, the Workload card, the tray
 * (its lines made from the snapshot the dashboard gets), Requests ("Served") and Earnings ("today so far") show one
 * count and one credit figure — before, after the engine is killed (the host starts a new one), and after the host
 * itself is restarted on the same data folder (a new address and token: the page is opened again).
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusLine, todayLine } from '@main/app/tray-lines';
import type { NodeSnapshot } from '@shared/contract';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { launchChromium } from '../support/browser';
import { TestBridgeClient } from '../support/bridge-client';
import { startTestDirectory, type TestDirectory } from '../support/directory';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { startHeadlessProcess, type HeadlessProcess } from '../support/headless-process';
import { chatTask, http } from '../support/node-harness';
import { fullShot, WIDE } from '../support/page-layout';
import { tempDir } from '../support/tmp';

let data: { dir: string; cleanup: () => void };
let backend: FakeBackend;
let directory: TestDirectory;
let host: HeadlessProcess | null = null;
let client: TestBridgeClient | null = null;
let browser: Browser;
let page: Page;
let taskPort: number;

async function callOk<T>(command: string, request: unknown = {}): Promise<T> {
  const r = await client!.call(command, request);
  if (!r.ok) throw new Error(`${command}: ${r.error.message}`);
  return r.value as T;
}

const snapshot = () => callOk<NodeSnapshot>('getSnapshot');

/** The host as `npm run headless` starts it on this data folder, with a bridge client of its own. */
async function startHost(): Promise<void> {
  host = await startHeadlessProcess({
    IICP_HOME: data.dir,
    IICP_BACKEND_URL: backend.url,
    IICP_DIRECTORY_URL: directory.url,
    // A fixed task port, as a real node has: every engine, and every host, binds the same one.
    IICP_PORT: String(taskPort),
    IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
    IICP_ALLOW_PRIVATE_ENDPOINT: '1',
    IICP_MAX_CONCURRENT: '4',
  });
  client = await TestBridgeClient.connect(host.port, host.token);
}

async function stopHost(): Promise<void> {
  client?.close();
  client = null;
  const code = await host?.stop();
  host = null;
  expect(code).toBe(0);
}

/** Registered, its LLM server answering, every receipt settled: nothing about today's figures is still on its way. */
async function servingAndSettled(): Promise<NodeSnapshot> {
  return eventually(async () => {
    const s = await snapshot();
    expect(s.engineProcess.state).toBe('running');
    expect(s.directory.link).toBe('registered');
    expect(s.backend.status).toBe('healthy');
    expect(s.earnings.outbox).toBe(0);
    expect(s.earnings.today.pending).toBe(0);
    return s;
  }, 45_000);
}

async function serve(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await http(`http://127.0.0.1:${taskPort}/v1/task`, { body: chatTask(randomUUID()) });
    expect(r.status, r.text).toBe(200);
  }
}

const text = async (testId: string): Promise<string> =>
  ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\u00a0/g, ' ').trim();

/** What each screen says about today, read as a person reads it. */
async function screens(snap: NodeSnapshot) {
  const detail = await text('status-detail');
  const dashboard = {
    statusLine: /(\S+) tasks? today/.exec(detail)?.[1] ?? `not in "${detail}"`,
    workload: await text('today-jobs'),
    workloadCredits: await text('today-credits'),
    requestsServed: await text('requests-served'),
  };
  await page.getByRole('link', { name: 'Earnings', exact: true }).click();
  const totals = page.getByTestId('earnings-totals');
  await totals.getByText('today so far').waitFor({ timeout: 15_000 });
  const line = ((await totals.locator('p', { hasText: 'today so far' }).textContent()) ?? '').replace(/\u00a0/g, ' ');
  const earnings = /today so far: (\S+) tasks?, (\S+) awarded/.exec(line);
  // The tray's lines are made from the snapshot the dashboard gets (the desktop app hands it the same one), in the
  // window's locale (the desktop app tells the tray the locale its window uses).
  const locale = await page.evaluate(() => navigator.language);
  const trayLine = todayLine(snap.today, locale);
  const tray = /^Today: (\S+) tasks? · (\S+) credits?$/.exec(trayLine);
  return {
    ...dashboard,
    tray: tray?.[1] ?? trayLine,
    trayCredits: tray?.[2] ?? trayLine,
    earnings: earnings?.[1] ?? `not in "${line}"`,
    earningsCredits: earnings?.[2] ?? `not in "${line}"`,
  };
}

/**
 * Every screen shows `tasks` tasks today, and one credit figure (the one the dashboard shows). `open`: the page is
 * opened at the host's address (first, and after the host's restart); otherwise the open page carries on by itself.
 */
async function expectToday(tasks: number, stage: string, open: boolean): Promise<void> {
  const snap = await servingAndSettled();
  if (open) await page.goto(host!.url);
  else await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
  await page.getByTestId('node-state').filter({ hasText: 'Serving the network' }).waitFor({ timeout: 30_000 });
  await fullShot(page, `today-${stage}-dashboard.png`);
  const seen = await screens(snap);
  await fullShot(page, `today-${stage}-earnings.png`);
  const n = String(tasks);
  const credits = seen.workloadCredits;
  expect(seen, stage).toEqual({
    statusLine: n,
    workload: n,
    workloadCredits: credits,
    requestsServed: n,
    tray: n,
    trayCredits: credits,
    earnings: n,
    earningsCredits: credits,
  });
  expect(snap.today).toEqual({ jobs: tasks, credits: snap.earnings.today.awarded });
  expect(snap.today.credits).toBeGreaterThan(0);
  // The tray's first line is the dashboard's headline.
  expect(statusLine(snap)).toMatch(/^Serving the network/);
}

beforeAll(async () => {
  taskPort = await freePort();
  data = tempDir('iicp-e2e-today-');
  backend = await startFakeBackend({ flavour: 'ollama', models: ['qwen2.5:7b'] });
  directory = await startTestDirectory({
    routabilityCheck: false,
    livenessProbe: false,
    heartbeatIntervalMs: 1_000,
    rateLimitPerMinute: 1_000,
  });
  await startHost();
  await callOk('completeSetup', { startAtLogin: false });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: WIDE, colorScheme: 'light' });
});

afterAll(async () => {
  await page?.close();
  await browser?.close();
  if (host) await stopHost();
  await directory?.close();
  await backend?.close();
  data?.cleanup();
});

describe("today's count and credits across restarts", () => {
  it('are the same on every screen before and after the engine and the host are restarted', async () => {
    await servingAndSettled();
    await serve(5);
    await expectToday(5, 'before', true);

    // The engine dies (a crash): the host starts a new one on the same data folder.
    const killed = (await snapshot()).engineProcess.pid!;
    process.kill(killed, 'SIGKILL');
    await eventually(async () => {
      const p = (await snapshot()).engineProcess;
      expect(p.state).toBe('running');
      expect(p.pid).not.toBe(killed);
    }, 30_000);
    await expectToday(5, 'after-engine-restart', false);

    // The host itself restarts (an update, a reboot): a new process, a new address and token, the same data folder.
    await stopHost();
    await startHost();
    await expectToday(5, 'after-host-restart', true);

    // And the count goes on from there.
    await serve(2);
    await expectToday(7, 'after-more-tasks', false);
    // Two restarts and four rounds of pages: about a minute on a loaded two-core machine.
  }, 180_000);
});
