/**
 * The Machines page ("Your machines", #/fleet) in Chromium against the built headless host: in the browser what
 * tests/integration/fleet.test.ts proves in-process. Computer A is the built host (fake Ollama, the test directory with
 * a 1 s heartbeat); B and C are provider nodes in this process at the same directory. The operator identity is made
 * on A over the bridge, exported, and imported on B and C; C's schedule puts it outside its windows now.
 *
 *  1. The page lists the three machines, this computer first, all "Online", C "Outside its availability windows",
 *     each with where its figures come from and how old they are.
 *  2. A webhook address (a receiver in this test) is saved: the card says one is set, and the page never shows the
 *     address again.
 *  3. B crashed inside its window (stopped with its line to the others cut, so no goodbye leaves): "Down" with since
 *     when on the page; the Dashboard's machines line and its notices
 *     card say so; A has exactly one machine_down notice, and the webhook got one alert — however many looks follow.
 *  4. B started again: "Online" at once; once it has answered for ten looks, exactly one machine_back notice (in
 *     the place of the "down" one), and the webhook's "back".
 *  5. C stopped outside its windows: "Asleep as planned", and no other alert.
 *  6. B paused, then stopped: "Paused", and no other alert.
 *  7. This computer renamed on the page; the name of another machine is refused at the field.
 * Between the steps, `--fleet` run against A's data folder exits 0 while every machine meant to be on is up, 1 while B
 * is down.
 * The page while B is down, the Dashboard with the alert, and the page at the end, each light and dark at 1366×768 and
 * 900×600, with nothing sticking out sideways.
 */
import { english } from '@shared/i18n/say';
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetInfo, NodeSnapshot, Notice } from '@shared/contract';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { engineBundleEntry } from '../support/engine-bundle';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { startPublicNode, type NodeHarness } from '../support/node-harness';
import { checkThemesAndShoot, LAPTOP } from '../support/theme-shots';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { cuttableFetch, type CuttableFetch } from '../support/cuttable-fetch';

const MODEL = 'qwen2.5:7b';
const PASSPHRASE = 'a long passphrase for the fleet';
const SECRET_PATH = '/topic-secret-e2e-4711';
/** How the page says a webhook is set, without its address. */
const WEBHOOK_SET = 'A webhook is set; its address is kept as a secret and not shown again.';

let node: E2eNode;
let backend: FakeBackend | undefined;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
const others: NodeHarness[] = [];
let b: NodeHarness;
let c: NodeHarness;
let page: Page;
/** Node ids, kept from while each ran (a stopped node's snapshot has none). */
let idA: string;
let idB: string;
let idC: string;

beforeAll(async () => {
  // B and C run in this process: their engine threads load the suite's bundle rather than tsx-transformed source.
  process.env.IICP_THREAD_BUNDLE_DIR ??= dirname(engineBundleEntry());
  const taskPort = await freePort();
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-fleet-',
    backend: { flavour: 'ollama', models: [MODEL] },
    // Loopback endpoints allowed; heartbeats every second, which is also how often each machine looks at the others.
    directory: { routabilityCheck: false, livenessProbe: false, heartbeatIntervalMs: 1000 },
    env: {
      IICP_PORT: String(taskPort),
      IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
      IICP_ALLOW_PRIVATE_ENDPOINT: '1',
    },
  });
  backend = await startFakeBackend({ flavour: 'ollama', models: [MODEL] });
  receiver = await startWebhookReceiver();
  await eventually(async () => expect((await snapshot()).directory.link).toBe('registered'), 30_000);
  idA = (await snapshot()).node.nodeId!;
});

afterAll(async () => {
  await page?.close();
  for (const h of others.splice(0)) await h.stop();
  await receiver?.close();
  await backend?.close();
  expect(await node?.stop()).toBe(0);
});

const snapshot = () => node.callOk<NodeSnapshot>('getSnapshot');
const fleetOnA = () => node.callOk<FleetInfo>('getFleet');
const noticesOnA = async (kind: Notice['kind']) => (await snapshot()).notices.filter((n) => n.kind === kind);
const nameOnA = async (id: string) => (await fleetOnA()).machines.find((m) => m.nodeId === id)!.name;

/** Each other computer's line to the others, cut before a stop that plays a crash. */
const lines = new Map<NodeHarness, CuttableFetch>();

/** Another computer of the person's, in this process, registered at the test directory. */
async function startOther(): Promise<NodeHarness> {
  const line = cuttableFetch();
  const h = await startPublicNode(
    { directory: node.directory!.url, backend: backend!.url },
    {},
    { publicFetch: line.fetch, tuning: { fleetDiscoverMs: 500 } },
  );
  lines.set(h, line);
  others.push(h);
  await eventually(() => expect(h.node.getSnapshot().directory.link).toBe('registered'), 30_000);
  return h;
}

/** A window on another day than today (UTC), so the machine is outside its windows now. */
function elsewhereSchedule() {
  const isoToday = ((new Date().getUTCDay() + 6) % 7) + 1;
  return {
    timeZone: 'UTC',
    windows: [{ days: [((isoToday + 2) % 7) + 1], start: '10:00', end: '11:00', share: 1 }],
    outsideShare: 0,
  };
}

/** Waits until the directory has taken a few more heartbeats: A has looked at its machines several more times. */
async function severalMoreLooks(): Promise<void> {
  const directory = node.directory!;
  const looks = directory.state.heartbeats.length;
  await eventually(() => expect(directory.state.heartbeats.length).toBeGreaterThan(looks + 4), 15_000);
}

const machine = (id: string): Locator => page.locator(`[data-testid="machine"][data-node-id="${id}"]`);
const badge = (id: string) => machine(id).getByTestId('machine-state').textContent();
const fact = (id: string, label: string): Locator =>
  machine(id).locator(`xpath=.//dt[normalize-space()="${label}"]/following-sibling::dd[1]`);

async function open(link: string, heading: string): Promise<void> {
  await page.getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 15_000 });
}

/** `node out/main/headless.js --fleet` on A's data folder, as a script runs it: its exit code and what it printed. */
function fleetCli(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['out/main/headless.js', '--fleet'], {
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

describe('the Machines page (Chromium)', () => {
  it('lists the three machines of one operator, this computer first, all online, C outside its windows', async () => {
    await node.callOk('createOperator', { displayName: 'Ada Rigs' });
    // A has looked once, so the file it exports names it among the operator's machines.
    await eventually(async () => {
      const f = await fleetOnA();
      expect(f.state).toBe('active');
      expect(f.machines.map((m) => m.nodeId)).toEqual([idA]);
    }, 15_000);
    const file = await node.callOk<{ filename: string; text: string }>('exportOperator', { passphrase: PASSPHRASE });

    b = await startOther();
    idB = b.node.getSnapshot().node.nodeId!;
    await b.node.commandHandlers().importOperator({ file: file.text, passphrase: PASSPHRASE, replace: false });
    // B takes the next free name; C is imported once A knows B under it (see the report on importing both at once).
    await eventually(async () => {
      const own = b.node.getSnapshot().node.displayName;
      expect(own).not.toBe('My IICP node');
      expect(await nameOnA(idB)).toBe(own);
    }, 20_000);
    c = await startOther();
    idC = c.node.getSnapshot().node.nodeId!;
    await c.node.commandHandlers().importOperator({ file: file.text, passphrase: PASSPHRASE, replace: false });
    await c.node.commandHandlers().updateSchedule(elsewhereSchedule());

    await eventually(async () => {
      const f = await fleetOnA();
      expect(f.machines.map((m) => m.nodeId).sort()).toEqual([idA, idB, idC].sort());
      expect(f.machines.every((m) => m.state === 'online')).toBe(true);
      expect(f.machines.find((m) => m.nodeId === idC)!.window).toMatchObject({
        inside: false,
        switchedOn: true,
        timeZone: 'UTC',
      });
    }, 20_000);
    // The first-run name stays with the first machine; the others took the next free numbers.
    expect((await snapshot()).node.displayName).toBe('My IICP node');
    await eventually(
      () =>
        expect(
          new Set(['My IICP node', b.node.getSnapshot().node.displayName, c.node.getSnapshot().node.displayName]).size,
        ).toBe(3),
      10_000,
    );

    page = await node.browser.newPage({ viewport: LAPTOP, colorScheme: 'light' });
    await page.goto(node.host.url);
    await open('Machines', 'Your machines');
    const list = page.getByRole('list', { name: 'Your machines' });
    await expect.poll(() => list.getByTestId('machine').count(), { timeout: 15_000 }).toBe(3);
    await expect.poll(() => page.getByTestId('fleet-online').textContent(), { timeout: 15_000 }).toBe('3 of 3 online.');

    // This computer first, under its name, with "This computer" beside it.
    const first = list.getByTestId('machine').first();
    expect(await first.getAttribute('data-node-id')).toBe(idA);
    expect(await first.getByRole('heading', { level: 3 }).textContent()).toBe('My IICP node');
    expect(await first.textContent()).toContain('This computer');
    expect(await first.getByTestId('machine-words').textContent()).toBe('This computer: running.');
    expect(await list.getByText('This computer', { exact: true }).count()).toBe(1);

    for (const [id, h] of [
      [idB, b],
      [idC, c],
    ] as const) {
      await expect
        .poll(() => machine(id).getByRole('heading', { level: 3 }).textContent(), { timeout: 15_000 })
        .toBe(h.node.getSnapshot().node.displayName);
    }
    for (const id of [idA, idB, idC]) {
      await expect.poll(() => badge(id), { timeout: 15_000 }).toBe('Online');
      expect(await machine(id).getAttribute('data-state')).toBe('online');
      expect(await machine(id).getByTestId('machine-alert').count()).toBe(0);
      // Where the figures come from, and how old they are.
      await expect
        .poll(() => machine(id).getByTestId('machine-sources').textContent())
        .toMatch(/^Directory: read (just now|\d+ s ago) · The machine itself: read (just now|\d+ s ago)$/);
      expect(await fact(id, 'Models').textContent()).toBe(MODEL);
    }
    expect(await fact(idB, 'Availability now').textContent()).toMatch(/^Inside its availability windows/);
    expect(await fact(idC, 'Availability now').textContent()).toMatch(/^Outside its availability windows/);
    expect(await machine(idC).getByTestId('machine-words').textContent()).toBe(
      'Running, outside its availability windows.',
    );
    expect(await machine(idB).getByTestId('machine-words').textContent()).toBe('Running: it answers.');
    // No alert yet, and the Dashboard's line says all three are up.
    expect(await noticesOnA('machine_down')).toEqual([]);
  });

  it('saves a webhook address and never shows it again', async () => {
    const address = receiver!.url(SECRET_PATH);
    const card = page.getByTestId('fleet-notifications');
    expect(await card.getByTestId('fleet-webhook-set').textContent()).toBe('No webhook is set.');
    const field = page.getByLabel('Webhook address', { exact: true });
    await field.fill(address);
    await page.getByTestId('fleet-webhook-save').click();
    await expect.poll(() => card.getByTestId('fleet-webhook-set').textContent()).toBe(WEBHOOK_SET);
    expect(await page.getByTestId('fleet-webhook-status').textContent()).toBe(
      'Saved. Alerts about your machines go to this address from now on.',
    );
    // The field empties, and is now for a new address; the page has the address nowhere, nor has the engine's answer.
    const again = page.getByLabel('New webhook address', { exact: true });
    expect(await again.inputValue()).toBe('');
    expect(await page.content()).not.toContain(SECRET_PATH);
    expect(JSON.stringify(await fleetOnA())).not.toContain(SECRET_PATH);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Your machines' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('fleet-webhook-set').textContent(), { timeout: 15_000 }).toBe(WEBHOOK_SET);
    expect(await page.getByLabel('New webhook address', { exact: true }).inputValue()).toBe('');
    expect(await page.content()).not.toContain(SECRET_PATH);
    expect(await page.getByTestId('fleet-webhook-remove').isVisible()).toBe(true);
  });

  it('B crashed inside its window: "Down" on the page and the Dashboard, one notice, one alert on the webhook', async () => {
    const bName = await nameOnA(idB);
    // A crash: its goodbye never leaves (tests/e2e/fleet-quit.test.ts has the clean quit).
    lines.get(b)!.cut();
    await b.node.stop();
    await expect.poll(() => machine(idB).getAttribute('data-state'), { timeout: 20_000 }).toBe('down');
    expect(await badge(idB)).toBe('Down');
    expect(await machine(idB).getByTestId('machine-alert').textContent()).toMatch(/^Down since \S*\d/);
    // B keeps the default schedule, which has no windows: it is meant to be on all the time.
    expect(await machine(idB).getByTestId('machine-words').textContent()).toBe(
      'Not heard, though it has no availability windows and so should always be on.',
    );
    await expect.poll(() => page.getByTestId('fleet-online').textContent()).toBe('2 of 3 online.');
    for (const id of [idA, idC]) expect(await badge(id)).toBe('Online');

    await eventually(async () => expect(await noticesOnA('machine_down')).toHaveLength(1), 15_000);
    const cli = await fleetCli();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`“${bName}” is down:`);
    const [down] = await noticesOnA('machine_down');
    expect(down).toMatchObject({ route: 'fleet' });
    expect(english.said(down!.title)).toBe(`“${bName}” is down`);
    expect((await snapshot()).fleet).toMatchObject({ machines: 3, online: 2, down: [{ nodeId: idB, name: bName }] });
    await eventually(() => expect(receiver!.received.map((r) => r.tags)).toEqual(['warning']), 15_000);
    await expect
      .poll(() => page.getByTestId('fleet-webhook-last').textContent(), { timeout: 15_000 })
      .toMatch(/^Last delivery, .+:\s*Delivered$/);
    await machine(idB).scrollIntoViewIfNeeded();
    await checkThemesAndShoot(page, 'fleet-machine-down');

    await open('Dashboard', 'Dashboard');
    const line = page.getByTestId('fleet-line');
    await expect
      .poll(() => line.getByTestId('fleet-line-summary').textContent(), { timeout: 15_000 })
      .toBe('Your machines: 2 of 3 online');
    expect(await line.getByTestId('fleet-line-down').count()).toBe(1);
    expect(await line.getByTestId('fleet-line-down').textContent()).toMatch(
      new RegExp(`^“${bName}” is down since \\S*\\d`),
    );
    const notice = page.locator('[data-testid="notice"][data-kind="machine_down"]');
    await expect.poll(() => notice.count(), { timeout: 15_000 }).toBe(1);
    const noticeText = (await notice.textContent())!;
    expect(noticeText).toContain(`“${bName}” is down`);
    expect(noticeText).toContain('It stopped answering at a time it is meant to be on.');
    expect(await notice.getByRole('link', { name: 'Open the Machines page' }).count()).toBe(1);
    await checkThemesAndShoot(page, 'dashboard-machine-down');

    // Several more looks: still one notice, one alert.
    await severalMoreLooks();
    expect(await noticesOnA('machine_down')).toHaveLength(1);
    expect(receiver!.received.map((r) => r.tags)).toEqual(['warning']);
    expect(await page.locator('[data-testid="notice"][data-kind="machine_down"]').count()).toBe(1);
    // The machines line links to the page.
    await line.getByTestId('fleet-line-summary').click();
    await page.getByRole('heading', { level: 1, name: 'Your machines' }).waitFor({ timeout: 15_000 });
  });

  it('B back: "Online" again, one "back" notice, and the webhook\'s "back"', async () => {
    lines.get(b)!.mend();
    await b.node.start();
    await expect.poll(() => machine(idB).getAttribute('data-state'), { timeout: 20_000 }).toBe('online');
    expect(await badge(idB)).toBe('Online');
    expect(await machine(idB).getByTestId('machine-alert').count()).toBe(0);
    // "Back" is told once B has answered for ten looks in a row (ten seconds here); it takes the "down" notice's place.
    await eventually(async () => expect(await noticesOnA('machine_back')).toHaveLength(1), 30_000);
    expect(english.said((await noticesOnA('machine_back'))[0]!.title)).toBe(`“${await nameOnA(idB)}” is back`);
    expect(await noticesOnA('machine_down')).toHaveLength(0);
    await expect.poll(() => page.getByTestId('fleet-online').textContent()).toBe('3 of 3 online.');
    await eventually(
      () => expect(receiver!.received.map((r) => r.tags)).toEqual(['warning', 'white_check_mark']),
      15_000,
    );
    expect((await snapshot()).fleet).toMatchObject({ machines: 3, online: 3, down: [] });
    const cli = await fleetCli();
    expect(cli.code).toBe(0);
    expect(cli.out.split('\n')[0]).toMatch(/^Machine\s+State\s+Last seen/);
    expect(cli.out.trimEnd().split('\n')).toHaveLength(4);
  });

  it('C stopped outside its windows: "Asleep as planned", no alert', async () => {
    await c.node.stop();
    await expect.poll(() => machine(idC).getAttribute('data-state'), { timeout: 20_000 }).toBe('asleep');
    expect(await badge(idC)).toBe('Asleep as planned');
    expect(await machine(idC).getByTestId('machine-alert').count()).toBe(0);
    expect(await machine(idC).getByTestId('machine-words').textContent()).toBe(
      'Not heard, outside its availability windows: as planned.',
    );
    await severalMoreLooks();
    expect(await badge(idC)).toBe('Asleep as planned');
    expect(await noticesOnA('machine_down')).toHaveLength(0);
    expect((await snapshot()).fleet?.down).toEqual([]);
    expect(receiver!.received.map((r) => r.tags)).toEqual(['warning', 'white_check_mark']);
    // Asleep as planned is as meant: a script sees every machine meant to be on up.
    const cli = await fleetCli();
    expect(cli.code).toBe(0);
    expect(cli.out).toContain('Asleep as planned');
  });

  it('B paused, then stopped: "Paused", no alert', async () => {
    await b.node.commandHandlers().pause({});
    await expect.poll(() => machine(idB).getAttribute('data-state'), { timeout: 20_000 }).toBe('paused');
    expect(await badge(idB)).toBe('Paused');
    await b.node.stop();
    await severalMoreLooks();
    expect(await machine(idB).getAttribute('data-state')).toBe('paused');
    expect(await machine(idB).getByTestId('machine-words').textContent()).toBe('Switched off by its owner.');
    expect(await noticesOnA('machine_down')).toHaveLength(0);
    expect(receiver!.received.map((r) => r.tags)).toEqual(['warning', 'white_check_mark']);
    // What was posted names the machines, never the address or a program.
    for (const r of receiver!.received) expect(`${r.title} ${r.body}`).not.toMatch(/topic-secret|127\.0\.0\.1|ollama/i);
  });

  it('renames this computer, and refuses the name of another machine at the field', async () => {
    const self = machine(idA);
    await self.getByRole('button', { name: 'Rename this computer' }).click();
    const field = self.getByLabel('Name of this computer', { exact: true });
    expect(await field.inputValue()).toBe('My IICP node');
    await field.fill('Workshop PC');
    await self.getByTestId('machine-rename-submit').click();
    await expect.poll(() => self.getByRole('heading', { level: 3 }).textContent()).toBe('Workshop PC');
    expect(await self.getByTestId('machine-status').textContent()).toBe(
      'The new name is saved. Your other machines learn it the next time they look.',
    );
    expect(await self.getByTestId('machine-rename').count()).toBe(0);
    await eventually(async () => expect((await snapshot()).node.displayName).toBe('Workshop PC'));

    const taken = await nameOnA(idC);
    await self.getByRole('button', { name: 'Rename this computer' }).click();
    await field.fill(taken);
    await self.getByTestId('machine-rename-submit').click();
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    expect(await self.getByTestId('machine-rename').textContent()).toContain(
      'Another of your machines already has this name. Choose another one.',
    );
    // The earlier "saved" went when the form opened again: nothing says the refused name was saved.
    expect(await self.getByTestId('machine-status').textContent()).toBe('');
    expect((await snapshot()).node.displayName).toBe('Workshop PC');
    expect(await self.getByRole('heading', { level: 3 }).textContent()).toBe('Workshop PC');
    // A copy that only looks different (other case, no-break spaces) is the same name; a name of accents alone is none.
    for (const [name, words] of [
      [
        taken.toUpperCase().replace(/ /g, '\u00a0'),
        'Another of your machines already has this name. Choose another one.',
      ],
      ['\u0301\u0301\u0301', 'Use at least one letter or digit.'],
    ] as const) {
      await field.fill(name);
      await self.getByTestId('machine-rename-submit').click();
      await expect.poll(() => self.getByTestId('machine-rename').textContent()).toContain(words);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect((await snapshot()).node.displayName).toBe('Workshop PC');
    }

    await checkThemesAndShoot(page, 'fleet-asleep-paused-rename-taken');
  });
});
