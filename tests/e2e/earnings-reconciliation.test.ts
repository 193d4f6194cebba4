/**
 * The books against the production directory's rules, in the built headless host and Chromium:
 *
 *  a. Pricing: a `qwen2.5:0.5b` node declared at 1.0 is capped to 0.15 (3 × the sub-1B weight 0.05); the node
 *     declares 0.15 itself, heartbeats never set it back to 1.0 (production applies heartbeat pricing without the
 *     cap), and the page says a task of 1000 tokens earns 0.15 credits, lowered by the directory for the model's size;
 *  b. Earnings: one receipt awarded, one rejected for a reason the person can fix (the directory holds another
 *     signing key: IICP-E027 HMAC), and the day's reconciliation shows claimed, awarded, rejected, the difference
 *     and what to do — in exact decimals; the directory's transaction list (decimal strings) lists the award, and
 *     today, not over yet, has no figure from that short list.
 */
import { english } from '@shared/i18n/say';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EarningsReport, LedgerRow, NodeSnapshot, PricingInfo } from '@shared/contract';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { checkLayoutAndShoot, WIDE } from '../support/page-layout';
import { checkThemesAndShoot } from '../support/theme-shots';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const MODEL = 'qwen2.5:0.5b';

let node: E2eNode;
let taskPort: number;
let nodeId: string;

async function serve(): Promise<string> {
  const taskId = randomUUID();
  const res = await fetch(`http://127.0.0.1:${taskPort}/v1/task`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      task_id: taskId,
      intent: CHAT,
      payload: { model: MODEL, messages: [{ role: 'user', content: 'Count to five.' }] },
    }),
  });
  expect(res.status, await res.text()).toBe(200);
  return taskId;
}

async function settled(taskId: string): Promise<LedgerRow> {
  return eventually(async () => {
    const row = (await node.callOk<LedgerRow[]>('listLedger', { limit: 50 })).find((r) => r.taskId === taskId);
    expect(row?.receipt).toMatch(/^(awarded|rejected)$/);
    return row!;
  }, 30_000);
}

async function openPage(name: 'Earnings' | 'Pricing'): Promise<Page> {
  const page = await node.browser.newPage({ viewport: WIDE, colorScheme: 'light' });
  await page.goto(node.host.url);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 15_000 });
  return page;
}

beforeAll(async () => {
  taskPort = await freePort();
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-reconcile-',
    backend: { flavour: 'ollama', models: [MODEL] },
    directory: { routabilityCheck: false, livenessProbe: true, heartbeatIntervalMs: 1_000 },
    env: {
      IICP_PORT: String(taskPort),
      IICP_PUBLIC_ENDPOINT: `http://127.0.0.1:${taskPort}`,
      IICP_ALLOW_PRIVATE_ENDPOINT: '1',
    },
  });
  const registered = await eventually(async () => {
    const s = await node.callOk<NodeSnapshot>('getSnapshot');
    expect(s.directory.link).toBe('registered');
    return s;
  }, 30_000);
  nodeId = registered.node.nodeId!;
});

afterAll(async () => {
  expect(await node?.stop()).toBe(0);
});

describe('books against the production directory (Chromium, 1280×800)', () => {
  it('a. a small model declared at 1.0: the directory holds 0.15 (capped), and heartbeats keep it there', async () => {
    const dir = node.directory!;
    const held = () => dir.state.nodes[nodeId]!.pricing.credit_cost_multiplier;
    expect(held()).toBe(0.15);
    // Several heartbeats later, still capped: the node never re-sends an uncapped declaration (the directory would
    // apply a declared multiplier without the tier cap).
    const beats = dir.state.heartbeats.length;
    await eventually(() => expect(dir.state.heartbeats.length).toBeGreaterThan(beats + 2), 15_000);
    expect(held()).toBe(0.15);
    expect(
      dir.state.heartbeats.every(
        (b) => (b.body as { pricing?: { credit_cost_multiplier?: number } }).pricing?.credit_cost_multiplier !== 1,
      ),
    ).toBe(true);

    await node.callOk('syncEarnings');
    const p = await node.callOk<PricingInfo>('getPricing');
    expect(p).toMatchObject({
      declared: { multiplier: 1 },
      ceiling: 0.15,
      capped: true,
      directoryMultiplier: 0.15,
      declarationAccepted: true,
    });
    expect(p.directory).toMatchObject({ listed: true, multiplier: 0.15 });

    const page = await openPage('Pricing');
    try {
      // 0.15 credits for 1000 tokens, the reason (the model's size) in the same sentence, and one status saying so.
      const words = async (testId: string) =>
        ((await page.getByTestId(testId).textContent()) ?? '').replace(/\u00a0/g, ' ').trim();
      await expect
        .poll(() => page.getByTestId('pricing-status').getAttribute('data-kind'), { timeout: 15_000 })
        .toBe('lowered');
      expect(await words('pricing-status')).toBe('The directory lowered it to 0.15 × because of your model size');
      expect(await words('pricing-lead')).toBe(
        `A task of 1,000 tokens earns you 0.15 credits. Your largest model, ${MODEL}, has under 1 billion parameters, and for that size the directory allows at most 0.15 × the base rate (you asked for 1 ×).`,
      );
      expect(await words('pricing-model-size')).toBe(`under 1 billion parameters (${MODEL})`);
      expect(await page.getByTestId('pricing-charge').locator('[data-tone]').count()).toBe(1);
      await page.getByText('How is this worked out?').click();
      await expect
        .poll(async () => (await page.getByTestId('pricing-how').innerText()).replace(/\u00a0/g, ' '))
        .toContain('At 0.15 × the limit counts: each started 1,000 tokens earn at most 0.15 credits');
      await checkThemesAndShoot(page, 'pricing-directory-capped');
    } finally {
      await page.close();
    }
  });

  it("b. the day's reconciliation: an awarded and a rejected receipt, the difference, and what to do", async () => {
    const dir = node.directory!;
    const good = await settled(await serve());
    expect(good).toMatchObject({ receipt: 'awarded' });

    // The directory holds another signing key for the node (as after a lost re-registration): E027, fixable.
    const record = dir.state.nodes[nodeId]!;
    const key = record.hmacKey;
    record.hmacKey = 'f'.repeat(64);
    let bad: LedgerRow;
    try {
      bad = await settled(await serve());
    } finally {
      record.hmacKey = key;
    }
    expect(bad).toMatchObject({ receipt: 'rejected', note: expect.stringMatching(/^IICP-E027: .*HMAC/) });

    await node.callOk('syncEarnings');
    const report = await node.callOk<EarningsReport>('getEarnings', { days: 7 });
    // The directory's list: amounts as exact decimal strings, the award credited (task_id null in production).
    expect(
      report.transactions.some(
        (t) => t.type === 'credit' && t.reason === 'task_completion' && t.amount === String(good.awarded),
      ),
    ).toBe(true);
    const today = report.reconciliation[report.reconciliation.length - 1]!;
    const claimed = (good.claimed ?? 0) + (bad.claimed ?? 0);
    expect(Number(today.claimed)).toBeCloseTo(claimed, 6);
    expect(today.awarded).toBe(String(good.awarded));
    expect(today.rejected).toBe(String(bad.claimed));
    expect(today.difference).toBe(String(bad.claimed));
    expect(today.pending).toBe('0');
    // The directory's list holds its 20 newest rows only: today, not over yet, gets no figure from it (blank, not 0).
    expect(today.directoryCredited).toBeNull();
    expect(today.reasons).toEqual([expect.objectContaining({ code: 'IICP-E027', count: 1 })]);
    expect(english.said(today.reasons[0]!.advice!)).toMatch(/signing key/);

    const page = await openPage('Earnings');
    try {
      const row = page.getByTestId('reconciliation-day').first();
      await row.waitFor({ timeout: 15_000 });
      expect(await row.getAttribute('data-claimed')).toBe(today.claimed);
      expect(await row.getAttribute('data-awarded')).toBe(today.awarded);
      expect(await row.getAttribute('data-difference')).toBe(today.difference);
      const directoryCell = row.getByTestId('reconciliation-directory');
      expect(await directoryCell.getAttribute('data-listed')).toBe('false');
      expect((await directoryCell.textContent())!.trim()).toBe('');
      const reason = page.getByTestId('reconciliation-reason').first();
      expect(await reason.textContent()).toMatch(/1 rejected .*HMAC.*What to do: .*signing key/s);
      await page.getByTestId('earnings-reconciliation').scrollIntoViewIfNeeded();
      await checkLayoutAndShoot(page, 'earnings-reconciliation');
    } finally {
      await page.close();
    }
  });
});
