/**
 * The requests feed on the dashboard of a real node (the built headless host, a slow fake Ollama, two slots), in
 * Chromium at 900×600: a burst of tasks is partly served and partly turned away, one asks for a model the node does
 * not offer; the counters, the advice with its link, the table (and "Show more") say exactly that, in words, with the
 * wire codes only behind "Details". Then "Why am I not getting tasks?" says what holds the node back.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeSnapshot } from '@shared/contract';
import { artifactPath, overflowingElements } from '../support/browser';
import { midTokenBreaks } from '../support/page-layout';
import { startE2eNode, type E2eNode } from '../support/e2e-node';
import { freePort } from '../support/free-port';

const CHAT = 'urn:iicp:intent:llm:chat:v1';
const MODEL = 'qwen2.5:7b';
const BURST = 12;

let node: E2eNode;
let taskPort: number;

async function snapshot(): Promise<NodeSnapshot> {
  return node.callOk<NodeSnapshot>('getSnapshot');
}

async function snapshotWhere(pred: (s: NodeSnapshot) => boolean, timeoutMs = 15_000): Promise<NodeSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await snapshot();
    if (pred(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out; last snapshot: ${JSON.stringify(s.requests)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A task sent from `from` (another loopback address is another consumer to the node); its status and error code. */
function postTask(
  payload: Record<string, unknown> = {},
  from = '127.0.0.1',
): Promise<{ status: number; code: string | null }> {
  const body = JSON.stringify({
    task_id: randomUUID(),
    intent: CHAT,
    payload: { messages: [{ role: 'user', content: 'hi' }], ...payload },
  });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: taskPort,
        path: '/v1/task',
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        localAddress: from,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error?: { code?: string } };
          resolve({ status: res.statusCode ?? 0, code: json.error?.code ?? null });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  taskPort = await freePort();
  node = await startE2eNode({
    dataPrefix: 'iicp-e2e-requests-',
    backend: { flavour: 'ollama', models: [MODEL], latencyMs: 1_500 },
    // A directory on this machine (the node has no way in, so it does not register): nothing reaches the internet.
    directory: { routabilityCheck: false, livenessProbe: false },
    env: { IICP_PORT: String(taskPort) },
  });
});

afterAll(async () => {
  expect(await node?.stop()).toBe(0);
});

describe('requests feed on the dashboard (Chromium, 900×600)', () => {
  it('shows a burst with refusals in the counters, the advice, the table and its details', async () => {
    await snapshotWhere((s) => s.backend.status === 'healthy');
    // Two consumers (one alone holds at most one of the two slots): each starts a task, then both send the rest of the
    // burst while those run.
    const from = (i: number) => `127.0.0.${2 + (i % 2)}`;
    const first = [postTask({}, from(0)), postTask({}, from(1))];
    await expect.poll(() => node.backend.inFlight).toBe(2);
    const burst = await Promise.all([...first, ...Array.from({ length: BURST - 2 }, (_, i) => postTask({}, from(i)))]);
    const served = burst.filter((a) => a.status === 200).length;
    const turnedAway = burst.filter((a) => a.status === 429).length;
    expect(served).toBeGreaterThan(0);
    expect(turnedAway).toBeGreaterThan(0);
    expect(served + turnedAway).toBe(BURST);
    expect(await postTask({ model: 'llama3:70b' })).toEqual({ status: 404, code: 'IICP-E029' });
    const snap = await snapshotWhere((s) => s.requests.served + s.requests.refused === BURST + 1);
    expect([snap.requests.served, snap.requests.refused, snap.requests.failed]).toEqual([served, turnedAway + 1, 0]);

    const page = await node.browser.newPage({ viewport: { width: 900, height: 600 }, colorScheme: 'light' });
    try {
      await page.goto(node.host.url);
      await expect
        .poll(() => page.getByTestId('requests-served').textContent(), { timeout: 15_000 })
        .toBe(String(served));
      expect(await page.getByTestId('requests-refused').textContent()).toBe(String(turnedAway + 1));
      expect(await page.getByTestId('requests-failed').textContent()).toBe('0');

      // The advice, in words, with where to act.
      const capacity = page.locator('[data-testid="requests-advice"][data-id="capacity"]');
      expect(await capacity.textContent()).toContain(
        `${turnedAway} turned away because all 2 slots were busy — raise Tasks at once in Settings.`,
      );
      expect(await capacity.getByRole('link', { name: 'Open Settings' }).getAttribute('href')).toBe('#/settings');
      expect(await page.locator('[data-testid="requests-advice"][data-id="unknown_model"]').textContent()).toContain(
        "1 asked for a model you don't offer. Models asked for: “llama3:70b”",
      );

      // The newest ten, newest first: the refused model on top.
      const rows = page.getByTestId('requests-table').getByTestId('request-row');
      await expect.poll(() => rows.count()).toBe(10);
      const top = rows.first();
      expect(await top.getAttribute('data-outcome')).toBe('refused');
      expect(await top.textContent()).toContain("Asked for a model you don't offer");
      expect(await top.textContent()).toContain('llama3:70b');
      expect(
        await page
          .getByTestId('requests-table')
          .locator('[data-outcome="refused"]', { hasText: 'All slots were busy' })
          .count(),
      ).toBeGreaterThan(0);

      // No wire code in sight until "Details" is opened.
      const card = page.locator('section', { has: page.getByTestId('requests-counters') });
      expect(await card.innerText()).not.toMatch(/IICP-|E021|429/);
      await page.getByTestId('requests-details').locator('summary').click();
      expect(await page.getByTestId('requests-details').innerText()).toContain('IICP-E021');
      await page.getByTestId('requests-details').locator('summary').click();

      // "Show more" pages through the rest; then there is nothing older.
      await page.getByTestId('requests-more').click();
      await expect.poll(() => rows.count()).toBe(BURST + 1);
      await expect.poll(() => page.getByTestId('requests-more').count()).toBe(0);
      const ids = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(new Set(ids).size).toBe(BURST + 1);

      expect(await overflowingElements(page)).toEqual([]);
      const toTop = (el: { scrollIntoView(o: { block: string }): void }) => el.scrollIntoView({ block: 'start' });
      await card.evaluate(toTop);
      await page.screenshot({ path: artifactPath('e2e', 'requests-feed.png') });

      // "Why am I not getting tasks?": not registered (no way in from the internet) holds it back, said first.
      await page.getByTestId('why-check').click();
      const report = page.getByTestId('why-report');
      await expect.poll(() => report.getAttribute('data-holding-back'), { timeout: 20_000 }).toBe('registered');
      expect(await page.getByTestId('why-verdict').textContent()).toMatch(/^What holds your node back: /);
      expect(await page.getByTestId('why-registered').getAttribute('data-outcome')).toBe('problem');
      expect(
        await page.getByTestId('why-registered').getByRole('link', { name: 'Open Network' }).getAttribute('href'),
      ).toBe('#/network');
      expect(await page.getByTestId('why-refusals').getAttribute('data-outcome')).toBe('problem');
      expect(await overflowingElements(page)).toEqual([]);
      await page.getByTestId('why-check').evaluate(toTop);
      await page.screenshot({ path: artifactPath('e2e', 'requests-feed-why.png') });

      // Both window sizes, both themes: nothing sticks out, no value breaks mid-token.
      for (const viewport of [
        { width: 900, height: 600 },
        { width: 1366, height: 768 },
      ]) {
        for (const theme of ['light', 'dark'] as const) {
          await page.setViewportSize(viewport);
          await page.emulateMedia({ colorScheme: theme });
          await expect.poll(() => page.evaluate<string>('document.documentElement.dataset.theme')).toBe(theme);
          expect(await overflowingElements(page)).toEqual([]);
          expect(await midTokenBreaks(page)).toEqual([]);
          await card.evaluate(toTop);
          await page.screenshot({ path: artifactPath('e2e', `requests-feed-${viewport.width}-${theme}.png`) });
        }
      }
    } finally {
      await page.close();
    }
  }, 90_000);
});
