/**
 * A clean quit is not a crash, with two real headless hosts in Chromium. Computer A is the built host whose Machines
 * page the test reads; computer B is a second built host at the same test directory (a 1 s heartbeat, which is also
 * how often A looks at it), given the operator identity A made.
 *
 *  1. Both online on A's page.
 *  2. B stopped with SIGTERM: its engine says goodbye as it stops, and A's page says "Stopped by its owner" at once,
 *     with no alert line; however many looks follow, A has no machine_down notice or event, and `--fleet` exits 0.
 *  3. B started again: "Online".
 *  4. B killed with SIGKILL, host and engine (no goodbye): "Down", with its alert line and one machine_down notice.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import type { EngineEvent, FleetInfo, NodeSnapshot, Notice } from '@shared/contract';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { startPeerHost, type PeerHost } from '../support/peer-host';
import { LAPTOP } from '../support/theme-shots';
import { tempDir } from '../support/tmp';

const MODEL = 'qwen2.5:7b';
const PASSPHRASE = 'a long passphrase for the fleet';

let node: E2eNode;
let backend: FakeBackend | undefined;
let b: PeerHost | undefined;
let bData: { dir: string; cleanup: () => void } | undefined;
let bPort: number;
let page: Page;
let idA: string;
let idB: string;

beforeAll(async () => {
  const taskPort = await freePort();
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-fleet-quit-',
    backend: { flavour: 'ollama', models: [MODEL] },
    directory: { routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 },
    env: {
      IICP_PORT: String(taskPort),
      IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
      IICP_ALLOW_PRIVATE_ENDPOINT: '1',
    },
  });
  backend = await startFakeBackend({ flavour: 'ollama', models: [MODEL] });
  bData = tempDir('iicp-e2e-fleet-quit-b-');
  bPort = await freePort();
  await eventually(async () => expect((await snapshot()).directory.link).toBe('registered'), 30_000);
  idA = (await snapshot()).node.nodeId!;
}, 120_000);

afterAll(async () => {
  await page?.close();
  await b?.quit();
  await backend?.close();
  bData?.cleanup();
  expect(await node?.stop()).toBe(0);
});

const snapshot = () => node.callOk<NodeSnapshot>('getSnapshot');
const fleetOnA = () => node.callOk<FleetInfo>('getFleet');
const noticesOnA = async (kind: Notice['kind']) => (await snapshot()).notices.filter((n) => n.kind === kind);
const downEventsOnA = async () =>
  (await node.callOk<EngineEvent[]>('listEvents', { limit: 500 })).filter((e) => e.event === 'fleet_machine_down');

const startB = () =>
  startPeerHost({ dataDir: bData!.dir, taskPort: bPort, directoryUrl: node.directory!.url, backendUrl: backend!.url });

const machine = (id: string): Locator => page.locator(`[data-testid="machine"][data-node-id="${id}"]`);
const badge = (id: string) => machine(id).getByTestId('machine-state').textContent();

/** Waits until the directory has taken a few more heartbeats: A has looked at its machines several more times. */
async function severalMoreLooks(): Promise<void> {
  const directory = node.directory!;
  const looks = directory.state.heartbeats.length;
  await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(looks + 4), 15_000);
}

/** `node out/main/headless.js --fleet` on A's data folder: its exit code and what it printed. */
function fleetCli(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join('out', 'main', 'headless.js'), '--fleet'], {
      env: { ...process.env, IICP_HOME: node.data.dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out }));
  });
}

describe('a machine quit cleanly, and one killed (Chromium, two hosts)', () => {
  it('lists both machines online', async () => {
    await node.callOk('createOperator', { displayName: 'Ada Rigs' });
    await eventually(async () => expect((await fleetOnA()).machines.map((m) => m.nodeId)).toEqual([idA]), 15_000);
    const file = await node.callOk<{ text: string }>('exportOperator', { passphrase: PASSPHRASE });
    b = await startB();
    await eventually(
      async () => expect((await b!.callOk<NodeSnapshot>('getSnapshot')).directory.link).toBe('registered'),
      30_000,
    );
    idB = (await b.callOk<NodeSnapshot>('getSnapshot')).node.nodeId!;
    await b.callOk('importOperator', { file: file.text, passphrase: PASSPHRASE, replace: false });
    await eventually(async () => {
      const f = await fleetOnA();
      expect(f.machines.map((m) => [m.nodeId, m.state])).toEqual([
        [idA, 'online'],
        [idB, 'online'],
      ]);
    }, 30_000);

    page = await node.browser.newPage({ viewport: LAPTOP, colorScheme: 'light' });
    await page.goto(node.host.url);
    await page.getByRole('link', { name: 'Machines', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Your machines' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => badge(idB), { timeout: 15_000 }).toBe('Online');
  });

  it('B stopped with SIGTERM: "Stopped by its owner" at once, no alert, no notice, however many looks follow', async () => {
    expect(await b!.quit()).toBe(0);
    b = undefined;
    // Taken as it comes: well before the two missed looks a crash needs.
    await expect.poll(() => machine(idB).getAttribute('data-state'), { timeout: 5_000 }).toBe('stopped');
    expect(await badge(idB)).toBe('Stopped by its owner');
    expect(await machine(idB).getByTestId('machine-words').textContent()).toBe(
      'Its node was quit on that computer: as planned.',
    );
    expect(await machine(idB).getByTestId('machine-alert').count()).toBe(0);
    await expect.poll(() => page.getByTestId('fleet-online').textContent()).toBe('1 of 2 online.');

    await severalMoreLooks();
    expect(await machine(idB).getAttribute('data-state')).toBe('stopped');
    expect(await noticesOnA('machine_down')).toEqual([]);
    expect(await downEventsOnA()).toEqual([]);
    expect((await snapshot()).fleet).toMatchObject({ machines: 2, online: 1, down: [] });
    // Stopped by its owner is as meant: a script sees nothing down.
    const cli = await fleetCli();
    expect(cli.code).toBe(0);
    expect(cli.out).toContain('Stopped by its owner');
  });

  it('B started again: "Online"', async () => {
    b = await startB();
    await expect.poll(() => machine(idB).getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
    expect(await badge(idB)).toBe('Online');
  });

  it('B killed with SIGKILL (no goodbye): "Down", with its alert line and one notice', async () => {
    await b!.kill();
    b = undefined;
    await expect.poll(() => machine(idB).getAttribute('data-state'), { timeout: 20_000 }).toBe('down');
    expect(await badge(idB)).toBe('Down');
    expect(await machine(idB).getByTestId('machine-alert').count()).toBe(1);
    await eventually(async () => expect(await noticesOnA('machine_down')).toHaveLength(1), 15_000);
    expect(await downEventsOnA()).toHaveLength(1);
  });
});
