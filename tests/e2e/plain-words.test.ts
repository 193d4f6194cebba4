/**
 * One fact, one wording, on the pages of a real node (the built headless host, a fake Ollama, the test directory, the
 * node's own task port as its public URL), in Chromium at 1280×800:
 *
 *  a. Network, Pricing and Earnings say in words what they used to show as wire values or formulas; those stay
 *     only behind a "for the curious" label, and the directory's formula never shows as an empty quotation.
 *  b. The directory's public routes answer 404 (its list does not show the node): "Check my node" says what its
 *     directory row says — not listed, not "could not reach" — and "Why am I not getting tasks?" does not read the
 *     404 of the search as "not found", and says the standing and the price status as Earnings and Pricing do.
 *
 * Each page is shot to SHOT_DIR (default test-artifacts/e2e) as `<item>-<SHOT_PHASE>-<page>.png` before the words are
 * checked, so the same file run on an older build gives the "before" pictures.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSnapshot } from '@shared/contract';
import { artifactPath } from '../support/browser';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { WIDE } from '../support/page-layout';

const MODEL = 'qwen2.5:7b';
const CHAT = 'urn:iicp:intent:llm:chat:v1';
const PHASE = process.env.SHOT_PHASE ?? 'after';

let node: E2eNode;

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
      throw new Error(`timed out waiting for ${what}; directory: ${JSON.stringify(s.directory)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The whole page (the shell scrolls inside <main>), as `<item>-<phase>-<what>.png`. */
async function shoot(page: Page, item: number, what: string): Promise<void> {
  const name = `${item}-${PHASE}-${what}.png`;
  const dir = process.env.SHOT_DIR;
  if (dir) mkdirSync(dir, { recursive: true });
  const viewport = page.viewportSize()!;
  const height = await page.locator('main').evaluate((m: { scrollHeight: number }) => m.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(height)) });
  await page.screenshot({ path: dir ? join(dir, name) : artifactPath('e2e', name) });
  await page.setViewportSize(viewport);
}

async function open(route: string, ready: string): Promise<Page> {
  const page = await node.browser.newPage({ viewport: WIDE, colorScheme: 'light' });
  await page.goto(node.host.url);
  if (route !== 'Dashboard') await page.getByRole('link', { name: route, exact: true }).click();
  await page.getByTestId(ready).first().waitFor({ timeout: 15_000 });
  return page;
}

const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).first().innerText()) ?? '').replace(/\u00a0/g, ' ');

beforeAll(async () => {
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-words-',
    backend: { flavour: 'ollama', models: [MODEL] },
    // No active probe: the directory lists the node without having confirmed its route (as production at first).
    directory: { routabilityCheck: false, livenessProbe: true, activeProbeIntervalMs: null },
    env: { IICP_ALLOW_PRIVATE_ENDPOINT: '1' },
  });
  const first = await snapshotWhere((s) => s.reachability.taskPort !== null, 'the task port');
  await node.callOk('updateSettings', { publicEndpoint: `http://127.0.0.1:${first.reachability.taskPort}` });
  await snapshotWhere(
    (s) => s.directory.link === 'registered' && s.reachability.status === 'public' && s.backend.status === 'healthy',
    'registration',
  );
  // One served task, so the Earnings page has a day of claims to show.
  const res = await fetch(`http://127.0.0.1:${first.reachability.taskPort}/v1/task`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      task_id: randomUUID(),
      intent: CHAT,
      payload: { model: MODEL, messages: [{ role: 'user', content: 'hi' }] },
    }),
  });
  expect(res.status, await res.text()).toBe(200);
  await snapshotWhere(
    (s) => s.earnings.today.jobs >= 1 && s.earnings.reputationScore !== null,
    'the served task and the standing',
  );
}, 90_000);

afterAll(async () => {
  await node?.stop();
}, 30_000);

describe('plain words on the main screens', () => {
  it('a. Network: what the node told the directory, in a sentence; the wire values only for the curious', async () => {
    const page = await open('Network', 'network-advertised');
    try {
      await shoot(page, 11, 'network');
      const line = await text(page, 'network-advertised');
      expect(line).toMatch(
        /^Told the directory: consumers connect directly to the node's address, at a public IPv4 address\./,
      );
      const values = page.getByTestId('network-advertised-values');
      expect(await values.evaluate((d: { open?: boolean }) => d.open)).toBe(false);
      expect(line).not.toMatch(/ipv4_public_direct/);
      await values.locator('summary').click();
      expect(await values.innerText()).toMatch(/exposure_mode\s*ipv4_public_direct/);
    } finally {
      await page.close();
    }
  });

  it('a. Pricing: every row of the schedule explained, formulas behind a label, never an empty quotation', async () => {
    const page = await open('Pricing', 'pricing-how');
    try {
      await page.getByTestId('pricing-how').locator('summary').first().click();
      await page.getByTestId('pricing-schedule').waitFor();
      await shoot(page, 11, 'pricing');
      const how = await text(page, 'pricing-how');
      expect(how).not.toMatch(/writes it as/);
      expect(how).not.toMatch(/credits = min\(/);
      expect(await text(page, 'pricing-rows-note')).toMatch(
        /For under 1 billion parameters: weight 0\.05 × price 0\.15 \(your 1 ×, lowered for that size\) = 0\.0075 credits for 1,000 tokens\./,
      );
      const formula = page.getByTestId('pricing-formula');
      await formula.locator('summary').click();
      expect(await formula.innerText()).toMatch(/credits = min\(/);
    } finally {
      await page.close();
    }
  });

  it('a. Earnings: the difference and a credit in words, and probation without "once it is registered"', async () => {
    const page = await open('Earnings', 'earnings-reputation');
    try {
      await page.getByTestId('earnings-reconciliation').waitFor({ timeout: 15_000 });
      await shoot(page, 11, 'earnings');
      const main = (await page.locator('main').innerText()).replace(/\u00a0/g, ' ');
      expect(main).not.toMatch(/claimed − awarded − waiting|Difference =/);
      expect(main).not.toMatch(/output tokens/);
      expect(main).not.toMatch(/once it is\s+registered/);
      expect(await text(page, 'earnings-difference-note')).toMatch(
        /^Difference is what your node claimed and will not be paid/,
      );
    } finally {
      await page.close();
    }
  });

  it('b. not listed by the directory: the check says so in its own words, and "why" agrees with Earnings and Pricing', async () => {
    // The directory's public routes answer 404, as for a node it does not list (its registry entry, its search).
    node.directory!.fail({
      status: 404,
      body: { error: 'REGISTRY-NODE-NOT-FOUND', message: 'No active node found for this prefix.' },
      routes: ['public'],
    });
    const page = await open('Dashboard', 'node-check');
    try {
      await page.getByTestId('node-check').click();
      const report = page.getByTestId('node-check-report');
      await report.waitFor({ timeout: 30_000 });
      await page.getByTestId('why-check').click();
      await page.getByTestId('why-report').waitFor({ timeout: 30_000 });
      await shoot(page, 4, 'dashboard');

      const summary = (await report.locator('p').first().innerText()).replace(/\u00a0/g, ' ');
      expect(await text(page, 'node-check-directory')).toMatch(/does not list this node right now/);
      expect(summary).toMatch(/the directory does not list the node right now/);
      expect(summary).not.toMatch(/could not reach/);
      expect(await text(page, 'directory-link')).not.toMatch(/consumers can find your node/);

      // A 404 on the search is not "consumers do not find your node".
      expect(await page.getByTestId('why-discoverable').getAttribute('data-outcome')).toBe('unknown');
      expect(await text(page, 'why-discoverable')).not.toMatch(/do not find/);
      // The standing as Earnings shows it, the price status as Pricing shows it.
      const snap = await node.callOk<NodeSnapshot>('getSnapshot');
      const standing = await text(page, 'why-standing');
      expect(standing).not.toMatch(/no standing/);
      if (snap.earnings.probation !== true)
        expect(standing).toContain(`Reputation ${snap.earnings.reputationScore!.toFixed(2)}`);
      else expect(standing).toMatch(/Your node is new/);
      const price = await text(page, 'why-price');
      expect(price).not.toMatch(/not confirmed/);
      await page.getByRole('link', { name: 'Pricing', exact: true }).click();
      const status = (await text(page, 'pricing-status')).trim();
      expect(price).toContain(status.replace(/ ×/g, '×'));
    } finally {
      node.directory!.fail(null);
      await page.close();
    }
  });
});
