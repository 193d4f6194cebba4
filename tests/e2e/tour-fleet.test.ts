/**
 * A tour of a fleet, four nodes and two operators, as a person in the United States (en-US) and one in Germany (de-DE)
 * reads it in Chromium: this computer ("My IICP node", operator "Ana", its gateway on), two more of Ana's machines
 * ("My IICP node 2" and "3") and another person's node (operator "Bob’s Rig"), each a built headless host at the one
 * test directory (`tests/support/fleet-tour.ts`). Each state is shot in both themes at 1366×768 and 900×600
 * (`test-artifacts/e2e/tour/<locale>-fleet-<state>-<theme>-<width>.png`) and read for English left on a German page.
 *
 * What every page must agree on, in the page's language (the catalogue's words, never English literals here):
 *  - Ana's other machines by their names, on the gateway page and in the event that met them;
 *  - Bob's node as "A node of “Bob’s Rig”", in the request log and under "Other people’s nodes" on Earnings;
 *  - the demand card's price from the list the gateway reads, and own machines counted apart from other people's;
 *  - a machine quit with SIGTERM "Stopped by its owner", with no warning event and no notice;
 *  - this computer outside every window said so in one phrase on the Dashboard, Availability and Machines, with
 *    no slots and not serving on Machines.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvailabilitySchedule, FleetInfo, NodeSnapshot } from '@shared/contract';
import { eventually } from '../support/eventually';
import {
  ANA,
  askGateway,
  BOB,
  eventsOf,
  MACHINE_NAMES,
  MODEL,
  nodeOf,
  openRoute,
  phraseOf,
  scheduleOutsideNow,
  SELF_NAME,
  severalMoreLooks,
  startFleetTour,
  THEIRS,
  type FleetTour,
} from '../support/fleet-tour';
import { LAPTOP } from '../support/theme-shots';
import { LOCALES, lookEverywhere, sayIn } from '../support/tour-checks';

/** Paid tasks sent through the gateway to Bob's node. */
const PAID = 2;

for (const { locale, env } of LOCALES) {
  const say = sayIn(locale);
  /** Names and model ids, shown as they are in every language. */
  const names = [MODEL, THEIRS, 'IICP', SELF_NAME, ...MACHINE_NAMES, ANA, BOB];

  describe(`a tour of a fleet, four nodes and two operators, in ${locale} (Chromium)`, () => {
    let tour: FleetTour;
    let page: Page;
    const fleet = () => tour.node.callOk<FleetInfo>('getFleet');
    const machine = (id: string) => page.locator(`[data-testid="machine"][data-node-id="${id}"]`);
    const shoot = (state: string) => lookEverywhere(page, `${locale}-fleet-${state}`, locale, names);

    beforeAll(async () => {
      tour = await startFleetTour(env);
      const context = await tour.node.browser.newContext({ locale, viewport: LAPTOP, colorScheme: 'light' });
      page = await context.newPage();
      await page.goto(tour.node.host.url);
      await page.locator('.sidebar').waitFor({ timeout: 15_000 });
    }, 240_000);

    afterAll(async () => {
      await page?.context().close();
      expect(await tour?.stop()).toBe(0);
    });

    it('names Ana’s other machines on the gateway page and in the event that met them, never by id', async () => {
      const f = await fleet();
      expect(f.machines.map((m) => [m.nodeId, m.name])).toEqual([
        [tour.ids.self, SELF_NAME],
        [tour.ids.machines[0], MACHINE_NAMES[0]],
        [tour.ids.machines[1], MACHINE_NAMES[1]],
      ]);
      await openRoute(page, 'gateway');
      const list = page.getByTestId('gateway-my-nodes');
      await expect.poll(() => list.innerText(), { timeout: 20_000 }).toContain(MACHINE_NAMES[0]);
      const listed = await list.innerText();
      expect(listed).toContain(MACHINE_NAMES[1]);
      for (const id of tour.ids.machines) expect(listed).not.toContain(id);
      await shoot('gateway-machines');

      await openRoute(page, 'logs');
      for (const name of MACHINE_NAMES)
        await expect
          .poll(() => page.locator('main').innerText(), { timeout: 20_000 })
          .toContain(say('events.fleet.metNamed', { name }));
      await shoot('logs-met');
    }, 180_000);

    it('names Bob’s node as a node of its operator, in the request log and apart from Ana’s machines on Earnings', async () => {
      for (let i = 0; i < PAID; i++) expect(await askGateway(tour, THEIRS)).toBe(tour.ids.bob);
      const bobs = nodeOf(say, 'gateway.recent.nodeOf', BOB);
      await openRoute(page, 'gateway');
      const cells = page.getByTestId('gateway-recent-table').getByTestId('gateway-row-machine');
      await expect.poll(() => cells.allTextContents(), { timeout: 20_000 }).toEqual(Array(PAID).fill(bobs));
      await shoot('gateway-requests');

      await openRoute(page, 'earnings');
      const row = page.locator(`[data-testid="earned-spent-machine"][data-node="${tour.ids.bob}"]`);
      await expect
        .poll(() => row.locator('th').textContent(), { timeout: 20_000 })
        .toBe(nodeOf(say, 'earnings.spent.nodeOf', BOB));
      expect(await row.getAttribute('data-own')).toBe('false');
      // Read in the table's order: Ana's machines, then the heading, then Bob's node, never mixed.
      const order = await page
        .getByTestId('earned-spent-machines')
        .locator('[data-testid="earned-spent-machine"], [data-testid="earned-spent-others"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-node') ?? r.textContent));
      expect(order.at(-2)).toBe(say('earnings.spent.othersNodes'));
      expect(order.at(-1)).toBe(tour.ids.bob);
      expect(order.slice(0, -2)).not.toContain(tour.ids.bob);
      expect(order.slice(0, -2)).toContain(tour.ids.self);
      await shoot('earnings-machines');
    }, 180_000);

    it('shows the listed price on the Dashboard and counts Ana’s machines apart from Bob’s node', async () => {
      await openRoute(page, 'dashboard');
      const card = page.getByTestId('network-demand');
      await card.getByTestId('demand-refresh').click();
      const price = card.getByTestId('demand-price');
      const line = price.locator(`li[data-model="${MODEL}"]`);
      const counted = `${say('dashboard.demand.others', { count: 1 })} ${say('dashboard.demand.ownToo', { count: 2 })}`;
      await expect.poll(() => line.innerText().catch(() => ''), { timeout: 30_000 }).toContain(counted);
      const priceLine = await price.locator('p').first().innerText();
      expect(priceLine).not.toBe(say('dashboard.demand.price.none'));
      expect(priceLine).toContain('1\u00a0×');
      await shoot('dashboard-demand');
    }, 120_000);

    it('says "Stopped by its owner" of a machine quit with SIGTERM, with no warning event and no notice', async () => {
      const three = tour.ids.machines[1]!;
      await openRoute(page, 'fleet');
      await expect.poll(() => machine(three).getAttribute('data-state'), { timeout: 20_000 }).toBe('online');
      expect(await tour.machines[1]!.quit()).toBe(0);
      await expect.poll(() => machine(three).getAttribute('data-state'), { timeout: 10_000 }).toBe('stopped');
      expect(await machine(three).getByTestId('machine-state').innerText()).toBe(say('fleet.state.stopped'));
      expect(await machine(three).getByTestId('machine-alert').count()).toBe(0);
      await severalMoreLooks(tour.node, tour.ids.self);
      expect(await machine(three).getAttribute('data-state')).toBe('stopped');
      const notices = (await tour.node.callOk<NodeSnapshot>('getSnapshot')).notices;
      expect(notices.filter((n) => n.kind === 'machine_down')).toEqual([]);
      expect(await eventsOf(tour.node, 'fleet_machine_down')).toEqual([]);
      await shoot('machines-stopped');
    }, 120_000);

    it('says this computer is outside its windows in one phrase on the Dashboard, Availability and Machines', async () => {
      await tour.node.callOk('updateSchedule', scheduleOutsideNow() as AvailabilitySchedule);
      await openRoute(page, 'dashboard');
      await expect
        .poll(() => page.getByTestId('node-state').innerText(), { timeout: 20_000 })
        .toContain(say('status.outside.title'));
      await shoot('dashboard-outside');

      await openRoute(page, 'availability');
      await expect
        .poll(() => page.getByTestId('availability-now').innerText(), { timeout: 20_000 })
        .toContain(phraseOf(say, 'availability.now.outsideUntil'));
      await shoot('availability-outside');

      await openRoute(page, 'fleet');
      const self = machine(tour.ids.self);
      await expect.poll(() => self.innerText(), { timeout: 20_000 }).toContain(say('fleet.window.off'));
      await eventually(async () => {
        const text = await self.innerText();
        expect(text).toContain(say('fleet.slots.outside'));
        expect(text).toContain(say('fleet.ownerFirst.outside'));
        expect(text).not.toContain(say('fleet.ownerFirst.serving'));
        expect(text).not.toContain(say('fleet.slots.busyOf', { busy: 0, total: 0 }));
      }, 20_000);
      await shoot('machines-outside');
    }, 120_000);
  });
}
