/**
 * A tour of every page of a real node (the built headless host, a fake Ollama with tasks served and awarded, the test
 * directory, a weekly schedule, an operator identity), in Chromium at 1366×768 and 900×600, light and dark, as a
 * person in the United States (en-US) and one in Germany (de-DE) sees it: the browser's locale set, and the host
 * started in the same locale, as it would be on that person's computer. Every screen is shot
 * (`test-artifacts/e2e/tour/<locale>-<screen>-<theme>-<width>.png`: the German set is every page in German), its
 * words kept beside the shots (`<locale>-<screen>.txt`) and read: figures in the person's locale, one style each,
 * nothing sticking out sideways, and on a German page no English word left but names and model ids.
 *
 * Besides every page, the tour walks what a new user met: the wizard with two LLM servers, the demand card with and
 * without the directory's answer, a rename at the name limit (focus and Escape), an LLM server added after its check
 * and removed only when confirmed, a browser in another zone than the node, a node set up entirely by flags, and the
 * gateway switched from the page (the terminal says so).
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvailabilitySchedule, FleetInfo, GatewayInfo, LedgerRow, NodeSnapshot, Settings } from '@shared/contract';
import { NAME_MAX } from '@shared/text/name-rule';
import { formatClock } from '@shared/text/wall-clock';
import { startFakeBackend, type FakeBackend } from '../support/backends';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { localeProblems, type PageWords } from '../support/locale-words';
import { LAPTOP } from '../support/theme-shots';
import { LOCALES, lookEverywhere, sayIn } from '../support/tour-checks';
import { walkWizardWithTwoServers } from '../support/tour-wizard';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const MODEL = 'qwen2.5:7b';
const OTHER_MODEL = 'mistral:7b';
const TASKS = 3;
/** The node's zone, and a browser's six hours behind it. */
const HOST_ZONE = 'Europe/Berlin';
const BROWSER_ZONE = 'America/New_York';
/** Words a card shows while its data is still on the way (either language): the page's words are not final yet. */
const STILL_LOADING =
  /Loading|Reading|Connecting to the node|Working out|Looking for LLM servers|Checking…|Wird geladen|Wird gelesen|Verbindung zum Knoten|Wird geprüft/;

/** Every page the sidebar leads to, read from the sidebar itself. */
const SIDEBAR_PAGES = `[...document.querySelectorAll('.sidebar a[href^="#/"]')].map((a) => a.getAttribute('href').slice(2))`;

async function serveChatTask(port: number): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/task`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      task_id: randomUUID(),
      intent: CHAT,
      payload: { model: MODEL, messages: [{ role: 'user', content: 'hi' }] },
    }),
  });
  expect(res.status, await res.text()).toBe(200);
}

/** A node with a day's worth of everything: registered, a few tasks served and awarded, a schedule with two shares. */
async function startTouredNode(env: NodeJS.ProcessEnv): Promise<E2eNode> {
  const taskPort = await freePort();
  const node = await startE2eNode({
    dataPrefix: 'iicp-e2e-tour-',
    backend: { flavour: 'ollama', models: [MODEL] },
    directory: { routabilityCheck: false, livenessProbe: true, heartbeatIntervalMs: 2_000 },
    env: {
      ...env,
      TZ: HOST_ZONE,
      IICP_GATEWAY_PORT: '0',
      IICP_PORT: String(taskPort),
      IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
      IICP_ALLOW_PRIVATE_ENDPOINT: '1',
    },
  });
  try {
    await eventually(async () => {
      const s = await node.callOk<NodeSnapshot>('getSnapshot');
      expect(s.directory.link).toBe('registered');
      expect(s.backend.status).toBe('healthy');
    }, 30_000);
    for (let i = 0; i < TASKS; i++) await serveChatTask(taskPort);
    await eventually(async () => {
      const rows = await node.callOk<LedgerRow[]>('listLedger', { limit: 50 });
      expect(rows.filter((r) => r.receipt === 'awarded')).toHaveLength(TASKS);
    }, 30_000);
    await node.callOk<NodeSnapshot>('syncEarnings');
    // Every day shared, fully by day and half in the evening, so the grid, the preview and "right now" all have words.
    const days = [1, 2, 3, 4, 5, 6, 7];
    await node.callOk('updateSchedule', {
      timeZone: HOST_ZONE,
      outsideShare: 0,
      windows: [
        { days, start: '00:00', end: '17:59', share: 1 },
        { days, start: '18:00', end: '23:59', share: 0.5 },
      ],
    } satisfies AvailabilitySchedule);
    return node;
  } catch (err) {
    await node.stop();
    throw err;
  }
}

/** Opens a page from the sidebar's link and waits until none of its cards is still loading. */
async function open(page: Page, route: string): Promise<void> {
  await page.evaluate(`window.location.hash = '/${route}'`);
  await expect.poll(() => page.locator('main h1').first().isVisible(), { timeout: 15_000 }).toBe(true);
  await expect.poll(() => page.locator('main').innerText(), { timeout: 20_000 }).not.toMatch(STILL_LOADING);
}

/**
 * The clock time of the first time labelled with the node's zone in a text: "18:48" of "18:48 (Europe/Berlin)",
 * "6:48 PM" of "6:48 PM tomorrow (Europe/Berlin)", "00:00" of "morgen um 00:00 (Europe/Berlin)".
 */
function labelledTime(text: string): string | null {
  const zone = HOST_ZONE.replace('/', '\\/');
  return (
    new RegExp(`(\\d{1,2}[:.]\\d{2}(?:\\s?[AP]M)?)(?: \\p{L}+)? \\(${zone}\\)`, 'u').exec(
      text.replace(/\u202f/g, ' '),
    )?.[1] ?? null
  );
}

for (const { locale, env } of LOCALES) {
  const say = sayIn(locale);
  /** Names the person or the network gave, shown as they are in every language (the node's default name among them). */
  const names = [MODEL, OTHER_MODEL, 'IICP', 'My IICP node'];

  describe(`a tour of every page in ${locale} (Chromium)`, () => {
    let node: E2eNode;
    let page: Page;
    let other: FakeBackend | undefined;

    beforeAll(async () => {
      node = await startTouredNode(env);
      await node.callOk('createOperator', { displayName: 'Ana' });
      await eventually(async () => expect((await node.callOk<FleetInfo>('getFleet')).state).toBe('active'), 15_000);
      // The browser six hours behind the node, as for a person travelling with a laptop that reads their node at home.
      const context = await node.browser.newContext({
        locale,
        timezoneId: BROWSER_ZONE,
        viewport: LAPTOP,
        colorScheme: 'light',
      });
      page = await context.newPage();
      await page.goto(node.host.url);
      await page.locator('.sidebar').waitFor({ timeout: 15_000 });
    }, 120_000);

    afterAll(async () => {
      await page?.context().close();
      await other?.close();
      expect(await node?.stop()).toBe(0);
    });

    it(`shows every page in ${locale}: its words, figures and layout`, async () => {
      expect(await page.evaluate('navigator.language')).toBe(locale);
      const routes = await page.evaluate<string[]>(SIDEBAR_PAGES);
      expect(routes.length).toBeGreaterThanOrEqual(8);
      const seen: PageWords[] = [];
      for (const route of routes) {
        await open(page, route);
        seen.push(await lookEverywhere(page, `${locale}-${route}`, locale, names));
      }
      // Read together, so a percentage written one way on one page and another way on the next is caught too.
      expect(localeProblems(seen, locale, { foreign: [MODEL] })).toEqual([]);
    }, 240_000);

    it('shows a machine’s times in the node’s zone on every page, labelled, with the browser elsewhere', async () => {
      await open(page, 'availability');
      const availability = labelledTime(await page.getByTestId('availability-now').innerText());
      expect(availability, 'Availability names the node’s zone').not.toBeNull();
      await open(page, 'fleet');
      const self = page.locator('[data-testid="machine"]').first();
      expect(labelledTime(await self.innerText()), 'Machines says the same time as Availability').toBe(availability);
      await lookEverywhere(page, `${locale}-zones-fleet`, locale, names);
      await open(page, 'dashboard');
      await page.getByTestId('pause-hour').click();
      const at = Date.now() + 3_600_000;
      const ends = [at - 60_000, at, at + 60_000].map((t) =>
        formatClock(t, { locale, timeZone: HOST_ZONE }).replace(/\u202f/g, ' '),
      );
      await expect
        .poll(async () => labelledTime(await page.getByTestId('node-state').innerText()), { timeout: 10_000 })
        .toBeOneOf(ends);
      await lookEverywhere(page, `${locale}-zones-paused`, locale, names);
      await node.callOk('resume');
    }, 120_000);

    it(`renames this computer at the name limit, from the keyboard`, async () => {
      await open(page, 'fleet');
      const self = page.locator('[data-testid="machine"]').first();
      const opener = self.getByRole('button', { name: say('fleet.machine.rename'), exact: true });
      await opener.click();
      const field = self.getByRole('textbox', { name: say('fleet.rename.label') });
      await expect
        .poll(() =>
          field.evaluate((e: { ownerDocument: { activeElement: unknown } }) => e === e.ownerDocument.activeElement),
        )
        .toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => field.count()).toBe(0);
      expect(
        await opener.evaluate(
          (e: { ownerDocument: { activeElement: unknown } }) => e === e.ownerDocument.activeElement,
        ),
      ).toBe(true);
      const longest = 'Werkstatt-Rechner im Dachgeschoss, links neben dem Fenster zum Hof'
        .slice(0, NAME_MAX)
        .padEnd(NAME_MAX, 'x');
      await opener.click();
      await field.fill(longest);
      await self.getByRole('button', { name: say('fleet.rename.save'), exact: true }).click();
      await eventually(
        async () => expect((await node.callOk<FleetInfo>('getFleet')).machines.find((m) => m.self)?.name).toBe(longest),
        10_000,
      );
      await expect.poll(() => self.innerText()).toContain(longest);
      // Saving the name it has now is no refusal: the limit is one on every page.
      await opener.click();
      await self.getByRole('button', { name: say('fleet.rename.save'), exact: true }).click();
      await expect
        .poll(() => page.getByTestId('machine-status').first().innerText())
        .toBe(say('fleet.machine.renamed'));
      await lookEverywhere(page, `${locale}-rename-limit`, locale, [...names, longest]);
    }, 120_000);

    it('checks an LLM server before adding it, and removes it only when confirmed', async () => {
      other = await startFakeBackend({ flavour: 'ollama', models: [OTHER_MODEL] });
      await open(page, 'settings');
      const card = page.getByTestId('llm-servers');
      const dead = `http://127.0.0.1:${await freePort()}`;
      await card.getByTestId('add-server-url').fill(dead);
      await card.getByTestId('add-server-submit').click();
      await card.getByTestId('add-server-error').waitFor({ timeout: 15_000 });
      expect(await card.getByTestId('add-server-confirm').isVisible()).toBe(true);
      expect((await node.callOk<Settings>('getSettings')).moreBackends).toEqual([]);
      await lookEverywhere(page, `${locale}-servers-dead`, locale, names);
      await card.getByTestId('add-server-url').fill(other.url);
      await card.getByTestId('add-server-submit').click();
      await eventually(
        async () =>
          expect((await node.callOk<Settings>('getSettings')).moreBackends.map((b) => b.url)).toEqual([other!.url]),
        15_000,
      );
      const id = (await node.callOk<Settings>('getSettings')).moreBackends[0]!.id;
      await card.getByTestId(`llm-server-${id}`).waitFor();
      await card.getByTestId(`llm-server-remove-${id}`).click();
      await card.getByTestId(`llm-server-confirm-${id}`).waitFor();
      await lookEverywhere(page, `${locale}-servers-remove`, locale, names);
      await page.keyboard.press('Escape');
      expect((await node.callOk<Settings>('getSettings')).moreBackends).toHaveLength(1);
      await card.getByTestId(`llm-server-remove-${id}`).click();
      await card.getByTestId(`llm-server-remove-confirm-${id}`).click();
      await eventually(
        async () => expect((await node.callOk<Settings>('getSettings')).moreBackends).toEqual([]),
        15_000,
      );
    }, 120_000);

    it('prints the gateway’s line in the terminal when the page switches it', async () => {
      await open(page, 'gateway');
      const toggle = page.getByRole('switch', { name: say('gateway.card.switch') });
      await toggle.click();
      await eventually(async () => expect((await node.callOk<GatewayInfo>('getGateway')).baseUrl).toBeTruthy(), 15_000);
      const baseUrl = (await node.callOk<GatewayInfo>('getGateway')).baseUrl!;
      await expect.poll(() => node.host.output(), { timeout: 10_000 }).toContain(`Gateway: ${baseUrl}`);
      await lookEverywhere(page, `${locale}-gateway-on`, locale, names);
      await toggle.click();
      await expect
        .poll(
          () =>
            node.host
              .output()
              .trimEnd()
              .split('\n')
              .filter((l) => l.startsWith('Gateway:'))
              .at(-1),
          { timeout: 10_000 },
        )
        .toBe('Gateway: off');
    }, 120_000);

    it('says only what it knows in the demand card, with and without the directory’s answer', async () => {
      await open(page, 'dashboard');
      const card = page.getByTestId('network-demand');
      await card.getByTestId('demand-at').waitFor({ timeout: 20_000 });
      expect(await card.getByTestId('demand-problem').count()).toBe(0);
      await lookEverywhere(page, `${locale}-demand-answered`, locale, names);
      node.directory!.fail({ status: 503, body: { error: 'maintenance' } });
      try {
        await card.getByTestId('demand-refresh').click();
        await card.getByTestId('demand-problem').waitFor({ timeout: 20_000 });
        await lookEverywhere(page, `${locale}-demand-unanswered`, locale, names);
      } finally {
        node.directory!.fail(null);
      }
    }, 120_000);
  });

  describe(`a node set up entirely by flags, in ${locale}`, () => {
    let node: E2eNode;
    beforeAll(async () => {
      node = await startE2eNode({
        dataPrefix: 'iicp-e2e-tour-flags-',
        backend: { flavour: 'ollama', models: [MODEL] },
        completeSetup: false,
        env,
      });
    }, 90_000);
    afterAll(async () => expect(await node?.stop()).toBe(0));

    it('opens on the dashboard, not the setup wizard', async () => {
      const page = await node.browser.newPage({ locale, viewport: LAPTOP });
      try {
        await page.goto(node.host.url);
        await page.getByTestId('node-status').waitFor({ timeout: 15_000 });
        expect(page.url()).not.toMatch(/#\/setup/);
        await lookEverywhere(page, `${locale}-flags-dashboard`, locale, names);
      } finally {
        await page.close();
      }
    }, 90_000);
  });

  describe(`the setup wizard with two LLM servers, in ${locale}`, () => {
    it('offers the models of both servers, counts them all, and registers what it said', async () => {
      await walkWizardWithTwoServers(locale, env);
    }, 180_000);
  });
}
