/**
 * "Pause for 1 hour" and notices on the page of the built headless host (Chromium), with the outage debounce shortened
 * to 1.5 s through the host's test knob IICP_NOTICE_DEBOUNCE_MS:
 *  - "Pause for 1 hour" beside the Available switch pauses until about an hour from now, the switch says until when,
 *    and "Resume now" switches the node back on;
 *  - the LLM server killed long enough makes "LLM server stopped" appear in the Dashboard's notices; its restart
 *    "LLM server back" resolves it, and the pair is only counted — and nothing is listed before anything happened;
 *  - with several notices a node kept from an earlier run, the status comes first and the status cards stay in view at
 *    1366×768: three notices at once, the rest on "Show more", and "Dismiss" takes one off for good;
 *  - Settings → Notifications: a switch is saved at once and kept after a reload.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSnapshot, Notice, Settings } from '@shared/contract';
import { formatUntil } from '@shared/text/wall-clock';
import { Store } from '@engine/store';
import { NoticeRepository } from '@engine/store/notices-repo';
import { NOTICE_ROUTE, noticeWords } from '@engine/notices/notice-words';
import { databasePath } from '@engine/files/paths';
import { startFakeBackend, type FakeBackend, type FakeBackendOptions } from '../support/backends';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { fullShot, NARROW, WIDE } from '../support/page-layout';
import { artifactPath } from '../support/browser';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const BACKEND: FakeBackendOptions = { flavour: 'ollama', models: ['qwen2.5:7b'] };
const HOUR_MS = 3_600_000;

let node: E2eNode;
let taskPort: number;
/** The LLM server restarted by the test (the first one is closed by node.stop()). */
let restarted: FakeBackend | null = null;

const snapshotOf = (n: E2eNode) => n.callOk<NodeSnapshot>('getSnapshot');
const snapshot = () => snapshotOf(node);

async function postTask(): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${taskPort}/v1/task`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      task_id: randomUUID(),
      intent: CHAT,
      payload: { messages: [{ role: 'user', content: 'hi' }] },
    }),
  });
  await res.text();
  return res.status;
}

/** What this test's parts hold: the Available switch with its button, the notices, the notification switches. */
const OWN_PARTS = [
  '[data-testid="availability-box"]',
  '[data-testid="notices-card"]',
  'section:has([data-testid="notify-offline"])',
];

/**
 * Nothing of these parts sticks out of them, and the page does not scroll sideways, at 1280×800 and 800×600 in the
 * light and the dark theme; a full-page shot of each (`<name>-<theme>-<width>.png`). The rest of each page is other
 * tests' business.
 */
async function checkOwnLayoutAndShoot(page: Page, name: string): Promise<void> {
  const check = `(() => {
    const bad = [];
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth) bad.push('document scrolls sideways');
    for (const selector of ${JSON.stringify(OWN_PARTS)}) {
      for (const root of document.querySelectorAll(selector)) {
        const box = root.getBoundingClientRect();
        for (const el of root.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && (r.right > box.right + 0.5 || r.left < box.left - 0.5)) bad.push(selector + ' ' + el.tagName.toLowerCase() + '.' + el.className);
        }
      }
    }
    return bad;
  })()`;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect.poll(() => page.evaluate<string | undefined>('document.documentElement.dataset.theme')).toBe(scheme);
    for (const size of [WIDE, NARROW]) {
      await page.setViewportSize(size);
      expect(await page.evaluate<string[]>(check), `${scheme} at ${size.width}×${size.height}`).toEqual([]);
      await fullShot(page, `${name}-${scheme}-${size.width}.png`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(WIDE);
}

async function openDashboard(): Promise<Page> {
  const page = await node.browser.newPage({ viewport: WIDE, colorScheme: 'light' });
  await page.goto(node.host.url);
  await page.getByTestId('availability-switch').waitFor({ timeout: 15_000 });
  return page;
}

beforeAll(async () => {
  taskPort = await freePort();
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-notices-',
    backend: BACKEND,
    env: { IICP_PORT: String(taskPort), IICP_NOTICE_DEBOUNCE_MS: '1500' },
  });
  await eventually(async () => expect((await snapshot()).backend.status).toBe('healthy'), 15_000);
});

afterAll(async () => {
  await restarted?.close();
  expect(await node?.stop()).toBe(0);
});

describe('Pause for 1 hour (Chromium, 1280×800)', () => {
  it('pauses until an hour from now, says until when, and "Resume now" switches the node back on', async () => {
    const page = await openDashboard();
    try {
      const toggle = page.getByTestId('availability-switch');
      expect(await toggle.getAttribute('aria-checked')).toBe('true');
      const statusAction = page.getByTestId('node-status').getByTestId('status-action');

      const clicked = Date.now();
      await page.getByTestId('pause-hour').click();
      await expect.poll(() => toggle.getAttribute('aria-checked'), { timeout: 10_000 }).toBe('false');
      const paused = await snapshot();
      expect(paused.available).toBe(false);
      const until = Date.parse(paused.pausedUntil!);
      expect(until).toBeGreaterThanOrEqual(clicked + HOUR_MS - 1_000);
      expect(until).toBeLessThanOrEqual(Date.now() + HOUR_MS + 1_000);

      // "Paused until 14:05" on the schedule's wall clock, in the browser's locale ("tomorrow" after midnight).
      const locale = await page.evaluate<string>('Intl.DateTimeFormat().resolvedOptions().locale');
      const when = formatUntil(until, Date.now(), paused.availability.timeZone, locale);
      // The status sentence says until when and offers "Resume now"; the switch beside it does not repeat them.
      await expect
        .poll(() => page.getByTestId('node-state').textContent(), { timeout: 10_000 })
        .toBe(`Paused until ${when}`);
      expect(await statusAction.textContent()).toBe('Resume now');
      expect(await page.getByTestId('availability-box').textContent()).not.toMatch(/Paused until|Resume now/);
      expect(await page.getByTestId('pause-hour').count()).toBe(0);
      await checkOwnLayoutAndShoot(page, 'dashboard-paused-hour');

      await statusAction.click();
      await expect.poll(() => toggle.getAttribute('aria-checked'), { timeout: 10_000 }).toBe('true');
      expect(await snapshot()).toMatchObject({ available: true, pausedUntil: null });
      await page.getByTestId('pause-hour').waitFor({ timeout: 10_000 });
    } finally {
      await page.close();
    }
  });
});

describe('notices on the Dashboard (Chromium)', () => {
  it('lists "LLM server stopped" after an outage that lasted, then "LLM server back" — and nothing before', async () => {
    const page = await openDashboard();
    try {
      expect(await page.getByTestId('notices').count()).toBe(0); // nothing happened yet: no card at all
      expect((await snapshot()).notices).toEqual([]);

      const port = Number(new URL(node.backend.url).port);
      await node.backend.close();
      // The task finds the server gone (502), so the node knows at once; 503 if a routine look was quicker.
      expect([502, 503]).toContain(await postTask());
      const stopped = page.locator('[data-testid="notice"][data-kind="backend_stopped"]');
      await stopped.waitFor({ timeout: 20_000 });
      expect(await stopped.textContent()).toContain('LLM server stopped');
      expect(await stopped.textContent()).toContain('Your LLM server stopped answering');
      expect(await stopped.locator('time').getAttribute('datetime')).toBe(
        (await snapshot()).notices.find((n) => n.kind === 'backend_stopped')!.at,
      );

      restarted = await startFakeBackend({ ...BACKEND, port });
      // The "back" resolves the "stopped": nothing is news any more, the pair is only counted, listed on request.
      const count = page.getByTestId('notices-resolved-count');
      await count.waitFor({ timeout: 20_000 });
      expect(await count.textContent()).toMatch(/^2 earlier notices are resolved\./);
      expect(await page.getByTestId('notices').count()).toBe(0);
      await page.getByTestId('notices-resolved-toggle').click();
      const resolved = page.getByTestId('resolved-notices').getByTestId('notice');
      expect(await resolved.evaluateAll((items) => items.map((i) => i.getAttribute('data-kind')))).toEqual([
        'backend_back',
        'backend_stopped',
      ]);
      expect(await resolved.first().textContent()).toContain('LLM server back');
      // Plain words only: no codes, addresses or event names on the card.
      expect(await page.getByTestId('notices-card').textContent()).not.toMatch(/ECONN|127\.0\.0\.1|backend_|IICP-E/);

      await checkOwnLayoutAndShoot(page, 'dashboard-notices');
    } finally {
      await page.close();
    }
  });
});

/** What an earlier run of the node left: five notices still news (oldest first) and a resolved pair. */
function seedNotices(dataDir: string): void {
  const store = Store.open(databasePath(dataDir));
  try {
    const repo = new NoticeRepository(store.db);
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    // Stored as the engine stores them: each sentence as its message id and values, in JSON.
    const add = (
      id: string,
      kind: Notice['kind'],
      minutesAgo: number,
      ctx: Parameters<typeof noticeWords>[1] = {},
      resolvedAt: string | null = null,
    ) => {
      const words = noticeWords(kind, ctx);
      const [title, body] = [JSON.stringify(words.title), JSON.stringify(words.body)];
      repo.add(
        {
          id,
          at: at(minutesAgo),
          kind,
          subject: ctx.machine ?? '',
          title,
          body,
          route: NOTICE_ROUTE[kind],
          resolvedAt,
          dismissed: false,
        },
        [],
        at(minutesAgo),
        50,
      );
    };
    add('s1', 'offline', 50, {}, at(45));
    add('s2', 'back_online', 45, {}, at(45));
    add('s3', 'earnings_unverified', 40, {
      problem: 'Your earnings do not match the directory’s signed record for 2 tasks.',
    });
    add('s4', 'earnings_rejected', 30, { rejected: 3 });
    add('s5', 'machine_down', 20, { machine: 'Attic PC' });
    add('s6', 'machine_down', 10, { machine: 'Office PC' });
    add('s7', 'earnings_rejected', 5, { rejected: 1 });
  } finally {
    store.close();
  }
}

describe('several notices from an earlier run (Chromium, 1366×768)', () => {
  const LAPTOP = { width: 1366, height: 768 };
  let seeded: E2eNode;

  beforeAll(async () => {
    seeded = await startE2eNode({ dataPrefix: 'iicp-e2e-notices-seeded-', backend: BACKEND, beforeStart: seedNotices });
  });

  afterAll(async () => {
    expect(await seeded?.stop()).toBe(0);
  });

  it('keeps the status first and the status cards in view; three at once, the rest on "Show more"; "Dismiss" is for good', async () => {
    const page = await seeded.browser.newPage({ viewport: LAPTOP, colorScheme: 'light' });
    try {
      await page.goto(seeded.host.url);
      const items = page.getByTestId('notices').getByTestId('notice');
      await items.first().waitFor({ timeout: 15_000 });
      const box = async (testId: string) => (await page.getByTestId(testId).first().boundingBox())!;
      // The status headline, and the top of the first status card below the notices, are above the fold.
      const headline = await box('node-state');
      expect(headline.y + headline.height).toBeLessThanOrEqual(LAPTOP.height);
      expect((await box('node-status')).y).toBeLessThan((await box('notices-card')).y);
      expect((await box('directory-link')).y).toBeLessThan(LAPTOP.height);

      const kindsShown = () => items.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
      expect(await kindsShown()).toEqual(['earnings_rejected', 'machine_down', 'machine_down']);
      expect(await page.getByTestId('notices-more').textContent()).toBe('Show 2 more notices');
      expect(await page.getByTestId('notices-resolved-count').textContent()).toMatch(
        /^2 earlier notices are resolved\./,
      );
      await page.screenshot({ path: artifactPath('e2e', 'dashboard-several-notices-1366.png') });

      await page.getByRole('button', { name: 'Dismiss the notice: “Office PC” is down' }).click();
      await expect
        .poll(kindsShown, { timeout: 10_000 })
        .toEqual(['earnings_rejected', 'machine_down', 'earnings_rejected']);
      expect((await snapshotOf(seeded)).notices.map((n) => n.id)).not.toContain('s6');
      await page.reload();
      await items.first().waitFor({ timeout: 15_000 });
      expect(await kindsShown()).toEqual(['earnings_rejected', 'machine_down', 'earnings_rejected']);
      await page.getByTestId('notices-more').click();
      expect(await kindsShown()).toEqual([
        'earnings_rejected',
        'machine_down',
        'earnings_rejected',
        'earnings_unverified',
      ]);
    } finally {
      await page.close();
    }
  });
});

describe('Settings → Notifications (Chromium, 1280×800)', () => {
  it('saves a switch at once and keeps it after a reload; all are on by default', async () => {
    const page = await node.browser.newPage({ viewport: WIDE, colorScheme: 'light' });
    try {
      await page.goto(node.host.url);
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      const backend = page.getByTestId('notify-backend');
      await backend.waitFor({ timeout: 15_000 });
      for (const key of ['offline', 'backend', 'reachability', 'earnings', 'fleet'])
        expect(await page.getByTestId(`notify-${key}`).isChecked(), key).toBe(true);
      expect(await page.locator('main').textContent()).toContain(
        'Running headless: there are no desktop notifications',
      );

      await backend.click();
      await eventually(async () =>
        expect((await node.callOk<Settings>('getSettings')).notifications).toEqual({
          offline: true,
          backend: false,
          reachability: true,
          earnings: true,
          fleet: true,
        }),
      );
      await page.reload(); // stays on Settings
      await page.getByTestId('notify-backend').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('notify-backend').isChecked()).toBe(false);
      expect(await page.getByTestId('notify-offline').isChecked()).toBe(true);
      await checkOwnLayoutAndShoot(page, 'settings-notifications');
    } finally {
      await page.close();
    }
  });
});
