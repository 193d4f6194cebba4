/**
 * One name per machine, read where a person reads it. Computer A is the built headless host (a fake Ollama serving
 * OWN_MODEL, the test directory with a 1 s heartbeat), named "Ana desktop"; B is a provider node in this process at the
 * same directory, serving OTHER_MODEL, named "Ana laptop" and given A's operator identity, so it is one of Ana's
 * machines. A's gateway answers OWN_MODEL from this computer and OTHER_MODEL from B (free, an own machine).
 *
 * Each place must show the names, never a node id or a short id in their stead: the Machines page, the Dashboard
 * (its subtitle, and its machines line once B is down), "Try it" (both answers), the gateway's last requests, the
 * Earnings page's spent by machine, the exported CSV's `machine_name`, the Logs page (the sentence of B going down)
 * and the CLI's `--fleet` report.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetInfo, GatewayInfo, NodeSnapshot } from '@shared/contract';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { engineBundleEntry } from '../support/engine-bundle';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { startPublicNode, type NodeHarness } from '../support/node-harness';
import { cuttableFetch } from '../support/cuttable-fetch';
import { LAPTOP } from '../support/theme-shots';
import { csvCells } from '../support/csv-cells';

const OWN_MODEL = 'qwen2.5:7b';
const OTHER_MODEL = 'laptop-model:3b';
const PASSPHRASE = 'a long passphrase for the names';
const DESKTOP = 'Ana desktop';
const LAPTOP_NAME = 'Ana laptop';

let node: E2eNode;
let backend: FakeBackend | undefined;
let b: NodeHarness | undefined;
/** B's line to the other machines, cut before B stops to play a crash (no goodbye leaves). */
const bLine = cuttableFetch();
let page: Page;
let idA: string;
let idB: string;

beforeAll(async () => {
  // B runs in this process: its engine threads load the suite's bundle rather than tsx-transformed source.
  process.env.IICP_THREAD_BUNDLE_DIR ??= dirname(engineBundleEntry());
  const taskPort = await freePort();
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-names-',
    backend: { flavour: 'ollama', models: [OWN_MODEL] },
    directory: { routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 },
    env: {
      IICP_PORT: String(taskPort),
      IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
      IICP_ALLOW_PRIVATE_ENDPOINT: '1',
      IICP_GATEWAY_PORT: '0',
    },
  });
  backend = await startFakeBackend({ flavour: 'ollama', models: [OTHER_MODEL] });
  await eventually(async () => expect((await snapshot()).directory.link).toBe('registered'), 30_000);
  idA = (await snapshot()).node.nodeId!;

  // Ana's identity on A, A named; then B, named before it joins, so it is met under its name.
  await node.callOk('createOperator', { displayName: 'Ana' });
  await eventually(async () => expect((await fleet()).state).toBe('active'), 15_000);
  await node.callOk('renameMachine', { name: DESKTOP });
  const file = await node.callOk<{ text: string }>('exportOperator', { passphrase: PASSPHRASE });
  b = await startPublicNode(
    { directory: node.directory!.url, backend: backend.url },
    {},
    { publicFetch: bLine.fetch, tuning: { fleetDiscoverMs: 500 } },
  );
  await eventually(() => expect(b!.node.getSnapshot().directory.link).toBe('registered'), 30_000);
  idB = b.node.getSnapshot().node.nodeId!;
  await b.node.commandHandlers().updateSettings({ displayName: LAPTOP_NAME });
  await b.node.commandHandlers().importOperator({ file: file.text, passphrase: PASSPHRASE, replace: false });
  await eventually(async () => {
    const f = await fleet();
    expect(f.machines.find((m) => m.nodeId === idB)).toMatchObject({ name: LAPTOP_NAME, state: 'online' });
  }, 30_000);
  page = await node.browser.newPage({ viewport: LAPTOP, colorScheme: 'light' });
  await page.goto(node.host.url);
}, 120_000);

afterAll(async () => {
  await page?.close();
  await b?.stop();
  await backend?.close();
  expect(await node?.stop()).toBe(0);
});

const snapshot = () => node.callOk<NodeSnapshot>('getSnapshot');
const fleet = () => node.callOk<FleetInfo>('getFleet');

async function open(link: string, heading: string): Promise<void> {
  await page.getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 15_000 });
}

/** Text as it stands on the page, quotes and all (a name is quoted as data: “Ana laptop”). */
const quoted = (name: string) => `“${name}”`;

/** `node out/main/headless.js --fleet` on A's data folder: what it printed. */
function fleetCli(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['out/main/headless.js', '--fleet'], {
      env: { ...process.env, IICP_HOME: node.data.dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('close', () => resolve(out));
  });
}

describe('one name per machine (Chromium)', () => {
  it('the Machines page, the Dashboard and the CLI name both machines', async () => {
    await open('Machines', 'Your machines');
    const heading = (id: string) => page.locator(`[data-testid="machine"][data-node-id="${id}"] h3`);
    await expect.poll(() => heading(idA).textContent(), { timeout: 15_000 }).toBe(DESKTOP);
    await expect.poll(() => heading(idB).textContent(), { timeout: 15_000 }).toBe(LAPTOP_NAME);

    await open('Dashboard', 'Dashboard');
    // The subtitle under the page's heading: this computer's name, then its region.
    await expect
      .poll(() => page.locator('main header h1 + p').textContent(), { timeout: 15_000 })
      .toMatch(new RegExp(`^${DESKTOP}( · |$)`));

    const out = await fleetCli();
    expect(out).toContain(`${quoted(DESKTOP)} (this computer)`);
    expect(out).toContain(quoted(LAPTOP_NAME));
  });

  it('"Try it" and the last requests name this computer and the laptop that answered', async () => {
    await open('Use the network', 'Use the network');
    const toggle = page.getByRole('switch', { name: 'Let apps on this computer use the network' });
    await toggle.click();
    await expect
      .poll(() => page.getByTestId('gateway-status').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('listening');
    // The laptop's model is offered once discovery lists it.
    await eventually(async () => {
      const g = await node.callOk<GatewayInfo>('getGateway');
      expect(g.offer?.models.map((m) => m.model)).toContain(OTHER_MODEL);
    }, 30_000);

    const tryIt = page.getByRole('form', { name: 'Try the gateway' });
    for (const [model, name] of [
      [OWN_MODEL, DESKTOP],
      [OTHER_MODEL, LAPTOP_NAME],
    ] as const) {
      await tryIt.getByRole('combobox', { name: 'Model' }).selectOption(model);
      await tryIt.getByRole('textbox', { name: 'Your question' }).fill(`Say hello to ${model}`);
      await tryIt.getByRole('button', { name: 'Send' }).click();
      const refusal = tryIt.getByRole('alert');
      const machine = page.getByTestId('gateway-try-machine');
      await expect
        .poll(
          async () =>
            (await refusal.count()) > 0 ? await refusal.textContent() : await machine.textContent().catch(() => null),
          { timeout: 30_000 },
        )
        .toBe(quoted(name));
    }

    const cells = page.getByTestId('gateway-recent-table').getByTestId('gateway-row-machine');
    await expect
      .poll(() => cells.allTextContents(), { timeout: 15_000 })
      .toEqual([quoted(LAPTOP_NAME), quoted(DESKTOP)]);
  });

  it('Earnings names each machine spent on, and the CSV carries the same names', async () => {
    await open('Earnings', 'Earnings');
    const row = (id: string) => page.locator(`[data-testid="earned-spent-machine"][data-node="${id}"] th`);
    await expect.poll(() => row(idA).textContent(), { timeout: 15_000 }).toBe(quoted(DESKTOP));
    await expect.poll(() => row(idB).textContent(), { timeout: 15_000 }).toBe(quoted(LAPTOP_NAME));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('earnings-export').click()]);
    const lines = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    const head = csvCells(lines[0]!);
    const cell = (line: string, column: string) => csvCells(line)[head.indexOf(column)];
    const spent = lines.slice(1).filter((l) => cell(l, 'direction') !== 'earned');
    expect(spent.map((l) => [cell(l, 'node_id'), cell(l, 'machine_name')]).sort()).toEqual(
      [
        [idA, DESKTOP],
        [idB, LAPTOP_NAME],
      ].sort(),
    );
  });

  it('with the laptop down, the Dashboard and the Logs page name it', async () => {
    bLine.cut();
    await b!.stop();
    b = undefined;
    await eventually(
      async () => expect((await fleet()).machines.find((m) => m.nodeId === idB)?.state).toBe('down'),
      30_000,
    );

    await open('Dashboard', 'Dashboard');
    await expect
      .poll(() => page.getByTestId('fleet-line-down').textContent(), { timeout: 15_000 })
      .toContain(quoted(LAPTOP_NAME));

    await open('Logs', 'Logs');
    await expect
      .poll(() => page.locator('main').innerText(), { timeout: 15_000 })
      .toContain(`One of your machines (${quoted(LAPTOP_NAME)}) stopped answering inside its availability window.`);
  });
});
