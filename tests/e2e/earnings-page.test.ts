/**
 * The Earnings and Pricing pages of a real provider node: the built headless host with a fake Ollama behind it,
 * registered with the test directory (its own loopback task port as public URL: the host allows private
 * endpoints, the directory skips its routability rule but still dials back), the pages in Chromium at 1280×800
 * (layout also checked at 800×600).
 *
 *  a. 52 chat tasks served through the task port; their receipts are awarded by the directory (POST
 *     /v1/credits/award); the Earnings page shows the totals, today's bar in the chart (and 30 days on the range
 *     switch), the model, the job history with filters and a second page, the directory's balance as of its
 *     sync; "Export as CSV" downloads the rows; the Dashboard shows today's credits next to today's tasks;
 *  b. the Pricing page in plain words: what a task of 1000 tokens earns and why, one status for the price, the
 *     model size, the rules and the network's schedule only behind "How is this worked out?"; a new price previewed
 *     in words (above the size limit, refused values), 2.5 × saved, held by the directory and explained, and a task
 *     served at 2.5 × claiming its tokens / 1000 as the page says; light and dark at 1366×768 and 900×600;
 *  c. the directory stopped: a task served meanwhile is pending (its receipt waits), and "Sync now" leaves the
 *     last known balance on the page with its "as of" time and the error, never 0.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EarningsReport, LedgerRow, NodeSnapshot, PricingInfo, Settings } from '@shared/contract';
import { artifactPath } from '../support/browser';
import { balanceOf } from '../support/directory/credits';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { freePort } from '../support/free-port';
import { eventually } from '../support/eventually';
import { checkLayoutAndShoot, WIDE } from '../support/page-layout';
import { checkThemesAndShoot } from '../support/theme-shots';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const MODEL = 'qwen2.5:7b';
/** One page of the job history (50 rows) and two more, so "Show older tasks" has something to show. */
const TASKS = 52;

let node: E2eNode;
let taskPort: number;
const served: string[] = [];

async function snapshotWhere(
  pred: (s: NodeSnapshot) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<NodeSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await node.callOk<NodeSnapshot>('getSnapshot');
    if (pred(s)) return s;
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}; directory: ${JSON.stringify(s.directory)}, earnings: ${JSON.stringify(s.earnings)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function ledger(limit = 500): Promise<LedgerRow[]> {
  return node.callOk<LedgerRow[]>('listLedger', { limit });
}

async function serveChatTask(): Promise<string> {
  const taskId = randomUUID();
  const res = await fetch(`http://127.0.0.1:${taskPort}/v1/task`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      task_id: taskId,
      intent: CHAT,
      payload: {
        model: MODEL,
        messages: [{ role: 'user', content: `Say something about the number ${served.length}.` }],
      },
    }),
  });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  served.push(taskId);
  return taskId;
}

async function openPage(name: 'Earnings' | 'Pricing' | 'Dashboard'): Promise<Page> {
  const page = await node.browser.newPage({ viewport: WIDE, colorScheme: 'light' });
  await page.goto(node.host.url);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 15_000 });
  return page;
}

const numberAttr = async (page: Page, testId: string, attr: string): Promise<number> =>
  Number(await page.getByTestId(testId).first().getAttribute(attr));
/** The words an element shows, with no-break spaces ("2.5\u00a0×") read as spaces. */
const words = async (el: Locator): Promise<string> => ((await el.textContent()) ?? '').replace(/\u00a0/g, ' ').trim();

beforeAll(async () => {
  taskPort = await freePort();
  // Setup counts as done (a fresh data folder would open the wizard); this test is about earning credits.
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-earnings-',
    backend: { flavour: 'ollama', models: [MODEL] },
    // The routability rule (IICP-E035) would refuse a loopback endpoint; the dial-back stays on. Heartbeats every
    // 2 s so that a new price is acknowledged quickly.
    directory: { routabilityCheck: false, livenessProbe: true, heartbeatIntervalMs: 2_000 },
    env: {
      IICP_PORT: String(taskPort),
      IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
      IICP_ALLOW_PRIVATE_ENDPOINT: '1',
    },
  });
});

afterAll(async () => {
  expect(await node?.stop()).toBe(0);
});

describe('Earnings and Pricing pages of a registered node (Chromium, 1280×800 and 800×600)', () => {
  it("a. served tasks are awarded; totals, today's bar, the model, the job history with filters and paging, the CSV export and today's credits", async () => {
    const registered = await snapshotWhere(
      (s) => s.directory.link === 'registered' && s.backend.status === 'healthy',
      'registration',
    );
    const nodeId = registered.node.nodeId!;
    for (let i = 0; i < TASKS; i++) await serveChatTask();

    // Every receipt is posted and awarded by the directory.
    const deadline = Date.now() + 45_000;
    let rows = await ledger();
    while (rows.filter((r) => r.receipt === 'awarded').length < TASKS) {
      if (Date.now() > deadline)
        throw new Error(`receipts not awarded: ${JSON.stringify(rows.map((r) => [r.receipt, r.note]))}`);
      await new Promise((r) => setTimeout(r, 200));
      rows = await ledger();
    }
    expect(rows).toHaveLength(TASKS);
    expect(rows.map((r) => r.taskId)).toEqual([...served].reverse());
    expect(node.directory!.state.awards.filter((a) => a.outcome === 'accepted')).toHaveLength(TASKS);
    const awardedSum = rows.reduce((s, r) => s + (r.awarded ?? 0), 0);
    expect(awardedSum).toBeGreaterThan(0);

    // The directory's books, read now (the page shows them as of this sync).
    const synced = await node.callOk<NodeSnapshot>('syncEarnings');
    expect(synced.earnings.syncError).toBeNull();
    expect(synced.earnings.asOf).not.toBeNull();
    expect(synced.earnings.balance).toBeCloseTo(balanceOf(node.directory!.state, nodeId), 6);
    const report = await node.callOk<EarningsReport>('getEarnings', { days: 7 });
    const today = report.perDay[report.perDay.length - 1]!;
    expect(report.perDay).toHaveLength(7);
    expect(report.totals.jobs).toBe(TASKS);
    expect(report.totals.awarded).toBeCloseTo(awardedSum, 5);
    expect(today.awarded).toBeCloseTo(awardedSum, 5);

    const page = await openPage('Earnings');
    try {
      // Totals: awarded as the engine counts it, nothing pending, rejected or expired; each explained on focus.
      const totals = page.getByTestId('earnings-totals');
      await expect
        .poll(() => numberAttr(page, 'earnings-awarded', 'data-value'), { timeout: 15_000 })
        .toBeCloseTo(report.totals.awarded, 6);
      expect(await totals.getAttribute('data-days')).toBe('7');
      expect(await numberAttr(page, 'earnings-pending', 'data-value')).toBe(0);
      expect(await numberAttr(page, 'earnings-rejected', 'data-count')).toBe(0);
      expect(await numberAttr(page, 'earnings-expired', 'data-count')).toBe(0);
      expect(await totals.textContent()).toContain(`${TASKS} tasks served`);
      const awardedTip = page.getByTestId('earnings-awarded').getByRole('button', { name: 'What "Awarded" means' });
      await awardedTip.focus();
      const tipId = (await awardedTip.getAttribute('aria-describedby'))!;
      const tip = page.locator(`[id="${tipId}"]`);
      expect(await tip.getAttribute('role')).toBe('tooltip');
      await expect.poll(() => tip.isVisible()).toBe(true);
      expect(await tip.textContent()).toMatch(/accepted the receipt/);
      await page.keyboard.press('Escape');
      await expect.poll(() => tip.isVisible()).toBe(false);

      // The chart: one bar per local day, today's with the credits, in the engine's time zone.
      const chart = page.getByTestId('earnings-chart');
      await expect.poll(() => chart.getByTestId('earnings-bar').count()).toBe(7);
      const todayBar = chart.locator(`[data-testid="earnings-bar"][data-day="${today.day}"]`);
      expect(Number(await todayBar.getAttribute('data-awarded'))).toBeCloseTo(today.awarded, 6);
      expect(Number(await todayBar.getAttribute('data-jobs'))).toBe(TASKS);
      expect(await todayBar.locator('rect[data-series="awarded"]').count()).toBe(1);
      expect(await page.getByTestId('earnings-timezone').textContent()).toContain(report.timeZone.replace(/_/g, ' '));

      // Per model.
      const modelRow = page
        .getByTestId('earnings-models')
        .locator(`[data-testid="earnings-model-row"][data-model="${MODEL}"]`);
      expect(await modelRow.getAttribute('data-jobs')).toBe(String(TASKS));

      // The directory's books as of the sync above.
      const balance = page.getByTestId('earnings-balance');
      await expect.poll(() => balance.getAttribute('data-known')).toBe('true');
      expect(Number(await balance.getAttribute('data-value'))).toBeCloseTo(synced.earnings.balance!, 6);
      expect(await page.getByTestId('earnings-asof').textContent()).toMatch(/^As of /);
      expect(await page.getByTestId('earnings-asof').locator('time').first().getAttribute('datetime')).toBe(
        synced.earnings.asOf,
      );
      expect(await page.getByTestId('earnings-reputation').getAttribute('data-probation')).toBe('true');
      expect(
        await page.getByTestId('earnings-transactions').getByTestId('earnings-transaction').count(),
      ).toBeGreaterThan(0);

      // The job history: the first page, newest first, all awarded; then the older tasks.
      const ledgerRows = page.getByTestId('ledger-table').getByTestId('ledger-row');
      await expect.poll(() => ledgerRows.count()).toBe(50);
      expect(await ledgerRows.first().getAttribute('data-task-id')).toBe(served[served.length - 1]);
      expect(
        new Set(
          await ledgerRows.evaluateAll((trs: { getAttribute(name: string): string | null }[]) =>
            trs.map((tr) => tr.getAttribute('data-receipt')),
          ),
        ),
      ).toEqual(new Set(['awarded']));
      expect(await ledgerRows.first().textContent()).toContain(MODEL);
      await checkLayoutAndShoot(page, 'earnings');

      await page.getByTestId('ledger-more').click();
      await expect.poll(() => ledgerRows.count()).toBe(TASKS);
      expect(await ledgerRows.last().getAttribute('data-task-id')).toBe(served[0]);
      expect(await page.getByTestId('ledger-more').count()).toBe(0);

      // Filters: by receipt state and by model.
      await page.getByTestId('ledger-filter-receipt').selectOption('rejected');
      await expect.poll(() => page.getByTestId('ledger-empty').textContent()).toMatch(/No task matches the filter/);
      expect(await ledgerRows.count()).toBe(0);
      await page.getByTestId('ledger-filter-receipt').selectOption('awarded');
      await expect.poll(() => ledgerRows.count()).toBe(50);
      await page.getByTestId('ledger-filter-model').selectOption(MODEL);
      await expect.poll(() => ledgerRows.count()).toBe(50);
      await page.getByTestId('ledger-filter-receipt').selectOption('');
      await page.getByTestId('ledger-filter-model').selectOption('');
      await expect.poll(() => ledgerRows.count()).toBe(50);

      // CSV export: a download named by the engine, holding every row, its columns separated as the person chose.
      await page.getByTestId('earnings-export-separator').selectOption(',');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('earnings-export').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^iicp-ledger-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = readFileSync((await download.path())!, 'utf8');
      const lines = csv.trim().split(/\r?\n/);
      expect(lines[0]).toMatch(/^"task_id",/);
      expect(lines).toHaveLength(TASKS + 1);
      for (const id of served) expect(csv).toContain(id);
      expect(lines.slice(1).filter((l) => l.split(',').includes('"awarded"'))).toHaveLength(TASKS);
      await expect
        .poll(() => page.getByTestId('earnings-export-status').textContent())
        .toContain(`${TASKS} tasks exported as ${download.suggestedFilename()}`);

      // The range switch: 30 days of bars, today's still the last.
      await page.getByTestId('earnings-range').getByText('30 days').click();
      await expect.poll(() => page.getByTestId('earnings-bar').count()).toBe(30);
      expect(await page.getByTestId('earnings-totals').getAttribute('data-days')).toBe('30');
      expect(await page.getByTestId('earnings-bar').last().getAttribute('data-day')).toBe(today.day);
      await page.getByTestId('earnings-chart').scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('e2e', 'earnings-30-days.png') });

      // The dashboard: today's credits next to today's tasks.
      await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
      const credits = page.getByTestId('today-credits');
      await expect.poll(() => credits.getAttribute('data-known'), { timeout: 15_000 }).toBe('true');
      const snap = await node.callOk<NodeSnapshot>('getSnapshot');
      expect(Number(await credits.getAttribute('data-awarded'))).toBeCloseTo(snap.earnings.today.awarded, 6);
      expect(snap.earnings.today.awarded).toBeCloseTo(awardedSum, 5);
      expect((await page.getByTestId('today-jobs').textContent())!.trim()).toBe(String(TASKS));
      await page.getByTestId('today-credits').scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('e2e', 'earnings-dashboard.png') });
    } finally {
      await page.close();
    }
  });

  it('b. Pricing in plain words: what a task earns and why, one status, the model size, the rules behind a disclosure, a new price previewed, saved and earned', async () => {
    const nodeId = (await node.callOk<NodeSnapshot>('getSnapshot')).node.nodeId!;
    const before = await node.callOk<PricingInfo>('getPricing');
    expect(before.tier).toMatchObject({ name: '7b', weight: 1, model: MODEL });
    expect(before.ceiling).toBe(1);
    expect(before.schedule).not.toBeNull();

    const page = await openPage('Pricing');
    try {
      // First words: what a task of 1000 tokens earns and why; one status for the price; the model size in words.
      const lead = page.getByTestId('pricing-lead');
      await expect
        .poll(() => words(lead), { timeout: 15_000 })
        .toBe('A task of 1,000 tokens earns you 1 credit, the network’s base rate.');
      expect(await numberAttr(page, 'pricing-lead', 'data-earns')).toBe(1);
      const status = page.getByTestId('pricing-status');
      await expect.poll(() => status.getAttribute('data-kind'), { timeout: 20_000 }).toBe('confirmed');
      expect(await words(status)).toBe('Confirmed by the directory');
      const charge = page.getByTestId('pricing-charge');
      expect(await charge.locator('[data-tone]').count()).toBe(1);
      expect(await words(page.getByTestId('pricing-model-size'))).toBe(`up to 10 billion parameters (${MODEL})`);
      expect(await words(page.getByTestId('pricing-declared'))).toBe('1 × the base rate');
      expect(await words(page.getByTestId('pricing-size-limit'))).toBe('3 × the base rate');

      // No formula, weight or tier name on show until "How is this worked out?" opens; no "1 credits" anywhere.
      const how = page.getByTestId('pricing-how');
      const schedule = page.getByTestId('pricing-schedule');
      expect(await schedule.isVisible()).toBe(false);
      const shown = await page.locator('main').innerText();
      expect(shown).not.toMatch(/min\(|ceil\(|tier_weight|tier weight|weight|Tier 7B/i);
      expect(shown).not.toMatch(/(^|[^\d.,])1\s+credits/);
      await how.getByText('How is this worked out?').click();
      await expect.poll(() => schedule.isVisible()).toBe(true);
      // The directory's own formula is there for the curious, behind its label.
      await page.getByTestId('pricing-directory-formula').locator('summary').click();
      const rules = (await how.innerText()).replace(/\u00a0/g, ' ');
      expect(rules).toContain(
        'It claims 1 credit for every 1,000 tokens the task used, but never more than 1 credit for each started 1,000 tokens',
      );
      expect(rules).toContain(
        'For example, a task of 1,500 tokens claims 1.5 credits, and one of 300 tokens claims 0.3 credits.',
      );
      expect(rules).toContain(before.schedule!.formula);
      expect(rules).not.toMatch(/(^|[^\d.,])1\s+credits/);
      expect(await schedule.getAttribute('data-fetched')).toBe('true');
      expect(await page.locator('[data-testid="pricing-tier-row"][data-tier="7b"]').getAttribute('aria-current')).toBe(
        'true',
      );
      await checkThemesAndShoot(page, 'pricing-base-rate');
      await how.getByText('How is this worked out?').click();
      await expect.poll(() => schedule.isVisible()).toBe(false);
      const historyRows = page.getByTestId('pricing-history').getByTestId('pricing-history-row');
      const historyBefore = await historyRows.count();
      expect(historyBefore).toBeGreaterThan(0);

      // A new price, previewed in words before it is saved: above the size limit the node declares the limit.
      const multiplier = page.getByTestId('pricing-multiplier');
      const preview = page.getByTestId('pricing-preview');
      expect(await multiplier.inputValue()).toBe('1');
      expect(await preview.getAttribute('data-exceeded')).toBe('false');
      // The hint's examples and the preview agree: 1.5 × earns what 1 × does.
      const hintId = (await multiplier.getAttribute('aria-describedby'))!
        .split(' ')
        .find((id) => id.endsWith('-hint'))!;
      expect(await words(page.locator(`[id="${hintId}"]`))).toContain(
        'A task of 1,000 tokens earns 1 credit at 1 ×, 0.5 credits at 0.5 ×, and still 1 credit at 1.5 ×: a receipt never claims more than the tokens used',
      );
      await multiplier.fill('1.5');
      await expect
        .poll(() => words(preview))
        .toMatch(/^At 1\.5 × a task of 1,000 tokens would earn 1 credit — the same as now/);
      await multiplier.fill('5');
      await expect.poll(() => preview.getAttribute('data-exceeded')).toBe('true');
      expect(await words(preview)).toBe(
        'At 5 × your price is above the most the directory keeps for your model size, 3 ×, so your node declares 3 ×. A task of 1,000 tokens would earn 1 credit — the same as now.',
      );
      await checkLayoutAndShoot(page, 'pricing-over-limit');

      // Values the directory could not take are refused at the field, in words; nothing is saved.
      await multiplier.fill('1.23456');
      await page.getByTestId('pricing-save').click();
      await expect.poll(() => multiplier.getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('pricing-form').innerText()).toContain(
        'Use at most 4 digits after the point, for example 1.2345.',
      );
      await multiplier.fill('-3');
      await page.getByTestId('pricing-save').click();
      await expect.poll(() => page.getByTestId('pricing-form').innerText()).toContain('A price cannot be below 0.');
      expect((await node.callOk<Settings>('getSettings')).creditCostMultiplier).toBe(1);

      // The billing sits under Advanced; then 2.5 × is previewed and saved.
      await page.getByText('Advanced', { exact: true }).click();
      expect(await page.getByTestId('pricing-model').inputValue()).toBe('per_token');
      await multiplier.fill('2.5');
      await expect
        .poll(() => words(preview))
        .toBe(
          'At 2.5 × a task of 1,000 tokens would earn 1 credit — the same as now: receipts are counted per 1,000 tokens used, so a price above 1 × does not raise what a task pays. Consumers who compare prices may prefer cheaper nodes.',
        );
      expect(await preview.getAttribute('data-exceeded')).toBe('false');
      await page.getByTestId('pricing-save').click();
      await expect.poll(() => page.getByTestId('pricing-save-status').textContent()).toMatch(/^Saved/);
      expect((await node.callOk<Settings>('getSettings')).creditCostMultiplier).toBe(2.5);
      await expect.poll(() => historyRows.count(), { timeout: 15_000 }).toBeGreaterThan(historyBefore);
      expect(await historyRows.first().getAttribute('data-multiplier')).toBe('2.5');

      // The next heartbeat carries the signed price; once the directory holds it, the page says so in one status, and
      // the lead says why 2.5 × still earns 1 credit for 1000 tokens.
      await expect
        .poll(() => node.directory!.state.nodes[nodeId]?.pricing.credit_cost_multiplier, { timeout: 20_000 })
        .toBe(2.5);
      expect(node.directory!.state.nodes[nodeId]!.pricing.attested).toBe(true);
      await expect
        .poll(() => words(lead), { timeout: 20_000 })
        .toBe(
          'A task of 1,000 tokens earns you 1 credit. You asked for 2.5 × the base rate, but receipts are counted per 1,000 tokens used, so asking more than 1 × does not raise what a task pays today.',
        );
      await expect.poll(() => status.getAttribute('data-kind'), { timeout: 20_000 }).toBe('confirmed');
      expect(await charge.locator('[data-tone]').count()).toBe(1);
      expect((await node.callOk<PricingInfo>('getPricing')).directoryMultiplier).toBe(2.5);

      // What the lead says is what the receipts claim: a task served now claims its tokens / 1000, not 2.5 times that.
      const taskId = await serveChatTask();
      const claimed = await eventually(async () => {
        const row = (await ledger(5)).find((r) => r.taskId === taskId);
        expect(row?.receipt).toBe('awarded');
        return row!;
      }, 30_000);
      expect(claimed.tokens).toBeGreaterThan(0);
      expect(claimed.claimed).toBe(claimed.tokens! / 1000);
      expect(claimed.awarded).toBe(claimed.claimed);

      await how.getByText('How is this worked out?').click();
      await expect
        .poll(async () => (await how.innerText()).replace(/\u00a0/g, ' '))
        .toContain('At 2.5 × that limit is never reached, so a task earns exactly its tokens divided by 1,000.');
      await checkThemesAndShoot(page, 'pricing');
    } finally {
      await page.close();
    }
  });

  it('c. directory stopped: a new task is pending, and Sync now keeps the last known balance with its time and the error, never 0', async () => {
    const before = (await node.callOk<NodeSnapshot>('getSnapshot')).earnings;
    expect(before.balance).not.toBeNull();
    expect(before.asOf).not.toBeNull();
    await node.directory!.close();

    // Served while the directory is away: the receipt waits in the outbox, the credits are pending.
    const taskId = await serveChatTask();
    const waiting = await snapshotWhere(
      (s) => s.earnings.outbox === 1 && s.earnings.today.pending > 0,
      'a pending receipt',
    );

    const page = await openPage('Earnings');
    try {
      await expect
        .poll(() => numberAttr(page, 'earnings-pending', 'data-value'), { timeout: 15_000 })
        .toBeCloseTo(waiting.earnings.today.pending, 6);
      const row = page.getByTestId('ledger-table').locator(`[data-testid="ledger-row"][data-task-id="${taskId}"]`);
      await expect.poll(() => row.getAttribute('data-receipt')).toBe('claimed');
      expect(await page.getByTestId('earnings-outbox').textContent()).toMatch(/1 receipt is waiting/);

      await page.getByTestId('earnings-sync').click();
      const error = page.getByTestId('earnings-sync-error');
      await error.waitFor({ timeout: 15_000 });
      expect(await error.textContent()).toMatch(/The last sync failed/);
      const snap = await node.callOk<NodeSnapshot>('getSnapshot');
      expect(snap.earnings.syncError).toMatch(/cannot be reached/);
      // The engine lists each call that failed; the page says it once, with the engine's words in the tooltip.
      expect(await error.textContent()).toMatch(
        /The last sync failed: Could not read your .+: the directory cannot be reached\b/,
      );
      expect(await error.locator('[title]').first().getAttribute('title')).toBe(snap.earnings.syncError);

      // The last known values, with the time they are from: not 0, not blank.
      expect(snap.earnings.balance).toBe(before.balance);
      expect(snap.earnings.asOf).toBe(before.asOf);
      const balance = page.getByTestId('earnings-balance');
      expect(await balance.getAttribute('data-known')).toBe('true');
      expect(Number(await balance.getAttribute('data-value'))).toBeCloseTo(before.balance!, 6);
      expect((await balance.textContent())!.trim()).not.toMatch(/^0\b/);
      const asOf = page.getByTestId('earnings-asof');
      expect(await asOf.textContent()).toMatch(/^As of /);
      expect(await asOf.locator('time').first().getAttribute('datetime')).toBe(before.asOf);
      expect(await page.getByTestId('earnings-books').getAttribute('data-sync-error')).toBe('true');
      await checkLayoutAndShoot(page, 'earnings-directory-down');
    } finally {
      await page.close();
    }
  });
});
